// Pure helpers of the Learn views: one channel of an HWC map, its colour scale, kernels from OIHW back to
// tfjs's HWIO (the convolution arithmetic takes HWIO), and a jet-like colour for Grad-CAM.

/** One channel of an HWC map, with its own min and max. */
export function channelOf(data: Float32Array, h: number, w: number, c: number, k: number): { values: Float32Array; min: number; max: number } {
  const values = new Float32Array(h * w);
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < h * w; p++) {
    const v = data[p * c + k];
    values[p] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { values, min: h * w ? min : 0, max: h * w ? max : 0 };
}

/**
 * The colour scale of a map: greyscale 0…max when nothing is negative (ReLU outputs), else diverging
 * around 0 by ±max|v|: blue for negative, black for 0, white for positive.
 */
export type Scale = { kind: 'grey'; max: number } | { kind: 'diverging'; max: number };
export function scaleFor(min: number, max: number): Scale {
  if (min >= 0) return { kind: 'grey', max: max > 0 ? max : 1 };
  return { kind: 'diverging', max: Math.max(Math.abs(min), Math.abs(max)) || 1 };
}

/** RGB 0..255 of a value under a scale. */
export function colourOf(v: number, s: Scale): [number, number, number] {
  const t = Math.max(-1, Math.min(1, v / s.max));
  if (s.kind === 'grey' || t >= 0) {
    const g = Math.round(Math.max(0, t) * 255);
    return [g, g, g];
  }
  const a = -t; // 0 (black) … 1 (blue)
  return [Math.round(40 * a), Math.round(110 * a), Math.round(255 * a)];
}

/** RGBA pixels of one channel, for a canvas's ImageData. */
export function channelRgba(values: Float32Array, s: Scale): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(values.length * 4);
  for (let p = 0; p < values.length; p++) {
    const [r, g, b] = colourOf(values[p], s);
    out.set([r, g, b, 255], p * 4);
  }
  return out;
}

/** [K, C, F, F] (OIHW) → [F, F, C, K] (HWIO, tfjs's own layout). */
export function oihwToHwio(data: Float32Array, [K, C, F, G]: readonly [number, number, number, number]): Float32Array {
  const out = new Float32Array(data.length);
  for (let k = 0; k < K; k++) for (let c = 0; c < C; c++) for (let y = 0; y < F; y++) for (let x = 0; x < G; x++) out[((y * G + x) * C + c) * K + k] = data[((k * C + c) * F + y) * G + x];
  return out;
}

/** Jet-like colour of a CAM value 0..1 (blue → cyan → yellow → red), alpha rising with the value. */
export function camColour(v: number): [number, number, number, number] {
  const t = Math.max(0, Math.min(1, v));
  const r = Math.round(255 * Math.max(0, Math.min(1, 1.5 - Math.abs(4 * t - 3))));
  const g = Math.round(255 * Math.max(0, Math.min(1, 1.5 - Math.abs(4 * t - 2))));
  const b = Math.round(255 * Math.max(0, Math.min(1, 1.5 - Math.abs(4 * t - 1))));
  return [r, g, b, Math.round(60 + 150 * t)];
}

/** A number for the tables: 3 decimals, a true minus sign. */
export const fmt3 = (v: number): string => (Object.is(v, -0) ? 0 : v).toFixed(3).replace(/^-/, '−');

/** Short form for ranges in titles. */
export const fmt = (v: number): string => {
  const a = Math.abs(v);
  const s = a !== 0 && (a < 0.001 || a >= 10000) ? v.toExponential(2) : v.toFixed(3);
  return s.replace(/^-/, '−');
};
