// The PNG encoder's files decode back to the same pixels in two independent decoders (the host's own
// decodePngFast and libvips through sharp), with every channel count, odd sizes and images whose data needs
// several stored deflate blocks; its zlib stream inflates with node:zlib and its Adler-32 matches RFC 1950's.
import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { decodePngFast } from '../../node/data/pngDecode';
import { loadMnist } from '../../node/data/ensureMnist';
import { adler32, base64, encodePng, pngDataUrl, zlibStored } from './png';

/** Real pixels: MNIST digits laid side by side, repeated per channel with a per-channel offset. */
async function realPixels(width: number, height: number, channels: number): Promise<Uint8Array> {
  const mnist = await loadMnist();
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const digit = (Math.floor(y / 28) * 7 + Math.floor(x / 28)) % mnist.n;
      const v = mnist.images[digit * 784 + (y % 28) * 28 + (x % 28)];
      for (let c = 0; c < channels; c++) out[(y * width + x) * channels + c] = (v + c * 61) & 0xff;
    }
  return out;
}

function asSharpGives(pixels: Uint8Array, c: number, out: number): Uint8Array {
  if (c === out) return pixels;
  const n = pixels.length / c;
  const res = new Uint8Array(n * out);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) res[i * out + k] = pixels[i * c];
    if (out === 4) res[i * out + 3] = c === 2 ? pixels[i * c + 1] : 255;
  }
  return res;
}

describe('encodePng', () => {
  it.each([
    { w: 28, h: 28, c: 1 },
    { w: 28, h: 28, c: 3 },
    { w: 61, h: 37, c: 4 },
    { w: 33, h: 9, c: 2 },
    { w: 1, h: 1, c: 1 },
    // 200 × 150 × 3 + 150 filter bytes = 90,150 bytes: two stored blocks.
    { w: 200, h: 150, c: 3 },
    // 400 × 300 × 4: five blocks.
    { w: 400, h: 300, c: 4 },
  ])('$w×$h×$c decodes to the same pixels with decodePngFast and sharp', async ({ w, h, c }) => {
    const pixels = await realPixels(w, h, c);
    const png = encodePng(w, h, c, pixels);
    const fast = decodePngFast(png)!;
    expect({ w: fast.width, h: fast.height, c: fast.channels }).toEqual({ w, h, c });
    expect(Buffer.from(fast.pixels).equals(Buffer.from(pixels))).toBe(true);
    const meta = await sharp(png).metadata();
    expect({ w: meta.width, h: meta.height, c: meta.channels, depth: meta.depth }).toEqual({ w, h, c, depth: 'uchar' });
    // sharp hands grey (+ alpha) back as RGB (+ alpha): the grey value repeated.
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(Buffer.from(data).equals(Buffer.from(asSharpGives(pixels, c, info.channels)))).toBe(true);
  });

  it('refuses what a PNG cannot hold', () => {
    expect(() => encodePng(2, 2, 5, new Uint8Array(20))).toThrow(/1, 2, 3 or 4 channels/);
    expect(() => encodePng(2, 2, 1, new Uint8Array(3))).toThrow(/needs 4 bytes/);
    expect(() => encodePng(0, 2, 1, new Uint8Array(0))).toThrow(/positive/);
  });
});

describe('zlibStored and adler32', () => {
  it('Adler-32 of "Wikipedia" is 0x11E60398 (the RFC 1950 example as Wikipedia works it); of nothing, 1', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
  });

  it.each([0, 1, 65535, 65536, 200_000])('%i bytes inflate back with node:zlib (its Adler-32 check passes)', async (n) => {
    const data = (await realPixels(Math.max(1, Math.ceil(n / 28)), 28, 1)).subarray(0, n);
    expect(Buffer.from(inflateSync(zlibStored(data))).equals(Buffer.from(data))).toBe(true);
  });
});

describe('base64 and pngDataUrl', () => {
  it('equal Node’s base64 of the same bytes', async () => {
    const pixels = await realPixels(300, 300, 3);
    expect(base64(pixels)).toBe(Buffer.from(pixels).toString('base64'));
    const url = pngDataUrl(28, 28, 1, pixels.subarray(0, 784));
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expect(Buffer.from(url.slice(22), 'base64').equals(Buffer.from(encodePng(28, 28, 1, pixels.subarray(0, 784))))).toBe(true);
  });
});
