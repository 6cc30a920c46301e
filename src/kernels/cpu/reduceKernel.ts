// Sum and Mean over leading or trailing axes of a float32 tensor in one pass. The stock kernel first transposes the
// reduced axes to the end with a generic per-element index transpose — that is what made bias gradients
// (sum of dy over batch, height and width) and batch-norm moments cost as much as a convolution. Other axis
// sets and dtypes fall back.
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { TensorIO } from '../tensorIO';

type Tf = typeof tfjs;

/**
 * A faster leading-axes sum for one backend (wasm: our SIMD module): writes out[j] = Σ_i x[i·kept + j] into `out`
 * (a fresh float32 tensor of `kept` values) and returns true, or returns false to leave it to the JS loop.
 */
export type LeadingSum = (backend: object, x: TensorInfo, kept: number, out: TensorInfo) => boolean;

export function makeReduceKernel(tf: Tf, io: TensorIO, kind: 'Sum' | 'Mean', stock: KernelFunc | undefined, leadingSum?: LeadingSum): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as TensorInfo;
    const rank = x.shape.length;
    const axes = [...new Set(tf.util.parseAxisParam(attrs?.axis as number | number[], x.shape))].sort((p, q) => p - q);
    const leading = axes.every((axis, i) => axis === i);
    const trailing = axes.every((axis, i) => axis === rank - axes.length + i);
    if (x.dtype !== 'float32' || axes.length === 0 || (!leading && !trailing)) {
      if (!stock) throw new Error(`${kind}: only float32 reductions over leading or trailing axes are implemented`);
      return stock(args);
    }
    const reduced = axes.reduce((p, axis) => p * x.shape[axis], 1);
    const keepDims = Boolean(attrs?.keepDims);
    const shape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    const { info, values: allocated } = io.allocate(backend, shape);
    const kept = allocated.length;
    const scale = kind === 'Mean' ? 1 / reduced : 1;
    if (leading && leadingSum?.(backend, x, kept, info)) {
      if (scale !== 1) {
        const sums = io.update(backend, info); // a fresh view: the hook may have grown the heap
        for (let j = 0; j < kept; j++) sums[j] *= scale;
      }
      return info;
    }
    const out = allocated;
    const values = io.read(backend, x);
    if (leading) {
      // out[j] = Σ_i x[i·kept + j], accumulated in float64 rows to keep long sums accurate
      sumRows(values, kept, out, scale);
    } else {
      for (let j = 0; j < kept; j++) {
        let s = 0;
        for (let at = j * reduced, end = at + reduced; at < end; at++) s += values[at];
        out[j] = s * scale;
      }
    }
    return info;
  };
}

/**
 * out[j] = scale · Σ_i x[i·kept + j], accumulated in float64. Four rows per pass: each accumulator is loaded and
 * stored once per four additions (this loop is memory-bound on batch-norm statistics and bias gradients).
 */
function sumRows(values: Float32Array, kept: number, out: Float32Array, scale: number): void {
  const acc = new Float64Array(kept);
  const rows = kept > 0 ? values.length / kept : 0;
  const k2 = 2 * kept;
  const k3 = 3 * kept;
  let at = 0;
  let r = 0;
  for (; r + 4 <= rows; r += 4, at += 4 * kept)
    for (let j = 0; j < kept; j++) acc[j] += values[at + j] + values[at + kept + j] + (values[at + k2 + j] + values[at + k3 + j]);
  for (; r < rows; r++, at += kept) for (let j = 0; j < kept; j++) acc[j] += values[at + j];
  for (let j = 0; j < kept; j++) out[j] = acc[j] * scale;
}
