// Shared by the kernel tests: how far a result is from a reference, and numerical gradients to check an
// analytic one (central differences, error O(h²)).
import * as tf from '@tensorflow/tfjs';

/** max |a − e| / max |e|: the error relative to the reference's scale (robust to entries near zero). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  let scale = 1e-12;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return worst / scale;
}

/** ∂loss/∂v[i] for every i by (loss(v + h·eᵢ) − loss(v − h·eᵢ)) / 2h; `v` is restored after each probe. */
export function centralDifferences(v: Float64Array, loss: () => number, h = 1e-4): number[] {
  return Array.from(v, (_, i) => {
    const keep = v[i];
    v[i] = keep + h;
    const up = loss();
    v[i] = keep - h;
    const down = loss();
    v[i] = keep;
    return (up - down) / (2 * h);
  });
}

/** The parts of a conv's geometry the reference needs (tfjs' Conv2DInfo has them all). */
export interface DirectConvGeometry {
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  padInfo: { top: number; left: number };
  /** The step between kernel taps (1 when absent). */
  dilationHeight?: number;
  dilationWidth?: number;
}

/** float64 direct convolution from the definition: y[b,oy,ox,co] = Σ x[b, oy·sh−pt+ky·dh, ox·sw−pl+kx·dw, ci]·w[ky,kx,ci,co]. */
export function directConv2D(x: Float64Array, xs: number[], w: Float64Array, ws: number[], info: DirectConvGeometry): Float64Array {
  const [B, H, W, C] = xs;
  const [KH, KW, , CO] = ws;
  const { outHeight: OH, outWidth: OW, strideHeight: SH, strideWidth: SW } = info;
  const y = new Float64Array(B * OH * OW * CO);
  for (let b = 0; b < B; b++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++)
        for (let co = 0; co < CO; co++) {
          let s = 0;
          for (let ky = 0; ky < KH; ky++)
            for (let kx = 0; kx < KW; kx++) {
              const iy = oy * SH - info.padInfo.top + ky * (info.dilationHeight ?? 1);
              const ix = ox * SW - info.padInfo.left + kx * (info.dilationWidth ?? 1);
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              for (let ci = 0; ci < C; ci++) s += x[((b * H + iy) * W + ix) * C + ci] * w[((ky * KW + kx) * C + ci) * CO + co];
            }
          y[((b * OH + oy) * OW + ox) * CO + co] = s;
        }
  return y;
}

/**
 * tf.grads of loss = Σ conv2d(x, f)·r, where ∂loss/∂y = r, against central differences of the float64 direct
 * convolution: the worst relative error of dX and of dW, whichever conv kernels are registered. Async: webgpu in
 * Node reads tensors back only with data().
 */
export async function convGradientErrors(x: tf.Tensor4D, f: tf.Tensor4D, r: tf.Tensor, strides: number, pad: 'same' | 'valid' | number): Promise<[number, number]> {
  const info = tf.backend_util.computeConv2DInfo(x.shape, f.shape, strides, 1, pad);
  const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad).mul(r).sum())([x, f]);
  const [xv, fv, rv, gxv, gfv] = await Promise.all([x, f, r, gx, gf].map(async (t) => Float64Array.from(await t.data())));
  const loss = () => {
    const y = directConv2D(xv, x.shape, fv, f.shape, info);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * rv[i];
    return s;
  };
  const errors: [number, number] = [relativeError(gxv, centralDifferences(xv, loss)), relativeError(gfv, centralDifferences(fv, loss))];
  tf.dispose([gx, gf]);
  return errors;
}

/** One row of a conv kernel test table (NHWC input x, HWIO filter f). */
export interface ConvCase {
  name: string;
  x: [number, number, number, number];
  f: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
  dilations?: [number, number];
}
