// On-the-fly augmentation: a random affine (shift, scale, rotation about the centre) per sample.
// Each output pixel samples the source at the inverse-mapped point, bilinearly, zero outside
// (Simard et al. 2003 used such distortions to reach 99%+ on MNIST).
import type { Random } from './random';

export interface Augmentation {
  /** Largest shift, as a fraction of width/height. */
  shift: number;
  /** Largest relative zoom in or out. */
  scale: number;
  rotationDeg: number;
}

export const isIdentity = (a: Augmentation) => a.shift === 0 && a.scale === 0 && a.rotationDeg === 0;

/** Writes one augmented sample (floats 0..1) into `out` at `outOffset`. `src` holds h·w·c bytes from `srcOffset`. */
export function augmentSample(
  src: Uint8Array,
  srcOffset: number,
  h: number,
  w: number,
  c: number,
  a: Augmentation,
  rand: Random,
  out: Float32Array,
  outOffset: number,
): void {
  const sym = () => rand() * 2 - 1;
  const tx = sym() * a.shift * w;
  const ty = sym() * a.shift * h;
  const zoom = 1 + sym() * a.scale;
  const theta = (sym() * a.rotationDeg * Math.PI) / 180;
  // Inverse map: p_src = R(−θ)·(p_out − centre − t)/zoom + centre
  const cos = Math.cos(theta) / zoom;
  const sin = Math.sin(theta) / zoom;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const k = 1 / 255;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = x - cx - tx;
      const dy = y - cy - ty;
      const sx = cos * dx + sin * dy + cx;
      const sy = -sin * dx + cos * dy + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let ch = 0; ch < c; ch++) {
        const at = (yy: number, xx: number) => (yy < 0 || yy >= h || xx < 0 || xx >= w ? 0 : src[srcOffset + (yy * w + xx) * c + ch]);
        const v =
          (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
        out[outOffset + (y * w + x) * c + ch] = v * k;
      }
    }
  }
}
