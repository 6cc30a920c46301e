// NumPy .npy v1.0: "\x93NUMPY", version 1.0, u16 header length, a Python-dict header
// {'descr': '<f4', 'fortran_order': False, 'shape': (…), } padded with spaces + '\n' to a multiple of 64.
import type { NamedTensor } from './safetensors';

export function encodeNpy(t: Pick<NamedTensor, 'shape' | 'data'>): Uint8Array {
  const descr = t.data instanceof BigInt64Array ? '<i8' : '<f4';
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + t.data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), total);
  return out;
}

export function decodeNpy(bytes: Uint8Array): { shape: number[]; data: Float32Array | BigInt64Array } {
  if (bytes[0] !== 0x93 || String.fromCharCode(...bytes.subarray(1, 6)) !== 'NUMPY') throw new Error('Not a .npy array (no \\x93NUMPY magic).');
  const major = bytes[6];
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = major === 1 ? v.getUint16(8, true) : v.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + hlen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error('Fortran-ordered arrays are not read; save with C order.');
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const raw = bytes.slice(start + hlen);
  if (descr === '<f4') return { shape, data: new Float32Array(raw.buffer) };
  if (descr === '<i8') return { shape, data: new BigInt64Array(raw.buffer) };
  throw new Error(`Array dtype ${descr} is not read; use float32.`);
}
