// Tile by block copies, innermost axis first: after handling axis a, every block of the already-tiled inner
// dims is repeated reps[a] times with copyWithin. Stock tfjs-cpu maps each output index back through
// indexToLoc (an array per element) — batch-norm gradients tile [C] up to the activation shape every step.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { TensorIO } from '../tensorIO';

export function makeTileKernel(io: TensorIO, stock: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as TensorInfo;
    const reps = attrs?.reps as number[];
    if (x.dtype !== 'float32' || reps.length !== x.shape.length) {
      if (!stock) throw new Error('Tile: only float32 with one rep per axis is implemented');
      return stock(args);
    }
    const outShape = x.shape.map((d, i) => d * reps[i]);
    const { info, values: out } = io.allocate(backend, outShape);
    const values = io.read(backend, x);
    if (out.length === 0) return info;
    // Lay x out with each of its blocks spaced for the final (tiled) inner sizes, then grow axes inner→outer.
    const rank = x.shape.length;
    const innerOut = new Array<number>(rank + 1).fill(1); // product of outShape[a..] for a ≥ i
    for (let a = rank - 1; a >= 0; a--) innerOut[a] = innerOut[a + 1] * outShape[a];
    // Scatter x's rows (last axis contiguous) to their positions in the output.
    const lastLen = x.shape[rank - 1] ?? 1;
    const rows = values.length / Math.max(1, lastLen);
    for (let r = 0; r < rows; r++) {
      let rest = r;
      let at = 0;
      for (let a = rank - 2; a >= 0; a--) {
        const i = rest % x.shape[a];
        rest = (rest - i) / x.shape[a];
        at += i * innerOut[a + 1];
      }
      out.set(values.subarray(r * lastLen, (r + 1) * lastLen), at);
    }
    // Repeat along each axis, innermost first: a block of x.shape[a] slices of innerOut[a+1] repeats reps[a] times.
    for (let a = rank - 1; a >= 0; a--) {
      if (reps[a] === 1) continue;
      const block = x.shape[a] * innerOut[a + 1];
      const outerCount = out.length / innerOut[a];
      for (let o = 0; o < outerCount; o++) {
        if (!isPlaced(o, a, x.shape, reps, outShape)) continue;
        const start = o * innerOut[a];
        for (let k = 1; k < reps[a]; k++) out.copyWithin(start + k * block, start, start + block);
      }
    }
    return info;
  };
}

/** Whether outer index o (over axes < a of the output) is a position the original x, not a copy, was placed at. */
function isPlaced(o: number, a: number, shape: number[], reps: number[], outShape: number[]): boolean {
  let rest = o;
  for (let i = a - 1; i >= 0; i--) {
    const idx = rest % outShape[i];
    rest = (rest - idx) / outShape[i];
    if (idx >= shape[i] && reps[i] > 1) return false;
  }
  return true;
}
