import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { checkPngBounds, decodePngFast, pngHeader, pngInflatedBytes, PngLimitError } from './pngDecode';
import { decodeImage, SkipError } from './decodeImage';
import { measureInChild, pngBomb } from './testBombs';
import { fashionImage, greyPng, rgbImage } from './testImages';

const MiB = 2 ** 20;

/** sharp's decode of the same file is the reference. */
async function reference(png: Uint8Array) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { pixels: new Uint8Array(data), channels: info.channels, width: info.width, height: info.height };
}

describe('decodePngFast', () => {
  it.each([
    { name: 'grey, default filters', make: () => greyPng(0) },
    { name: 'grey, adaptive filtering (every filter type)', make: () => greyPng(1, { adaptiveFiltering: true, compressionLevel: 9 }) },
    { name: 'grey, no compression', make: () => greyPng(2, { compressionLevel: 0 }) },
    { name: 'RGB', make: async () => (await rgbImage(3)).png({ adaptiveFiltering: true }).toBuffer() },
    { name: 'RGBA', make: async () => (await rgbImage(4)).ensureAlpha(0.5).png().toBuffer() },
    { name: 'RGB 61×37 (odd widths)', make: async () => (await rgbImage(5, 61, 37)).png({ adaptiveFiltering: true }).toBuffer() },
  ])('matches sharp: $name', async ({ make }) => {
    const png = new Uint8Array(await make());
    const ref = await reference(png);
    const d = decodePngFast(png)!;
    expect(d).toBeDefined();
    expect([d.width, d.height, d.channels]).toEqual([ref.width, ref.height, ref.channels]);
    expect(Buffer.from(d.pixels).equals(Buffer.from(ref.pixels))).toBe(true);
  });

  it('expands a palette PNG to the same RGB as sharp', async () => {
    const png = new Uint8Array(await (await rgbImage(6)).png({ palette: true, colours: 256, dither: 0 }).toBuffer());
    expect(pngHeader(png)!.colorType).toBe(3);
    const ref = await reference(png);
    const d = decodePngFast(png)!;
    expect([d.channels, ref.channels]).toEqual([3, 3]);
    expect(Buffer.from(d.pixels).equals(Buffer.from(ref.pixels))).toBe(true);
  });

  it('leaves 16-bit PNGs to sharp', async () => {
    const png = new Uint8Array(await sharp(fashionImage(0), { raw: { width: 28, height: 28, channels: 1 } }).png().toColourspace('grey16').toBuffer());
    expect(pngHeader(png)!.bitDepth).toBe(16);
    expect(decodePngFast(png)).toBeUndefined();
  });

  it('throws on a truncated file', async () => {
    const png = new Uint8Array(await greyPng(7));
    expect(() => decodePngFast(png.subarray(0, png.length - 30))).toThrow(/truncated/);
  });
});

