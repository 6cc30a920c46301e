// A minimal PNG encoder for the report's thumbnails (pure core: no zlib, no canvas). Layout per the PNG spec
// (ISO/IEC 15948): signature, IHDR, one IDAT, IEND; each chunk length | type | data | CRC-32(type + data).
// The image data is a zlib stream (RFC 1950: header 0x78 0x01, Adler-32 trailer) of "stored" deflate blocks
// (RFC 1951 §3.2.4, BTYPE 00, at most 65535 bytes each): no compression, which costs nothing for 28×28 thumbnails.
// Every row is filter type 0 (None).
import { crc32 } from '../export/weights/crc32';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** PNG colour type by channel count: grey, grey + alpha, RGB, RGBA. */
const COLOR_TYPE: Record<number, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };
const STORED_MAX = 65535;

/** Adler-32 (RFC 1950 §8.2): two sums mod 65521, flushed every 5552 bytes so they never overflow 2^32. */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(data.length, i + 5552);
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** `data` as a zlib stream of stored blocks. */
export function zlibStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / STORED_MAX));
  const out = new Uint8Array(2 + blocks * 5 + data.length + 4);
  out[0] = 0x78; // CM 8 (deflate), CINFO 7 (32 KiB window)
  out[1] = 0x01; // FCHECK: (0x78 << 8 | 0x01) % 31 === 0, FLEVEL 0
  let o = 2;
  for (let k = 0; k < blocks; k++) {
    const from = k * STORED_MAX;
    const len = Math.min(STORED_MAX, data.length - from);
    out[o++] = k === blocks - 1 ? 1 : 0; // BFINAL, BTYPE 00
    out[o++] = len & 0xff;
    out[o++] = len >>> 8;
    out[o++] = ~len & 0xff;
    out[o++] = (~len >>> 8) & 0xff;
    out.set(data.subarray(from, from + len), o);
    o += len;
  }
  const check = adler32(data);
  out[o++] = check >>> 24;
  out[o++] = (check >>> 16) & 0xff;
  out[o++] = (check >>> 8) & 0xff;
  out[o++] = check & 0xff;
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** An 8-bit PNG of `pixels` (HWC, row-major, 1–4 channels). */
export function encodePng(width: number, height: number, channels: number, pixels: Uint8Array): Uint8Array {
  const colorType = COLOR_TYPE[channels];
  if (colorType === undefined) throw new Error(`A PNG has 1, 2, 3 or 4 channels, not ${channels}.`);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new Error(`Image size ${width}×${height} is not a positive whole size.`);
  const stride = width * channels;
  if (pixels.length !== stride * height) throw new Error(`${width}×${height}×${channels} needs ${stride * height} bytes, not ${pixels.length}.`);
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colorType;
  // compression 0, filter method 0, interlace 0
  const parts = [Uint8Array.from(SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', zlibStored(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Bytes as base64 (btoa over a binary string, built in slices so huge images do not overflow the call stack). */
export function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A `data:image/png;base64,…` URL of the image. */
export const pngDataUrl = (width: number, height: number, channels: number, pixels: Uint8Array): string => `data:image/png;base64,${base64(encodePng(width, height, channels, pixels))}`;
