// The transforms on exact small images: where each pixel lands, what fills in, and that each table entry's
// identity magnitude leaves a real digit unchanged.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../train/random';
import { gaussianNoise, occlude, rotate, scaleAbout, shift, stroke, TRANSFORMS } from './transforms';

/** An h×w single-channel image with 1 at the given (row, col) pixels. */
const dots = (h: number, w: number, on: [number, number][]) => {
  const x = new Float32Array(h * w);
  for (const [r, c] of on) x[r * w + c] = 1;
  return x;
};
const ramp = (h: number, w: number, c = 1) => Float32Array.from({ length: h * w * c }, (_, i) => (i + 1) / (h * w * c));
const grid = (x: Float32Array, w: number) => Array.from({ length: x.length / w }, (_, r) => Array.from(x.subarray(r * w, (r + 1) * w)));

describe('shift', () => {
  const cases: [string, number, number, [number, number]][] = [
    ['right 1', 1, 0, [2, 3]],
    ['left 2', -2, 0, [2, 0]],
    ['down 2', 0, 2, [4, 2]],
    ['up 1, right 1', 1, -1, [1, 3]],
  ];
  for (const [name, dx, dy, to] of cases)
    it(`${name}: the pixel at (2, 2) of a 5×5 moves to (${to.join(', ')})`, () => {
      expect(shift(dots(5, 5, [[2, 2]]), 5, 5, 1, dx, dy)).toEqual(dots(5, 5, [to]));
    });
  it('what leaves the image is gone and zeros enter', () => {
    expect(shift(dots(5, 5, [[0, 4]]), 5, 5, 1, 1, 0)).toEqual(new Float32Array(25));
    expect(Array.from(shift(ramp(2, 3, 3), 2, 3, 3, 1, 0).subarray(0, 6))).toEqual([0, 0, 0, ...Array.from(ramp(2, 3, 3).subarray(0, 3))]);
  });
});

describe('rotate', () => {
  it('90° of a 4×4 is the transpose flipped (counter-clockwise: out[r][c] = in[c][3 − r])', () => {
    const img = ramp(4, 4);
    const want = grid(img, 4).map((_, r) => [0, 1, 2, 3].map((c) => img[c * 4 + (3 - r)]));
    expect(grid(rotate(img, 4, 4, 1, 90), 4)).toEqual(want);
  });
  it('−90° turns it back; 180° reverses it; 0° is the identity', () => {
    const img = ramp(4, 4);
    expect(rotate(rotate(img, 4, 4, 1, 90), 4, 4, 1, -90)).toEqual(img);
    expect(Array.from(rotate(img, 4, 4, 1, 180))).toEqual(Array.from(img).reverse());
    expect(rotate(img, 4, 4, 1, 0)).toEqual(img);
  });
});

describe('scale and squeeze (about the centre, bilinear)', () => {
  it('×2 of a 3×3 centre dot spreads it bilinearly; ×1 is the identity', () => {
    const out = scaleAbout(dots(3, 3, [[1, 1]]), 3, 3, 1, 2, 2);
    expect(grid(out, 3)).toEqual([
      [0.25, 0.5, 0.25],
      [0.5, 1, 0.5],
      [0.25, 0.5, 0.25],
    ]);
    expect(scaleAbout(ramp(5, 5), 5, 5, 1, 1, 1)).toEqual(ramp(5, 5));
  });
  it('×0.5 horizontally pulls the outer columns to the centre and leaves rows alone', () => {
    // 5 wide: output column x reads source column 2 + 2·(x − 2): 0→−2 (outside), 1→0, 2→2, 3→4, 4→6 (outside).
    const img = Float32Array.from([1, 2, 3, 4, 5]);
    expect(Array.from(scaleAbout(img, 1, 5, 1, 0.5, 1))).toEqual([0, 1, 3, 5, 0]);
  });
});

describe('stroke (3×3 grey-level morphology)', () => {
  it('dilation once of one pixel is a 3×3 block; twice a 5×5; erosion undoes a 3×3 block', () => {
    const one = dots(7, 7, [[3, 3]]);
    const block = (r: number) => dots(7, 7, Array.from({ length: (2 * r + 1) ** 2 }, (_, i) => [3 - r + Math.floor(i / (2 * r + 1)), 3 - r + (i % (2 * r + 1))] as [number, number]));
    expect(stroke(one, 7, 7, 1, 1)).toEqual(block(1));
    expect(stroke(one, 7, 7, 1, 2)).toEqual(block(2));
    expect(stroke(block(1), 7, 7, 1, -1)).toEqual(one);
    expect(stroke(one, 7, 7, 1, -1)).toEqual(new Float32Array(49));
    expect(stroke(one, 7, 7, 1, 0)).toEqual(one);
  });
});

describe('noise and occlusion', () => {
  it('noise: the same seed gives the same image, another seed another; σ 0 is the identity; values stay in 0..1', () => {
    const img = ramp(8, 8);
    const a = gaussianNoise(img, 0.3, mulberry32(5));
    expect(gaussianNoise(img, 0.3, mulberry32(5))).toEqual(a);
    expect(gaussianNoise(img, 0.3, mulberry32(6))).not.toEqual(a);
    expect(gaussianNoise(img, 0, mulberry32(5))).toEqual(img);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
  });
  it('noise has the σ asked for (sample std of 20,000 values within 2%)', () => {
    const out = gaussianNoise(new Float32Array(20000).fill(0.5), 0.1, mulberry32(1));
    const mean = out.reduce((s, v) => s + v, 0) / out.length;
    const sd = Math.sqrt(out.reduce((s, v) => s + (v - mean) ** 2, 0) / out.length);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sd - 0.1)).toBeLessThan(0.002);
  });
  it('occlusion zero-fills the centred s×s square', () => {
    const out = occlude(new Float32Array(36).fill(1), 6, 6, 1, 2);
    expect(grid(out, 6).map((r) => r.join(''))).toEqual(['111111', '111111', '110011', '110011', '111111', '111111']);
    expect(occlude(ramp(6, 6), 6, 6, 1, 0)).toEqual(ramp(6, 6));
  });
});

describe('the table', () => {
  for (const t of TRANSFORMS)
    it(`${t.id}: 9 magnitudes with the identity among them, labels in en and ko, the identity leaves an RGB image unchanged`, () => {
      expect(t.magnitudes).toHaveLength(9);
      expect(t.magnitudes).toContain(t.identity);
      expect(t.label.en && t.label.ko && t.unit.en && t.unit.ko).toBeTruthy();
      const img = ramp(6, 7, 3);
      expect(t.apply(img, 6, 7, 3, t.identity, mulberry32(1))).toEqual(img);
    });
});
