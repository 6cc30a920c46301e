import { describe, expect, it } from 'vitest';
import { augmentSample } from './augment';
import { mulberry32 } from './random';

describe('augmentSample', () => {
  // 5×5 picture with one bright pixel at the centre (2,2).
  const src = new Uint8Array(25);
  src[12] = 255;
  const centroid = (img: Float32Array) => {
    let sx = 0, sy = 0, m = 0;
    for (let y = 0; y < 5; y++)
      for (let x = 0; x < 5; x++) {
        sx += x * img[y * 5 + x];
        sy += y * img[y * 5 + x];
        m += img[y * 5 + x];
      }
    return [sx / m, sy / m, m];
  };
  it('with no distortion gives the pixels back as 0..1 floats', () => {
    const out = new Float32Array(25);
    augmentSample(src, 0, 5, 5, 1, { shift: 0, scale: 0, rotationDeg: 0 }, mulberry32(1), out, 0);
    expect(out[12]).toBeCloseTo(1);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });
  it('shift moves the ink by at most shift·width; rotation about the centre keeps a centre pixel in place', () => {
    const rand = mulberry32(3);
    for (let k = 0; k < 20; k++) {
      const out = new Float32Array(25);
      augmentSample(src, 0, 5, 5, 1, { shift: 0.2, scale: 0, rotationDeg: 0 }, rand, out, 0);
      const [cx, cy] = centroid(out);
      expect(Math.abs(cx - 2)).toBeLessThanOrEqual(1 + 1e-6);
      expect(Math.abs(cy - 2)).toBeLessThanOrEqual(1 + 1e-6);
      const rot = new Float32Array(25);
      augmentSample(src, 0, 5, 5, 1, { shift: 0, scale: 0, rotationDeg: 90 }, rand, rot, 0);
      expect(rot[12]).toBeCloseTo(1, 5);
    }
  });
});
