// Draws the k-th of back-to-back HWC uint8 images into a canvas (grey images repeated into R, G and B).
import type { MisclassifiedPixels } from './evaluateMessages';

export function drawThumbnail(canvas: HTMLCanvasElement, t: MisclassifiedPixels, k: number): void {
  const { width: w, height: h, channels: ch } = t;
  const off = k * w * h * ch;
  if (off + w * h * ch > t.pixels.length) return;
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(w, h);
  for (let p = 0; p < w * h; p++) {
    const r = t.pixels[off + p * ch];
    img.data[p * 4] = r;
    img.data[p * 4 + 1] = ch >= 3 ? t.pixels[off + p * ch + 1] : r;
    img.data[p * 4 + 2] = ch >= 3 ? t.pixels[off + p * ch + 2] : r;
    img.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
