// A small PNG decoder for the common dataset case (8-bit grey/RGB/grey+alpha/RGBA/palette, not interlaced),
// using node:zlib directly: for 28×28 images it skips libvips' per-call setup, which dominates there.
// Anything else (16-bit, interlaced, sub-byte depths) returns undefined and goes to sharp.
// Layout per the PNG spec (ISO/IEC 15948): signature, chunks of length|type|data|crc; IDAT joined and
// inflated is one filter byte per row followed by the row's bytes; filters 0–4 (None/Sub/Up/Average/Paeth).
// Bounded by the header: the size is checked before anything is allocated; more compressed IDAT than the
// header's width × height could need is refused from the chunk lengths alone (a 1 MB file whose IDAT inflates
// to 1 GiB, a decompression bomb); and the inflate itself may produce at most the bytes the rows need, so a
// smaller bomb stops there. Either way PngLimitError, instead of allocating the gigabyte.
import { inflateSync } from 'node:zlib';
import { formatBytes } from '../../src/data/byteSize';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** The spec's largest side (2^31 − 1); anything above is a damaged header. */
const MAX_SIDE = 2 ** 31 - 1;
/** Default pixel limit of decodePngFast (decodeImage passes its own, MAX_PIXELS). */
export const PNG_MAX_PIXELS = 50_000_000;

export const isPng = (b: Uint8Array) => b.length >= 8 && SIGNATURE.every((x, i) => b[i] === x);

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

/** A PNG refused for its size, before or while inflating: no other decoder should try it either. */
export class PngLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PngLimitError';
  }
}

/** IHDR fields (the first chunk), without inflating anything; undefined when the header is unreadable. */
export function pngHeader(b: Uint8Array): PngHeader | undefined {
  if (!isPng(b) || b.length < 33) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (String.fromCharCode(b[12], b[13], b[14], b[15]) !== 'IHDR') return undefined;
  return { width: v.getUint32(16), height: v.getUint32(20), bitDepth: b[24], colorType: b[25], interlace: b[28] };
}

/** Adam7's passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** Exactly how many bytes the joined IDAT inflates to for this header: each row's filter byte and pixels. */
export function pngInflatedBytes(h: PngHeader): number {
  const bits = (CHANNELS[h.colorType] ?? 4) * Math.max(1, h.bitDepth);
  const rows = (w: number, n: number) => (w === 0 || n === 0 ? 0 : n * (1 + Math.ceil((w * bits) / 8)));
  if (h.interlace !== 1) return rows(h.width, h.height);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) total += rows(Math.ceil(Math.max(0, h.width - x0) / dx), Math.ceil(Math.max(0, h.height - y0) / dy));
  return total;
}

/**
 * Deflate can grow incompressible data by at most ~1/8 (fixed Huffman codes); more compressed IDAT than that
 * for the header's size can only inflate past what the header promises.
 */
const maxCompressedBytes = (inflated: number) => Math.ceil(inflated * 1.125) + 4096;

/**
 * The checks every PNG gets before any decoder sees it (this one or sharp): a sane size within `maxPixels`, and
 * no more compressed image data than that size can need. Throws PngLimitError saying which; returns the header.
 */
export function checkPngBounds(b: Uint8Array, maxPixels = PNG_MAX_PIXELS): PngHeader | undefined {
  const h = pngHeader(b);
  if (!h) return undefined;
  if (h.width === 0 || h.height === 0 || h.width > MAX_SIDE || h.height > MAX_SIDE)
    throw new PngLimitError(`The PNG header gives an impossible size (${h.width}×${h.height}) — the file is damaged.`);
  if (h.width * h.height > maxPixels)
    throw new PngLimitError(`${h.width}×${h.height} is ${((h.width * h.height) / 1e6).toFixed(0)} megapixels, over the ${maxPixels / 1e6} MP limit — downscale it first.`);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let idatBytes = 0;
  for (let pos = 8; pos + 8 <= b.length; ) {
    const len = v.getUint32(pos);
    if (b[pos + 4] === 0x49 && b[pos + 5] === 0x44 && b[pos + 6] === 0x41 && b[pos + 7] === 0x54) idatBytes += Math.min(len, b.length - pos - 8); // IDAT
    pos += 12 + len;
  }
  const inflated = pngInflatedBytes(h);
  if (idatBytes > maxCompressedBytes(inflated))
    throw new PngLimitError(
      `The PNG's compressed image data (${formatBytes(idatBytes)}) is more than a ${h.width}×${h.height} image can need (${formatBytes(inflated)} uncompressed): it decompresses to more than its header says — a decompression bomb or a damaged file.`,
    );
  return h;
}

