// The robustness lab's image transforms (issue #17): each one a table entry with its labels, its default
// magnitudes (9 values, the identity among them) and a pure apply on one HWC Float32Array image. Images are in
// pixel scale 0..1 (pixel/255, before the dataset's normalisation), so "zero fill" is black and σ is in pixels'
// units whatever the normalisation; robustness.ts normalises after the transform.
import type { Random } from '../train/random';

export type TransformId = 'shiftX' | 'shiftY' | 'scale' | 'rotation' | 'squeeze' | 'stroke' | 'noise' | 'occlusion';

export interface ImageTransform {
  id: TransformId;
  label: { en: string; ko: string };
  /** What the magnitude is, for axes and tables. */
  unit: { en: string; ko: string };
  /** 9 magnitudes, the identity (no change) among them. */
  magnitudes: readonly number[];
  /** The magnitude at which the image is unchanged. */
  identity: number;
  /** The transformed image (a new array); `rng` is used only by the random transforms (noise). */
  apply(img: Float32Array, h: number, w: number, c: number, m: number, rng: Random): Float32Array;
}

/** Moves the image by whole pixels (positive dx right, positive dy down); what enters is 0. */
export function shift(img: Float32Array, h: number, w: number, c: number, dx: number, dy: number): Float32Array {
  const out = new Float32Array(img.length);
  const sx = Math.round(dx);
  const sy = Math.round(dy);
  for (let y = 0; y < h; y++) {
    const fromY = y - sy;
    if (fromY < 0 || fromY >= h) continue;
    const x0 = Math.max(0, sx);
    const x1 = Math.min(w, w + sx);
    if (x1 > x0) out.set(img.subarray((fromY * w + x0 - sx) * c, (fromY * w + x1 - sx) * c), (y * w + x0) * c);
  }
  return out;
}

/**
 * Inverse-mapped bilinear resampling about the image centre ((w−1)/2, (h−1)/2): output pixel (x, y) reads the
 * source at centre + A·(p − centre) with A = [[a, b], [d, e]]; samples outside the image read 0.
 */
function resample(img: Float32Array, h: number, w: number, c: number, a: number, b: number, d: number, e: number): Float32Array {
  const out = new Float32Array(img.length);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  // Sample positions within 1e-9 of a pixel snap to it, so that exact maps (90°, ×1) copy pixels exactly.
  const snap = (v: number) => (Math.abs(v - Math.round(v)) < 1e-9 ? Math.round(v) : v);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const sx = snap(cx + a * (x - cx) + b * (y - cy));
      const sy = snap(cy + d * (x - cx) + e * (y - cy));
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (y * w + x) * c;
      const inX0 = x0 >= 0 && x0 < w;
      const inX1 = x0 + 1 >= 0 && x0 + 1 < w;
      if (y0 >= 0 && y0 < h) {
        if (inX0) add(out, o, img, (y0 * w + x0) * c, c, (1 - fx) * (1 - fy));
        if (inX1) add(out, o, img, (y0 * w + x0 + 1) * c, c, fx * (1 - fy));
      }
      if (y0 + 1 >= 0 && y0 + 1 < h) {
        if (inX0) add(out, o, img, ((y0 + 1) * w + x0) * c, c, (1 - fx) * fy);
        if (inX1) add(out, o, img, ((y0 + 1) * w + x0 + 1) * c, c, fx * fy);
      }
    }
  return out;
}

function add(out: Float32Array, o: number, img: Float32Array, s: number, c: number, wt: number): void {
  if (wt !== 0) for (let k = 0; k < c; k++) out[o + k] += wt * img[s + k];
}

/** Scales about the centre by `fx` horizontally and `fy` vertically (>1 larger), bilinear, zero fill. */
export function scaleAbout(img: Float32Array, h: number, w: number, c: number, fx: number, fy: number): Float32Array {
  return resample(img, h, w, c, 1 / fx, 0, 0, 1 / fy);
}

