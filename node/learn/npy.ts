// NumPy .npy files, version 1.0, little-endian float32, C order — what np.load reads:
//   "\x93NUMPY" 1 0, uint16 LE header length, "{'descr': '<f4', 'fortran_order': False, 'shape': (…), }"
//   padded with spaces and ended by "\n" so the data starts at a multiple of 64 bytes, then the floats.
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function npyHeader(shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`;
  const total = MAGIC.length + 2 + 2 + dict.length + 1;
  dict += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + dict.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

/** A float32 array as .npy bytes; its length must be the product of `shape`. */
export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length) throw new Error(`encodeNpy: shape ${shape.join('×')} holds ${n} values, not ${data.length}.`);
  const header = npyHeader(shape);
  const out = new Uint8Array(header.length + data.length * 4);
  out.set(header, 0);
  const view = new DataView(out.buffer, header.length);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return out;
}

/** Reads a .npy of '<f4' in C order (what encodeNpy writes; v1.0 – v3.0 headers). */
export function decodeNpy(bytes: Uint8Array): { shape: number[]; data: Float32Array; header: string } {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw new Error('Not a .npy file (no \\x93NUMPY magic).');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + len));
  if (!/'descr':\s*'<f4'/.test(header)) throw new Error(`Only '<f4' .npy files are read here (header ${header.trim()}).`);
  if (!/'fortran_order':\s*False/.test(header)) throw new Error('Only C-order .npy files are read here.');
  const m = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!m) throw new Error('The .npy header has no shape.');
  const shape = m[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const n = shape.reduce((a, b) => a * b, 1);
  const dataStart = start + len;
  if (bytes.length - dataStart !== n * 4) throw new Error(`The .npy data is ${bytes.length - dataStart} bytes; shape ${shape.join('×')} needs ${n * 4}.`);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = view.getFloat32(dataStart + i * 4, true);
  return { shape, data, header };
}

/** HWC [H, W, C] → CHW, the channel-first layout of the activation .npy files. */
export function hwcToChw(data: Float32Array, [H, W, C]: readonly number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) out[(c * H + y) * W + x] = data[(y * W + x) * C + c];
  return out;
}