describe('decompression bombs', () => {
  const target = { width: 28, height: 28, channels: 1 as const, resize: 'stretch' as const };

  it.each([
    // Compressed data far larger than the header's size can need: refused from the chunk lengths alone, whichever decoder.
    { name: '100×100 header, IDAT inflating to 100 MiB', width: 100, height: 100, inflated: 100 * MiB, message: /compressed image data .* is more than a 100×100 image can need/, sharp: 'refused' },
    // Within the compressed-size bound (64 KiB of deflate inflates to ~64 MiB): the inflate cap stops it. Forced
    // through sharp (the bench does), libvips reads only the rows the header promises and ignores the rest.
    { name: '256×256 header, IDAT inflating to 48 MiB', width: 256, height: 256, inflated: 48 * MiB, message: /image data decompresses to more than its header says \(256×256 needs 64 KiB\)/, sharp: 'rows only' },
  ])('$name: refused with the reason, never inflated past the header', async ({ width, height, inflated, message, sharp: viaSharp }) => {
    const png = new Uint8Array(await pngBomb({ width, height, inflatedBytes: inflated }));
    expect(() => decodePngFast(png)).toThrow(PngLimitError);
    expect(() => decodePngFast(png)).toThrow(message);
    const e = await decodeImage(png, target).catch((x) => x);
    expect(e).toBeInstanceOf(SkipError);
    expect([e.code, e.message]).toEqual(['too-large', expect.stringMatching(message)]);
    const forced = await decodeImage(png, target, { decoder: 'sharp' }).catch((x) => x);
    if (viaSharp === 'refused') expect(forced).toBeInstanceOf(SkipError);
    else expect([forced.width, forced.height]).toEqual([width, height]);
  });

  it('costs the header, not the bomb: a 1 MiB file inflating to 1 GiB, and a 64 KiB one inflating to 48 MiB (fresh process, peak RSS)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'png-bomb-'));
    try {
      const files = { big: path.join(dir, 'big.png'), capped: path.join(dir, 'capped.png') };
      writeFileSync(files.big, await pngBomb({ width: 100, height: 100, inflatedBytes: 1024 * MiB }));
      writeFileSync(files.capped, await pngBomb({ width: 256, height: 256, inflatedBytes: 48 * MiB }));
      const r = await measureInChild(
        { d: 'node/data/decodeImage.ts', fs: 'node:fs' },
        `Promise.all([${JSON.stringify(files.big)}, ${JSON.stringify(files.capped)}].map((f) =>
          d.decodeImage(new Uint8Array(fs.readFileSync(f)), { width: 28, height: 28, channels: 1, resize: 'stretch' }).then(() => 'decoded', (e) => e.code + ': ' + e.message)))`,
      );
      expect(r.result).toEqual([expect.stringMatching(/^too-large: .*decompress/), expect.stringMatching(/^too-large: .*decompresses to more than its header says/)]);
      expect(r.peakGrowthMiB).toBeLessThan(32); // before: +2086 MiB for the first alone
      expect(r.ms).toBeLessThan(2000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    { name: 'zero width', width: 0, height: 10, message: /impossible size/ },
    { name: '60000×60000 (3.6 gigapixels)', width: 60000, height: 60000, message: /3600 megapixels, over the 50 MP limit/ },
  ])('refuses a header of $name before allocating', async ({ width, height, message }) => {
    const png = new Uint8Array(await pngBomb({ width, height, inflatedBytes: 16 }));
    expect(() => checkPngBounds(png)).toThrow(message);
    expect(() => decodePngFast(png)).toThrow(PngLimitError);
    const e = await decodeImage(png, target).catch((x) => x);
    expect(e).toBeInstanceOf(SkipError);
  });

  it.each([
    { name: '28×28 grey', h: { width: 28, height: 28, bitDepth: 8, colorType: 0, interlace: 0 }, bytes: 28 * 29 },
    { name: '3×2 RGBA 16-bit', h: { width: 3, height: 2, bitDepth: 16, colorType: 6, interlace: 0 }, bytes: 2 * (1 + 24) },
    { name: '1-bit 9×1', h: { width: 9, height: 1, bitDepth: 1, colorType: 0, interlace: 0 }, bytes: 1 + 2 },
    // Adam7 on 8×8 grey: passes of 1×1, 1×1, 2×1, 2×2, 4×2, 4×4, 8×4 pixels.
    { name: 'interlaced 8×8 grey', h: { width: 8, height: 8, bitDepth: 8, colorType: 0, interlace: 1 }, bytes: 2 + 2 + 3 + 2 * 3 + 2 * 5 + 4 * 5 + 4 * 9 },
  ])('pngInflatedBytes: $name', ({ h, bytes }) => {
    expect(pngInflatedBytes(h)).toBe(bytes);
  });

  it('real PNGs pass the bounds check: sharp-made, every filter, interlaced, uncompressed', async () => {
    for (const png of [
      await greyPng(1, { adaptiveFiltering: true }),
      await greyPng(2, { compressionLevel: 0 }),
      await (await rgbImage(3, 300, 200)).png({ progressive: true }).toBuffer(),
      await (await rgbImage(4, 61, 37)).png({ compressionLevel: 0 }).toBuffer(),
    ]) {
      expect(() => checkPngBounds(new Uint8Array(png))).not.toThrow();
      expect((await decodeImage(new Uint8Array(png), target)).pixels.length).toBe(28 * 28);
    }
  });
});
