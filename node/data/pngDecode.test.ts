import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { decodePngFast, pngHeader } from './pngDecode';
import { fashionImage, greyPng, rgbImage } from './testImages';

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
