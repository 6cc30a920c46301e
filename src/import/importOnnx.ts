// ONNX (NCHW) → CNN Studio graph + weights in tfjs layout. Each op is read by the layer that declares it
// (src/layers/*.ts `onnxImport`: Conv, pools, Gemm, BatchNormalization, LRN, activations, Add/Sum, Concat,
// Flatten, Pad, Dropout …); folds across nodes are the named passes below (fused activation, zero-border
// MaxPool mask, classifier head, C·H·W reorder). Anything else is listed by op name and nothing is imported.
// Every size the file declares (tensor dims, input dims, window attributes, node counts) is checked against
// the data present and src/import/importLimits.ts before anything is allocated for it.
import { onnx, ONNX_FLOAT, ONNX_INT64 } from '../export/onnx/onnxProto';
import { getLayer, layersForOnnxOp } from '../layers/registry';
import type { PrimitiveLayerDef } from '../layers/types';
import type { Shape } from '../graph/schema';
import { formatIssueMessage } from '../i18n/issues';
import { ImportError, layerParamsError, showValue, unsupportedError } from './importError';
import { checkedElementCount, checkFileSize, checkInputSize, formatCount, formatDims, IMPORT_LIMITS } from './importLimits';
import { toGraph, type ProtoNode } from './protoGraph';
import type { ImportedModel } from './importTfjs';
import type { SavedWeights } from '../train/weightsFiles';
import type { ImportedTensor, OnnxConstant, OnnxNodeIn, OnnxRead } from './layerReaders';

interface Value {
  /** The proto node producing it ('' for the graph input). */
  node: string;
  shape: Shape;
  chwOf?: [number, number, number];
}

/** An initializer's values, or why they cannot be read: told only to a reader that asks for them. */
type Initializer = OnnxConstant | { problem: ImportError };

/** TensorProto.DataLocation.EXTERNAL: the values are in another file. */
const ONNX_EXTERNAL = 1;
/** int64 initializers are pads, axes and indices: small; they become a JS array, so they get a tighter limit. */
const MAX_INT64_ELEMENTS = 2 ** 24;

const damaged = (what: string, detail: string) =>
  new ImportError(`${what} ${detail}. Nothing was imported — the file was cut off or damaged; export the model again from the program that made it.`);

/** A number from a protobuf int64 (a Long or a number). */
const int64 = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/**
 * An initializer's dims checked (whole numbers ≥ 1, within the tensor limit) and its values checked against
 * them: float32 as raw_data of 4·n bytes or n float_data entries, int64 as 8·n bytes or n int64_data entries.
 * float32 raw_data stays a view of the file's bytes when aligned.
 */
