// Test fixtures: real Fashion-MNIST images encoded by sharp into the formats an image folder may hold.
import sharp from "sharp";
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

let test10k: Uint8Array | undefined;
/** Fashion-MNIST test image i (28×28 grey) from /usr/share/datasets. */
export function fashionImage(i: number): Uint8Array {
  test10k ??= gunzipSync(readFileSync('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz'));
  return test10k.subarray(16 + i * 784, 16 + (i + 1) * 784);
}

/** Fashion-MNIST image i as an RGB w×h picture (tinted per channel so RGB ≠ grey). */
export async function rgbImage(i: number, w = 28, h = 28): Promise<ReturnType<typeof sharp>> {
  const g = fashionImage(i);
  const rgb = new Uint8Array(784 * 3);
  for (let p = 0; p < 784; p++) rgb.set([g[p], 255 - g[p], g[p] >> 1], p * 3);
  const base = sharp(rgb, { raw: { width: 28, height: 28, channels: 3 } });
  return w === 28 && h === 28 ? base : sharp(await base.resize(w, h, { fit: 'fill' }).png().toBuffer());
}

export const greyPng = (i: number, opts: Parameters<ReturnType<typeof sharp>["png"]>[0] = {}) => sharp(fashionImage(i), { raw: { width: 28, height: 28, channels: 1 } }).png(opts).toBuffer();
