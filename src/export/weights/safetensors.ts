// safetensors (huggingface/safetensors): u64 little-endian header length N, N bytes of JSON
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, then the raw little-endian
// tensor bytes, each tensor at its offsets relative to the end of the header. Written by hand: no dependency.

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array | BigInt64Array;
}

const dtypeOf = (d: NamedTensor['data']) => (d instanceof BigInt64Array ? 'I64' : 'F32');
const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export function encodeSafetensors(tensors: NamedTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name in header) throw new Error(`Two tensors are named "${t.name}" — safetensors names must be unique.`);
    const expected = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== expected) throw new Error(`Tensor "${t.name}" has ${t.data.length} values but its shape [${t.shape}] needs ${expected}.`);
    header[t.name] = { dtype: dtypeOf(t.data), shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header with spaces to a multiple of 8 so tensor data stays aligned (allowed by the format).
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    out.set(bytesOf(t.data), at);
    at += t.data.byteLength;
  }
  return out;
}

export interface DecodedSafetensors {
  tensors: NamedTensor[];
  metadata: Record<string, string>;
}

/** Reads a safetensors file (F32 and I64 tensors). */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  if (bytes.length < 8) throw new Error('Not a safetensors file: shorter than its 8-byte header length.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (8 + n > bytes.length) throw new Error(`Not a safetensors file: header of ${n} bytes does not fit in ${bytes.length}.`);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  const base = 8 + n;
  const tensors: NamedTensor[] = [];
  for (const [name, info] of Object.entries<any>(header)) {
    if (name === '__metadata__') continue;
    const [b, e] = info.data_offsets as [number, number];
    const slice = bytes.slice(base + b, base + e);
    const data = info.dtype === 'I64' ? new BigInt64Array(slice.buffer) : info.dtype === 'F32' ? new Float32Array(slice.buffer) : undefined;
    if (!data) throw new Error(`Tensor "${name}" is ${info.dtype}; only F32 and I64 are read.`);
    tensors.push({ name, shape: info.shape, data });
  }
  return { tensors, metadata: header.__metadata__ ?? {} };
}