/** Rotates about the centre by `deg` degrees, positive counter-clockwise as seen on screen (y points down), bilinear, zero fill. */
export function rotate(img: Float32Array, h: number, w: number, c: number, deg: number): Float32Array {
  const t = (deg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  // Output offset (dx, dy) reads the source rotated back by −θ: (dx·cos − dy·sin, dx·sin + dy·cos).
  return resample(img, h, w, c, cos, -sin, sin, cos);
}

/**
 * Grey-level morphology with a 3×3 square, |k| times per channel: dilation (max) for k > 0 thickens bright
 * strokes, erosion (min) for k < 0 thins them (Serra, Image Analysis and Mathematical Morphology, 1982).
 * The border reads only the pixels inside the image.
 */
export function stroke(img: Float32Array, h: number, w: number, c: number, k: number): Float32Array {
  let cur = Float32Array.from(img);
  const steps = Math.abs(Math.round(k));
  const dilate = k > 0;
  for (let s = 0; s < steps; s++) {
    const next = new Float32Array(cur.length);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let ch = 0; ch < c; ch++) {
          let v = dilate ? -Infinity : Infinity;
          for (let yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++)
            for (let xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
              const p = cur[(yy * w + xx) * c + ch];
              v = dilate ? Math.max(v, p) : Math.min(v, p);
            }
          next[(y * w + x) * c + ch] = v;
        }
    cur = next;
  }
  return cur;
}

/** Adds Gaussian noise N(0, σ²) per value (Box–Muller from the seeded generator), clipped to 0..1. */
export function gaussianNoise(img: Float32Array, sigma: number, rng: Random): Float32Array {
  const out = Float32Array.from(img);
  if (sigma === 0) return out;
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const t = 2 * Math.PI * rng();
    out[i] = Math.min(1, Math.max(0, out[i] + sigma * r * Math.cos(t)));
    if (i + 1 < out.length) out[i + 1] = Math.min(1, Math.max(0, out[i + 1] + sigma * r * Math.sin(t)));
  }
  return out;
}

/** Zero-fills a square of side `side` pixels at the image centre (the same place in every image, so curves repeat exactly). */
export function occlude(img: Float32Array, h: number, w: number, c: number, side: number): Float32Array {
  const out = Float32Array.from(img);
  const s = Math.max(0, Math.min(Math.round(side), h, w));
  const top = Math.floor((h - s) / 2);
  const left = Math.floor((w - s) / 2);
  for (let y = top; y < top + s; y++) out.fill(0, (y * w + left) * c, (y * w + left + s) * c);
  return out;
}

const range = (from: number, step: number) => Array.from({ length: 9 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);

export const TRANSFORMS: readonly ImageTransform[] = [
  { id: 'shiftX', label: { en: 'Shift right', ko: '오른쪽 이동' }, unit: { en: 'pixels', ko: '픽셀' }, magnitudes: range(-4, 1), identity: 0, apply: (img, h, w, c, m) => shift(img, h, w, c, m, 0) },
  { id: 'shiftY', label: { en: 'Shift down', ko: '아래쪽 이동' }, unit: { en: 'pixels', ko: '픽셀' }, magnitudes: range(-4, 1), identity: 0, apply: (img, h, w, c, m) => shift(img, h, w, c, 0, m) },
  { id: 'scale', label: { en: 'Scale', ko: '크기 조절' }, unit: { en: 'factor', ko: '배율' }, magnitudes: range(0.6, 0.1), identity: 1, apply: (img, h, w, c, m) => scaleAbout(img, h, w, c, m, m) },
  { id: 'rotation', label: { en: 'Rotation', ko: '회전' }, unit: { en: 'degrees', ko: '도' }, magnitudes: range(-40, 10), identity: 0, apply: (img, h, w, c, m) => rotate(img, h, w, c, m) },
  { id: 'squeeze', label: { en: 'Squeeze', ko: '가로 압축' }, unit: { en: 'width factor', ko: '가로 배율' }, magnitudes: range(0.6, 0.1), identity: 1, apply: (img, h, w, c, m) => scaleAbout(img, h, w, c, m, 1) },
  { id: 'stroke', label: { en: 'Stroke width', ko: '획 두께' }, unit: { en: 'dilations (−: erosions)', ko: '팽창 횟수 (−: 침식)' }, magnitudes: range(-4, 1), identity: 0, apply: (img, h, w, c, m) => stroke(img, h, w, c, m) },
  { id: 'noise', label: { en: 'Gaussian noise', ko: '가우시안 잡음' }, unit: { en: 'σ', ko: 'σ' }, magnitudes: [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6], identity: 0, apply: (img, _h, _w, _c, m, rng) => gaussianNoise(img, m, rng) },
  { id: 'occlusion', label: { en: 'Centre occlusion', ko: '가운데 가림' }, unit: { en: 'side in pixels', ko: '한 변 픽셀' }, magnitudes: range(0, 2), identity: 0, apply: (img, h, w, c, m) => occlude(img, h, w, c, m) },
];

export const TRANSFORM_IDS = TRANSFORMS.map((t) => t.id);

export function transformById(id: string): ImageTransform | undefined {
  return TRANSFORMS.find((t) => t.id === id);
}