export interface RawImage {
  width: number;
  height: number;
  channels: number;
  pixels: Uint8Array;
}

/**
 * Decodes the simple cases; undefined for ones sharp should handle. Throws PngLimitError for a size over
 * `maxPixels` or image data that inflates past the header's size, and Error for a damaged stream.
 */
export function decodePngFast(b: Uint8Array, maxPixels = PNG_MAX_PIXELS): RawImage | undefined {
  const h = checkPngBounds(b, maxPixels);
  if (!h || h.bitDepth !== 8 || h.interlace !== 0 || !(h.colorType in CHANNELS)) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const idat: Uint8Array[] = [];
  let palette: Uint8Array | undefined;
  let pos = 8;
  let ended = false;
  while (pos + 8 <= b.length) {
    const len = v.getUint32(pos);
    const type = String.fromCharCode(b[pos + 4], b[pos + 5], b[pos + 6], b[pos + 7]);
    if (pos + 12 + len > b.length) throw new Error(`PNG is truncated inside its ${type} chunk.`);
    const data = b.subarray(pos + 8, pos + 8 + len);
    if (type === 'IDAT') idat.push(data);
    else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS' && h.colorType === 3) return undefined; // transparent palette: let sharp composite it
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    pos += 12 + len;
  }
  if (!ended) throw new Error('PNG is truncated: it has no IEND chunk.');
  if (idat.length === 0) throw new Error('PNG has no image data (IDAT).');
  if (h.colorType === 3 && !palette) throw new Error('Palette PNG without a PLTE chunk.');
  const bpp = CHANNELS[h.colorType];
  const stride = h.width * bpp;
  // Output buffer sized to the image: zlib's default 16 KiB chunks cost more than the inflate itself at 28×28.
  // maxOutputLength: zlib stops (ERR_BUFFER_TOO_LARGE) as soon as the output passes what the rows need.
  const expected = (stride + 1) * h.height;
  let raw: Buffer;
  try {
    raw = inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat), { chunkSize: Math.max(64, expected + 1), maxOutputLength: expected });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new PngLimitError(`The PNG's image data decompresses to more than its header says (${h.width}×${h.height} needs ${formatBytes(expected)}) — a decompression bomb or a damaged file.`);
    throw e;
  }
  if (raw.length < expected) throw new Error(`PNG image data is short: ${raw.length} bytes for ${h.width}×${h.height}.`);
  const out = new Uint8Array(stride * h.height);
  for (let y = 0; y < h.height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    const up = dst - stride;
    switch (filter) {
      case 0:
        out.set(raw.subarray(src, src + stride), dst);
        break;
      case 1:
        for (let x = 0; x < stride; x++) out[dst + x] = raw[src + x] + (x >= bpp ? out[dst + x - bpp] : 0);
        break;
      case 2:
        for (let x = 0; x < stride; x++) out[dst + x] = raw[src + x] + (y > 0 ? out[up + x] : 0);
        break;
      case 3:
        for (let x = 0; x < stride; x++) out[dst + x] = raw[src + x] + (((x >= bpp ? out[dst + x - bpp] : 0) + (y > 0 ? out[up + x] : 0)) >> 1);
        break;
      case 4:
        for (let x = 0; x < stride; x++) {
          const a = x >= bpp ? out[dst + x - bpp] : 0;
          const bb = y > 0 ? out[up + x] : 0;
          const c = x >= bpp && y > 0 ? out[up + x - bpp] : 0;
          const p = a + bb - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - bb);
          const pc = Math.abs(p - c);
          out[dst + x] = raw[src + x] + (pa <= pb && pa <= pc ? a : pb <= pc ? bb : c);
        }
        break;
      default:
        throw new Error(`PNG row ${y} has unknown filter type ${filter}.`);
    }
  }
  if (h.colorType !== 3) return { width: h.width, height: h.height, channels: bpp, pixels: out };
  const rgb = new Uint8Array(h.width * h.height * 3);
  const colours = palette!.length / 3;
  for (let i = 0; i < out.length; i++) {
    const p = Math.min(out[i], colours - 1) * 3;
    rgb[i * 3] = palette![p];
    rgb[i * 3 + 1] = palette![p + 1];
    rgb[i * 3 + 2] = palette![p + 2];
  }
  return { width: h.width, height: h.height, channels: 3, pixels: rgb };
}
