import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { bmpSize, BmpError, decodeBmp, encodeBmp24 } from './bmp';

/** A real Fashion-MNIST image (the first test sample) as RGB, width trimmed to 27 so rows need padding. */
let idxCache: Uint8Array | undefined;
function realRgb(): { pixels: Uint8Array; w: number; h: number } {
  const idx = (idxCache ??= gunzipSync(readFileSync('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz')));
  const w = 27;
  const h = 28;
  const pixels = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const g = idx[16 + y * 28 + x];
      pixels.set([g, 255 - g, (g * 3) & 255], (y * w + x) * 3);
    }
  return { pixels, w, h };
}

/** A BMP with a 40-byte header, given bits per pixel, palette and raw rows (already padded, bottom-up unless height < 0). */
function bmp(opts: { w: number; h: number; bpp: number; compression?: number; palette?: number[][]; masks?: number[]; rows: number[] }): Uint8Array {
  const pal = (opts.palette ?? []).flatMap(([r, g, b]) => [b, g, r, 0]);
  const masks = opts.masks ? opts.masks.flatMap((m) => [m & 255, (m >>> 8) & 255, (m >>> 16) & 255, m >>> 24]) : [];
  const offset = 54 + masks.length + pal.length;
  const out = new Uint8Array(offset + opts.rows.length);
  const v = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  v.setUint32(2, out.length, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, opts.w, true);
  v.setInt32(22, opts.h, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, opts.bpp, true);
  v.setUint32(30, opts.compression ?? 0, true);
  v.setUint32(46, opts.palette?.length ?? 0, true);
  out.set(masks, 54);
  out.set(pal, 54 + masks.length);
  out.set(opts.rows, offset);
  return out;
}

describe('decodeBmp', () => {
  it('round-trips a real image through a 24-bit bottom-up BMP with row padding', () => {
    const { pixels, w, h } = realRgb();
    const d = decodeBmp(encodeBmp24(pixels, w, h));
    expect([d.width, d.height, d.channels]).toEqual([w, h, 3]);
    expect(Buffer.from(d.pixels).equals(Buffer.from(pixels))).toBe(true);
  });

  it.each([
    {
      name: '8-bit palette, top-down',
      file: bmp({ w: 2, h: -2, bpp: 8, palette: [[10, 20, 30], [200, 100, 50]], rows: [0, 1, 0, 0, 1, 1, 0, 0] }),
      want: [10, 20, 30, 200, 100, 50, 200, 100, 50, 200, 100, 50],
    },
    {
      name: '1-bit palette, bottom-up',
      file: bmp({ w: 3, h: 2, bpp: 1, palette: [[0, 0, 0], [255, 255, 255]], rows: [0b10100000, 0, 0, 0, 0b01000000, 0, 0, 0] }),
      want: [0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255],
    },
    {
      name: '16-bit 5-6-5 bit fields',
      file: bmp({ w: 1, h: 1, bpp: 16, compression: 3, masks: [0xf800, 0x07e0, 0x001f], rows: [0x1f, 0xf8, 0, 0] }),
      want: [255, 0, 255],
    },
    {
      name: '32-bit plain (BGRX)',
      file: bmp({ w: 1, h: 1, bpp: 32, rows: [3, 2, 1, 0] }),
      want: [1, 2, 3],
    },
  ])('$name', ({ file, want }) => {
    expect([...decodeBmp(file).pixels]).toEqual(want);
  });

  it.each([
    { name: 'truncated pixel data', file: () => encodeBmp24(realRgb().pixels, 27, 28).subarray(0, 800), msg: /truncated/, unsupported: false },
    { name: 'RLE8', file: () => bmp({ w: 1, h: 1, bpp: 8, compression: 1, palette: [[0, 0, 0]], rows: [0, 0, 0, 0] }), msg: /RLE/, unsupported: true },
    { name: 'not a BMP', file: () => new Uint8Array(40), msg: /Not a BMP/, unsupported: false },
  ])('refuses $name with a message', ({ file, msg, unsupported }) => {
    let err: unknown;
    try {
      decodeBmp(file());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BmpError);
    expect((err as BmpError).message).toMatch(msg);
    expect((err as BmpError).unsupported).toBe(unsupported);
  });

  it('reads the size from the header alone', () => {
    expect(bmpSize(encodeBmp24(new Uint8Array(5 * 9 * 3), 5, 9))).toEqual({ width: 5, height: 9 });
  });
});