function readInitializer(t: any, what: string): Initializer {
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
function attrs(n: any, where: string): Record<string, any> {
  const out: Record<string, any> = Object.create(null);
  for (const a of n.attribute ?? []) {
    const name = String(a.name ?? '');
    if (a.ints?.length) out[name] = a.ints.map(int64);
    else if (a.type === 1) out[name] = parseFloat(Number(a.f ?? 0).toPrecision(7)); // float32 attribute: drop the float64 tail (1e-3, not 0.0010000000474974513)
    else if (a.type === 2) out[name] = int64(a.i ?? 0);
    else if (a.type === 3) out[name] = new TextDecoder().decode(a.s ?? new Uint8Array(0));
    else if (a.type === 7) out[name] = [];
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
const nodeLabel = (n: any): string => `ONNX node ${showValue(String(n.name || n.output?.[0] || '?'))} (${String(n.opType).slice(0, 60)})`;

const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

export function importOnnxModel(bytes: Uint8Array, name = 'Imported ONNX model'): ImportedModel {
  checkFileSize('The ONNX file', bytes.byteLength);
  let model: any;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new ImportError(`Not an ONNX model (${String((e as Error)?.message ?? e).slice(0, 200)}) — choose a .onnx file.`);
  }
  const g = model.graph;
  if (!g) throw new ImportError('The ONNX file has no graph.');
  const protoNodes: any[] = g.node ?? [];
  const initializers: any[] = g.initializer ?? [];
  if (protoNodes.length > IMPORT_LIMITS.maxNodes || initializers.length > IMPORT_LIMITS.maxTensors)
    throw new ImportError(
      `The ONNX model has ${formatCount(protoNodes.length)} nodes and ${formatCount(initializers.length)} weight tensors, more than any network CNN Studio holds (limits ${formatCount(IMPORT_LIMITS.maxNodes)} and ${formatCount(IMPORT_LIMITS.maxTensors)}). Nothing was imported.`,
    );
  protoNodes.forEach((n, i) => {
    if (typeof n.output?.[0] !== 'string' || !n.output[0] || typeof n.opType !== 'string' || !n.opType)
      throw damaged(`ONNX node #${i + 1}`, 'has no operation type or no output');
  });
  const init = new Map<string, Initializer>();
  for (const t of initializers) init.set(t.name, readInitializer(t, `Weight tensor ${showValue(String(t.name))}`));
  const inputs = (g.input ?? []).filter((i: any) => !init.has(i.name));
  if (inputs.length !== 1) throw new ImportError(`The model has ${inputs.length} inputs; CNN Studio networks take one image.`);
  const dimList: any[] = inputs[0].type?.tensorType?.shape?.dim ?? [];
  // An unset dim_value reads as 0 (a named dim such as "N" has none).
  const [C, H, W] = dimList.slice(1).map((d: any) => int64(d.dimValue ?? 0));
  if (dimList.length !== 4 || [C, H, W].some((d) => d === 0)) throw new ImportError('The model input must be N×C×H×W with fixed C, H and W.');
  checkInputSize('The model input', H, W, C);

  const nodes: ProtoNode[] = [{ id: 'input', type: 'Input', params: { height: H, width: W, channels: C }, inputs: [] }];
  const weights = new Map<string, { name: string; shape: number[]; data: Float32Array }[]>();
  const values = new Map<string, Value>([[inputs[0].name, { node: 'input', shape: [H, W, C] }]]);
  const unsupported: string[] = [];
  const uses = new Map<string, number>();
  for (const n of g.node ?? []) for (const i of n.input ?? []) uses.set(i, (uses.get(i) ?? 0) + 1);
  const outputName = g.output?.[0]?.name;
  const taken = new Set(['input']);
  const nextSuffix = new Map<string, number>();
  const idFor = (n: any) => {
    // Node ids are at most 200 characters (src/graph/schema.ts): long names are cut, leaving room for "_k".
    const own = String(n.name || n.output[0]).slice(0, 180);
    let base = own.replace(/_(relu|leaky_relu|elu|sigmoid|tanh|softmax|logits|gap|gmp)$/, '') || 'node';
    // Ids key plain objects downstream (the analysis' nodes): "__proto__", "constructor" … become other names.
    if (base in Object.prototype) base = `${base}_node`;
    // The suffix counter per name keeps 20,000 nodes of one name from trying 20,000² suffixes.
    let k = nextSuffix.get(own) ?? 2;
    while (taken.has(base)) base = `${own}_${k++}`;
    nextSuffix.set(own, k);
    taken.add(base);
    return base;
  };
  const add = (n: any, def: PrimitiveLayerDef, params: Record<string, unknown>, ins: Value[], chwOf?: [number, number, number], w?: ImportedTensor[]) => {
    const id = idFor(n);
    const parsed = def.schema.safeParse(params);
    if (!parsed.success) throw layerParamsError(nodeLabel(n), def.type, parsed.error.issues, params);
    const r = guarded(n, () => def.outputShape(parsed.data, ins.map((v) => v.shape)));
    if (!r.ok) throw new ImportError(`${nodeLabel(n)} becomes an invalid ${def.type}: ${formatIssueMessage(r.problem.code, { name: id, ...r.problem.args })} Nothing was imported.`);
    if (product(r.shape) > IMPORT_LIMITS.maxActivationElements)
      throw new ImportError(
        `${nodeLabel(n)} makes a ${r.shape.join('×')} output, ${formatCount(product(r.shape))} values per image — more than CNN Studio computes in one layer (limit ${formatCount(IMPORT_LIMITS.maxActivationElements)}). Nothing was imported.`,
      );
    for (const t of w ?? []) {
      const count = checkedElementCount(`${nodeLabel(n)}'s ${t.name} weight`, t.shape);
      if (count !== t.data.length) throw damaged(`${nodeLabel(n)}'s ${t.name} weight`, `has the shape ${formatDims(t.shape)} but ${formatCount(t.data.length)} values`);
    }
    nodes.push({ id, type: def.type, params, inputs: ins.map((v) => v.node) });
    if (w) weights.set(id, w.map((x) => ({ ...x, name: `${id}/${x.name}` })));
    const v: Value = { node: id, shape: r.shape, chwOf };
    values.set(n.output[0], v);
    return v;
  };
  const pending = protoNodes;
  const consumed = new Set<any>();
  // Each tensor's consumers in file order, so finding the next one is not a scan of every node (20,000² steps).
  const consumersOf = new Map<string, any[]>();
  for (const m of pending)
    for (const i of new Set<string>(m.input ?? [])) {
      const list = consumersOf.get(i);
      if (list) list.push(m);
      else consumersOf.set(i, [m]);
    }
  const identities = new Set<string>(pending.filter((k) => k.opType === 'Identity').map((k) => `${k.input?.[0]}\u0000${k.output[0]}`));
  const single = (tensor: string) => (uses.get(tensor) ?? 0) === 1 && tensor !== outputName;
  const next = (tensor: string) => consumersOf.get(tensor)?.find((m) => !consumed.has(m));
  const view = (n: any, ins: (Value | undefined)[], extra: Partial<OnnxNodeIn> = {}): OnnxNodeIn => ({
    op: n.opType,
    name: n.name ?? '',
    attrs: attrs(n, nodeLabel(n)),
    inputs: ins.map((v) => v && { shape: v.shape, chwOf: v.chwOf }),
    constant: (i: number): OnnxConstant | undefined => {
      const c = n.input?.[i] ? init.get(n.input[i]) : undefined;
      if (c && 'problem' in c) throw c.problem;
      return c;
    },
    ...extra,
  });
  /** The first layer that reads this node; otherwise the first reason given, or the op when no layer reads it. */
  const read = (node: OnnxNodeIn): { def: PrimitiveLayerDef; r: Exclude<OnnxRead, { unsupported: string }> } | { unsupported: string } => {
    let refusal: string | undefined;
    for (const def of layersForOnnxOp(node.op)) {
      const r = guarded(node, () => def.onnxImport!.read(node));
      if (r && 'unsupported' in r) refusal ??= r.unsupported;
      else if (r) return { def, r };
    }
    return { unsupported: refusal ?? node.op };
  };
  /** Fused activation: the "<layer>_relu" … CNN Studio writes after a layer whose activation param is 'linear'. */
  const fuseActivation = (out: string, params: Record<string, unknown>, layer: string, x: Value): string => {
    if (params.activation !== 'linear') return out;
    const m = single(out) ? next(out) : undefined;
    if (!m || !String(m.name).startsWith(`${layer}_`)) return out;
    const act = getLayer('Activation') as PrimitiveLayerDef;
    if (!act.onnxImport!.ops.includes(m.opType)) return out;
    const r = guarded(m, () => act.onnxImport!.read(view(m, [x])));
    if (!r || !('params' in r)) return out;
    // tfjs builds a fused leakyRelu with α = 0.2 (src/layers/activationTf.ts): another α stays its own layer.
    if (r.params.activation === 'leakyRelu' && Math.abs((r.params.alpha as number) - 0.2) > 1e-6) return out;
    params.activation = r.params.activation;
    consumed.add(m);
    return m.output[0];
  };
  /** Zero-border mask: the Max with a constant that CNN Studio writes after a MaxPool over zeros. */
  const zeroBorderMax = (n: any): any => {
    if (n.opType !== 'MaxPool') return undefined;
    const m = single(n.output[0]) ? next(n.output[0]) : undefined;
    return m?.opType === 'Max' && init.has(m.input?.[1]) ? m : undefined;
  };
  /** Classifier head: a Dense (Gemm + bias) whose only consumer is the Softmax giving the model output. */
  const classifierHead = (n: any, def: PrimitiveLayerDef, params: Record<string, unknown>): any => {
    if (def.type !== 'Dense' || !params.useBias) return undefined;
    const m = single(n.output[0]) ? next(n.output[0]) : undefined;
    const soft = m?.opType === 'Softmax' ? m.output[0] : undefined;
    return soft && (soft === outputName || identities.has(`${soft}\u0000${outputName}`)) ? m : undefined;
  };

  for (const n of pending) {
    if (consumed.has(n)) continue;
    consumed.add(n);
    const x = values.get(n.input?.[0]);
    if (!x && n.opType !== 'Constant') {
      unsupported.push(n.input?.[0] ? `${n.opType}(input ${n.input[0]} not produced by a supported op)` : `${n.opType}(no input)`);
      continue;
    }
    if (n.opType === 'Identity') {
      values.set(n.output[0], x!);
      continue;
    }
    if (n.opType === 'Gather') {
      // CNN Studio's C·H·W → H·W·C reorder of a flattened vector: the vector is in tfjs order again.
      if (attrs(n, nodeLabel(n)).axis === 1 && x!.chwOf && init.has(n.input[1])) values.set(n.output[0], { ...x!, chwOf: undefined });
      else unsupported.push('Gather');
      continue;
    }
    const ins: (Value | undefined)[] = (n.input ?? []).map((i: string) => values.get(i));
    const mask = zeroBorderMax(n);
    const found = read(view(n, ins, mask ? { zeroBorder: true } : {}));
    if ('unsupported' in found) {
      unsupported.push(found.unsupported);
      continue;
    }
    const { def, r } = found;
    let out: string = n.output[0];
    if (mask) {
      consumed.add(mask);
      out = mask.output[0];
    }
    if ('identity' in r) {
      values.set(out, x!);
      continue;
    }
    const graphIns = ins.filter((v): v is Value => !!v);
    const head = classifierHead(n, def, r.params);
    if (head) {
      consumed.add(head);
      values.set(head.output[0], add(head, getLayer('Output') as PrimitiveLayerDef, { classes: r.params.units }, graphIns, undefined, r.weights));
      continue;
    }
    out = fuseActivation(out, r.params, n.name, x!);
    values.set(out, add(n, def, r.params, graphIns, r.chwOf, r.weights));
  }
  if (unsupported.length) throw unsupportedError('ONNX model', unsupported);
  const out = values.get(outputName);
  if (!out || nodes.find((p) => p.id === out.node)?.type !== 'Output')
    throw new ImportError('The ONNX model does not end in Gemm + Softmax (a classifier head) — CNN Studio graphs end in an Output layer.');
  const kept = pruneDead(nodes, out.node);
  const meta = new Map<string, string>((model.metadataProps ?? []).map((p: any) => [p.key, p.value]));
  return { name: g.name && g.name !== 'cnn_studio' ? g.name : name, graph: toGraph(kept), weights: packWeights(kept, weights), classNames: readClassNames(meta.get('class_names')) };
}

/**
 * A layer reader or shape rule run on what the file declares: one that stumbles on a value it did not expect
 * (an offset past the end of a weight, a missing attribute) means the file does not fit the op — said as an
 * ImportError naming the node, not as the reader's own exception.
 */
function guarded<T>(n: { name?: string; opType?: string; op?: string; output?: string[] }, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const label = nodeLabel({ ...n, opType: n.opType ?? n.op });
    throw new ImportError(`${label} cannot be read: its weights or settings do not fit the operation (${String((e as Error)?.message ?? e).slice(0, 200)}). Nothing was imported — the file is damaged; export the model again.`);
  }
}

/** The class names CNN Studio writes as metadata (a JSON list of strings); anything else is not used. */
function readClassNames(text: string | undefined): string[] | undefined {
  if (typeof text !== 'string' || text.length > 4 * 1024 * 1024) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) && v.length <= 10000 && v.every((c) => typeof c === 'string' && c.length <= 200) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Nodes that do not lead to the output (e.g. a Pad whose pooling read the tensor before it) are dropped. */
function pruneDead(nodes: ProtoNode[], output: string): ProtoNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const live = new Set<string>();
  // A stack, not recursion: a chain of 20,000 nodes must not overflow the call stack.
  const stack = [output];
  while (stack.length) {
    const id = stack.pop()!;
    if (live.has(id)) continue;
    live.add(id);
    stack.push(...(byId.get(id)?.inputs ?? []));
  }
  return nodes.filter((n) => live.has(n.id));
}

function packWeights(nodes: ProtoNode[], ws: Map<string, { name: string; shape: number[]; data: Float32Array }[]>): SavedWeights {
  const list = nodes.flatMap((n) => ws.get(n.id) ?? []);
  const data = new Uint8Array(list.reduce((s, w) => s + w.data.byteLength, 0));
  let at = 0;
  for (const w of list) {
    data.set(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength), at);
    at += w.data.byteLength;
  }
  return { weightSpecs: list.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' as const })), weightData: data };
}
