// The ReLU gradient, the leading-axes sum (bias gradients), 2×2 max-pooling's gradient and Adam's step on wasm through our
// SIMD128 passes (native/simd-kernels/elementwise.c, pooling.c), each falling back to the JS loop where the module
// cannot run.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { MaxPoolGrad2x2 } from '../../cpu/poolGradKernels';
import type { FastRule } from '../../optimizer/optimizerStep';
import type { LeadingSum } from '../../cpu/reduceKernel';
import { allocate, dispose, heapOffset, view } from '../wasmHeap';
import { simdKernelsFor } from './simdKernels';

const size = (t: TensorInfo) => t.shape.reduce((p, d) => p * d, 1);

/** CnnStudioReluGrad on wasm: one SIMD pass (tfjs' Step + Multiply are two, with a tensor between). */
export function makeWasmReluGradKernel(js: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend } = args;
    const dy = inputs.dy as TensorInfo;
    const x = inputs.x as TensorInfo;
    const simd = simdKernelsFor(backend);
    if (!simd || dy.shape.join() !== x.shape.join()) return js(args); // the JS kernel names the shape mismatch
    const dx = allocate(backend, x.shape);
    simd.reluGrad(heapOffset(backend, dy), heapOffset(backend, x), heapOffset(backend, dx), size(x));
    return dx;
  };
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Σ over the leading axes in SIMD: `group` rows side by side make a row of group·kept floats, a multiple of 4
 * (LeNet's 6-channel bias gradient: two rows of 12), summed by the module in f32 blocks into f64; then the
 * groups folded and the leftover rows added here. LeNet-5 b256's 256×28×28×6 → 6: 1.4 → ~0.3 ms.
 */
export const simdLeadingSum: LeadingSum = (backend, x, kept, out) => {
  const simd = simdKernelsFor(backend);
  const rows = kept > 0 ? size(x) / kept : 0;
  const group = 4 / gcd(kept, 4);
  const width = group * kept;
  const wideRows = Math.floor(rows / group);
  if (!simd || wideRows === 0) return false;
  const scratch = allocate(backend, [2 * width]); // width float64 accumulators
  const v = view(backend, scratch);
  const acc = new Float64Array(v.buffer, v.byteOffset, width);
  acc.fill(0);
  simd.sumRows(heapOffset(backend, x), wideRows, width, heapOffset(backend, scratch));
  const xs = view(backend, x);
  const sums = view(backend, out);
  for (let j = 0; j < kept; j++) {
    let s = 0;
    for (let g = 0; g < group; g++) s += acc[g * kept + j];
    for (let at = wideRows * width + j; at < xs.length; at += kept) s += xs[at];
    sums[j] = s;
  }
  dispose(backend, scratch);
  return true;
};

/**
 * MaxPoolGrad of an unpadded 2×2 / 2 pooling: four channels of a window at a time, all four taps written with
 * no branch (LeNet-5 b256's 256×28×28×6: 4.3 ms in JS → 0.6 ms).
 */
export const simdMaxPoolGrad2x2: MaxPoolGrad2x2 = (backend, x, y, dy, dx, p) => {
  const simd = simdKernelsFor(backend);
  if (!simd) return false;
  const at = (t: TensorInfo) => heapOffset(backend, t);
  simd.maxPoolGrad2x2(at(x), at(y), at(dy), at(dx), p.batchSize, p.inHeight, p.inWidth, p.inChannels, p.outHeight, p.outWidth);
  return true;
};

/**
 * Adam's update of one variable in SIMD, to applyRule's bit (each f32 lane rounds as Math.fround does); the
 * other rules stay applyRule's. LeNet-5's 61,706 parameters: 0.9 ms a step in JS (11% of a b64 step).
 */
export const simdAdamRule: FastRule = (backend, rule, x, g, slots, xOut, slotsOut) => {
  if (rule.kind !== 'adam') return false;
  const simd = simdKernelsFor(backend);
  if (!simd) return false;
  const at = (t: TensorInfo) => heapOffset(backend, t);
  const f = Math.fround;
  simd.adamStep(
    at(x), at(g), at(slots[0]), at(slots[1]), at(xOut), at(slotsOut[0]), at(slotsOut[1]), size(x),
    f(rule.beta1), f(rule.beta2), f(1 - rule.beta1), f(1 - rule.beta2), f(1 - rule.accBeta1), f(1 - rule.accBeta2), f(rule.epsilon), f(-rule.learningRate),
  );
  return true;
};
