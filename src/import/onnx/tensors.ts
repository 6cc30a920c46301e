// Reading what an ONNX file declares: initializers (and Constant-node tensors) checked against their dims,
// node attributes with their window ranges checked, and how messages name a node. Shared by the importer's
// passes (src/import/importOnnx.ts, src/import/onnx/*.ts).
import { ONNX_FLOAT, ONNX_INT64 } from '../../export/onnx/onnxProto';
import { ImportError, showValue } from '../importError';
import { checkedElementCount, formatCount, formatDims, IMPORT_LIMITS } from '../importLimits';
import type { OnnxConstant } from '../layerReaders';

export const damaged = (what: string, detail: string) =>
  new ImportError(`${what} ${detail}. Nothing was imported — the file was cut off or damaged; export the model again from the program that made it.`);

/** A number from a protobuf int64 (a Long or a number). */
export const int64 = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/** An initializer's values, or why they cannot be read: told only to a reader that asks for them. */
export type Initializer = OnnxConstant | { problem: ImportError };

/** TensorProto.DataLocation.EXTERNAL: the values are in another file. */
const ONNX_EXTERNAL = 1;
/** int64 initializers are pads, axes and indices: small; they become a JS array, so they get a tighter limit. */
const MAX_INT64_ELEMENTS = 2 ** 24;

/**
 * An initializer's dims checked (whole numbers ≥ 1, within the tensor limit) and its values checked against
 * them: float32 as raw_data of 4·n bytes or n float_data entries, int64 as 8·n bytes or n int64_data entries.
 * float32 raw_data stays a view of the file's bytes when aligned.
 */
export function readInitializer(t: any, what: string): Initializer {
  try {
    const rawDims: unknown[] = (t.dims ?? []).map(int64);
    if (t.dataLocation === ONNX_EXTERNAL)
      throw new ImportError(`${what} keeps its values in a separate file (ONNX external data), which CNN Studio does not read. Nothing was imported — save the model with its weights inside the .onnx file.`);
    if (t.dataType !== ONNX_FLOAT && t.dataType !== ONNX_INT64)
      throw new ImportError(`${what} has ONNX data type ${showValue(t.dataType)}; CNN Studio reads float32 and int64 tensors only. Nothing was imported — export the model with float32 weights (not quantised or float16).`);
    const n = checkedElementCount(what, rawDims, t.dataType === ONNX_INT64 ? MAX_INT64_ELEMENTS : IMPORT_LIMITS.maxTensorElements);
    const dims = rawDims as number[];
    const raw: Uint8Array | undefined = t.rawData?.length ? t.rawData : undefined;
    const width = t.dataType === ONNX_FLOAT ? 4 : 8;
    const listed: ArrayLike<unknown> = (t.dataType === ONNX_FLOAT ? t.floatData : t.int64Data) ?? [];
    const held = raw ? raw.byteLength / width : listed.length;
    if (held !== n) {
      const holds = !raw ? `${formatCount(held)} values` : Number.isInteger(held) ? `${formatCount(raw.byteLength)} bytes (${formatCount(held)} values)` : `${formatCount(raw.byteLength)} bytes, not a whole number of ${width}-byte values`;
      throw damaged(what, `declares the shape ${formatDims(dims)}, ${formatCount(n)} values, but holds ${holds}`);
    }
    if (t.dataType === ONNX_FLOAT) {
      if (!raw) return { dims, data: Float32Array.from(listed as ArrayLike<number>) };
      return { dims, data: raw.byteOffset % 4 === 0 ? new Float32Array(raw.buffer, raw.byteOffset, n) : new Float32Array(new Uint8Array(raw).buffer) };
    }
    if (!raw) return { dims, data: Array.from(listed, int64) };
    const aligned = raw.byteOffset % 8 === 0 ? raw : new Uint8Array(raw);
    return { dims, data: Array.from(new BigInt64Array(aligned.buffer, aligned.byteOffset, n), Number) };
  } catch (e) {
    if (e instanceof ImportError) return { problem: e };
    throw e;
  }
}

/** ONNX window attributes: the range each entry must be in (the layers' own limits). */
const WINDOW_ATTRIBUTES: Record<string, { min: number; max: number }> = {
  kernel_shape: { min: 1, max: IMPORT_LIMITS.maxWindow },
  strides: { min: 1, max: IMPORT_LIMITS.maxWindow },
  dilations: { min: 1, max: IMPORT_LIMITS.maxWindow },
  pads: { min: 0, max: IMPORT_LIMITS.maxWindow },
  group: { min: 1, max: 65536 },
  size: { min: 1, max: IMPORT_LIMITS.maxWindow },
};

/**
 * A node's attributes by name (a prototype-free object: an attribute named "__proto__" is just a name),
 * window attributes checked entry by entry.
 */
export function attrs(n: any, where: string): Record<string, any> {
  const out: Record<string, any> = Object.create(null);
  for (const a of n.attribute ?? []) {
    const name = String(a.name ?? '');
    if (a.ints?.length) out[name] = a.ints.map(int64);
    else if (a.type === 1) out[name] = parseFloat(Number(a.f ?? 0).toPrecision(7)); // float32 attribute: drop the float64 tail (1e-3, not 0.0010000000474974513)
    else if (a.type === 2) out[name] = int64(a.i ?? 0);
    else if (a.type === 3) out[name] = new TextDecoder().decode(a.s ?? new Uint8Array(0));
    else if (a.type === 7) out[name] = [];
    else if (a.type === 6) out[name] = Array.from(a.floats ?? [], (f: number) => parseFloat(Number(f).toPrecision(7)));
    // A tensor attribute (Constant's value) stays the TensorProto: readInitializer checks it when it is used.
    else if (a.type === 4) out[name] = a.t;
    const range = Object.hasOwn(WINDOW_ATTRIBUTES, name) ? WINDOW_ATTRIBUTES[name] : undefined;
    const v = out[name];
    if (range && v !== undefined) {
      const values: unknown[] = Array.isArray(v) ? v : [v];
      if (values.length > 8 || values.some((x) => typeof x !== 'number' || !Number.isSafeInteger(x) || x < range.min || x > range.max))
        throw new ImportError(
          `${where} has ${name} ${showValue(v)}: each entry must be a whole number from ${range.min} to ${range.max}. Nothing was imported — the file is damaged or the layer is not one CNN Studio can hold; fix it in the original model and export it again.`,
        );
    }
  }
  return out;
}

/** How messages name an ONNX node: 'ONNX node "c1" (Conv)'. */
export const nodeLabel = (n: any): string => `ONNX node ${showValue(String(n.name || n.output?.[0] || '?'))} (${String(n.opType).slice(0, 60)})`;
