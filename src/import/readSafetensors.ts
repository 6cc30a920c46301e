// A safetensors file read defensively (huggingface/safetensors format: u64 little-endian header length N,
// N bytes of JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, then the
// tensors' raw little-endian bytes, offsets relative to the end of the header). Every declared size — the
// header's, each shape, each offset pair — is checked against the limits and the bytes present before any
// tensor is copied: a file that lies about itself is refused with what it claimed and what was there.
import { ImportError } from './importError';
import { checkedElementCount, formatCount, formatDims, IMPORT_LIMITS } from './importLimits';
import { fromFloat16Bits } from '../export/quantize/float16';

/** Bytes per value of each dtype safetensors defines (its Rust `Dtype`). */
const DTYPE_BYTES: Record<string, number> = { BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, I64: 8, U64: 8, F64: 8 };

export interface SafetensorsEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Absolute byte range in the file. */
  begin: number;
  end: number;
}

export interface SafetensorsIndex {
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
}

const refuse = (why: string) =>
  new ImportError(`Not a readable safetensors file: ${why}. Nothing was imported — the file is damaged or incomplete (copy it again, or save it again with safetensors.torch.save_file).`);

/** The tensor list of a safetensors file, every entry checked; no tensor data is read yet. */
export function readSafetensorsIndex(bytes: Uint8Array): SafetensorsIndex {
  if (bytes.length < 8) throw refuse(`it is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(IMPORT_LIMITS.maxModelJsonBytes))
    throw refuse(`its header claims ${declared} bytes, more than a tensor list needs (limit ${formatCount(IMPORT_LIMITS.maxModelJsonBytes)})`);
  const n = Number(declared);
  if (8 + n > bytes.length) throw refuse(`its header claims ${formatCount(n)} bytes but the file has only ${formatCount(bytes.length - 8)} after the length — it was cut short`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch {
    throw refuse('its header is not JSON');
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw refuse('its header is not a JSON object of tensors');
  const base = 8 + n;
  const dataBytes = bytes.length - base;
  const names = Object.keys(header).filter((k) => k !== '__metadata__');
  if (names.length > IMPORT_LIMITS.maxTensors) throw refuse(`it lists ${formatCount(names.length)} tensors (limit ${formatCount(IMPORT_LIMITS.maxTensors)})`);
  const entries: SafetensorsEntry[] = [];
  let total = 0;
  for (const name of names) {
    const info = (header as Record<string, unknown>)[name] as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    const shown = JSON.stringify(name.slice(0, 200));
    if (!info || typeof info !== 'object') throw refuse(`tensor ${shown} has no description`);
    const { dtype, shape, data_offsets: offsets } = info;
    if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) throw refuse(`tensor ${shown} has the unknown dtype ${JSON.stringify(dtype)}`);
    if (!Array.isArray(shape)) throw refuse(`tensor ${shown} has no shape list`);
    // A 0-d tensor (num_batches_tracked) holds one value.
    const count = shape.length ? checkedElementCount(`Tensor ${shown}`, shape) : 1;
    total += count;
    if (total > IMPORT_LIMITS.maxTotalWeights) throw refuse(`its tensors hold over ${formatCount(IMPORT_LIMITS.maxTotalWeights)} values together, more than CNN Studio holds`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0))
      throw refuse(`tensor ${shown} has no valid data_offsets [begin, end]`);
    const [b, e] = offsets as [number, number];
    if (b > e || e > dataBytes)
      throw refuse(`tensor ${shown} claims bytes ${b}…${e} of the data, but the data part is ${formatCount(dataBytes)} bytes${e > dataBytes ? ' — the file was cut short or its header lies' : ''}`);
    const want = count * DTYPE_BYTES[dtype];
    if (e - b !== want) throw refuse(`tensor ${shown} is ${dtype} ${formatDims(shape)}, ${formatCount(want)} bytes, but its offsets span ${formatCount(e - b)} bytes`);
    entries.push({ name, dtype, shape: shape as number[], begin: base + b, end: base + e });
  }
  const meta = (header as Record<string, unknown>).__metadata__;
  const metadata: Record<string, string> = {};
  if (meta && typeof meta === 'object') for (const [k, v] of Object.entries(meta)) if (typeof v === 'string') metadata[k] = v;
  return { entries, metadata };
}

/** Dtypes read as float32: F32 as is, F16 and BF16 widened exactly (a model saved with .half()). */
export const FLOAT_DTYPES: ReadonlySet<string> = new Set(['F32', 'F16', 'BF16']);

/** One float tensor's values as float32 (a fresh copy). `entry.dtype` must be one of FLOAT_DTYPES. */
export function readFloatTensor(bytes: Uint8Array, entry: SafetensorsEntry): Float32Array {
  const n = (entry.end - entry.begin) / DTYPE_BYTES[entry.dtype];
  const view = new DataView(bytes.buffer, bytes.byteOffset + entry.begin, entry.end - entry.begin);
  const out = new Float32Array(n);
  if (entry.dtype === 'F32') for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  else if (entry.dtype === 'BF16') for (let i = 0; i < n; i++) out[i] = bf16(view.getUint16(i * 2, true));
  else for (let i = 0; i < n; i++) out[i] = fromFloat16Bits(view.getUint16(i * 2, true)); // exact: every F16 value is a float32 value
  return out;
}

// bfloat16 is the top half of a float32 (Google Brain's format): shift it back up.
const scratch = new DataView(new ArrayBuffer(4));
function bf16(h: number): number {
  scratch.setUint32(0, (h << 16) >>> 0);
  return scratch.getFloat32(0);
}
