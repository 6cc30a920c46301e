// A picture (drawn, dropped, or a dataset sample of another size) fitted to the model's input, for the Learn
// tab and Try an image alike: scaled to H×W, grey models get the luminance and white-on-black like MNIST
// (light pictures are inverted), RGB models the colour channels. Out: uint8 HWC.
export function fitToInput(source: CanvasImageSource, h: number, w: number, c: number, autoInvert: boolean): Uint8Array {
  const small = document.createElement('canvas');
  small.width = w;
  small.height = h;
  const ctx = small.getContext('2d')!;
  ctx.drawImage(source, 0, 0, w, h);
  const px = ctx.getImageData(0, 0, w, h).data;
  const out = new Uint8Array(h * w * c);
  let mean = 0;
  for (let p = 0; p < w * h; p++) {
    if (c === 1) out[p] = Math.round(0.299 * px[p * 4] + 0.587 * px[p * 4 + 1] + 0.114 * px[p * 4 + 2]);
    else for (let k = 0; k < c; k++) out[p * c + k] = px[p * 4 + Math.min(k, 2)];
    mean += out[p * c];
  }
  if (autoInvert && c === 1 && mean / (w * h) > 127) for (let p = 0; p < out.length; p++) out[p] = 255 - out[p];
  return out;
}

/** uint8 HWC (1 or 3+ channels) → an RGBA canvas of the same size. */
export function imageCanvas(pixels: Uint8Array, h: number, w: number, c: number): HTMLCanvasElement {
  const cv = document.createElement('canvas');
  cv.width = w;
  cv.height = h;
  const ctx = cv.getContext('2d')!;
  const img = ctx.createImageData(w, h);
  for (let p = 0; p < h * w; p++) {
    const r = pixels[p * c];
    const g = c >= 3 ? pixels[p * c + 1] : r;
    const b = c >= 3 ? pixels[p * c + 2] : r;
    img.data.set([r, g, b, 255], p * 4);
  }
  ctx.putImageData(img, 0, 0);
  return cv;
}

/** A sample of another size or channel count, fitted through a canvas. */
export function fitPixels(pixels: Uint8Array, h: number, w: number, c: number, to: [number, number, number]): Uint8Array {
  const [H, W, C] = to;
  if (h === H && w === W && c === C) return pixels;
  return fitToInput(imageCanvas(pixels, h, w, c), H, W, C, false);
}
