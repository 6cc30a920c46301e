// BatchNormTrain / BatchNormTrainGrad on wasm through our SIMD128 passes (native/simd-kernels/batchNorm.c) where
// the channel count is a multiple of 4 and the module runs; the JS loops (../../bn/batchNormMath.ts) otherwise.
// Same closed forms (Ioffe & Szegedy 2015) and the same float64 per-channel arithmetic; only the element passes
// are f32 SIMD: forward y = (x − μ)·s + β, backward dx = k·dy + a·(x − μ) + b with s = γ/√(σ² + ε), k = γ/√(σ² + ε),
// a = −k·Σdy(x − μ)/(M(σ² + ε)), b = −k·Σdy/M. ResNet-20 b128's 19 layers: 2 + 2 SIMD passes each way.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD, batchNormChannels, batchNormGradChannels } from '../../bn/batchNormTrainKernels';
import { allocate, dispose, heapOffset, view } from '../wasmHeap';
import { simdKernelsFor } from './simdKernels';

type Args = Parameters<KernelFunc>[0];

/** Per-channel scratch in the heap: the 2·C float64 accumulators first (8-byte aligned), then f32 arrays of C. */
function scratch(backend: object, C: number, arrays: number) {
  const t = allocate(backend, [4 * C + arrays * C]);
  const at = heapOffset(backend, t);
  return {
    t,
    acc: at,
    /** The heap offset of f32 array i. */
    array: (i: number) => at + 4 * (4 * C + i * C),
    /** Views, taken after every allocation of the call. */
    views() {
      const v = view(backend, t);
      const acc = new Float64Array(v.buffer, v.byteOffset, 2 * C);
      return { acc, arrays: (i: number) => v.subarray(4 * C + i * C, 4 * C + (i + 1) * C) };
    },
  };
}

/** The wasm batch-norm kernels: SIMD where it serves, else `js` (the shared JS kernels). */
export function makeWasmBatchNormTrainKernels(js: Record<string, KernelFunc>): Record<string, KernelFunc> {
  const forward: KernelFunc = (args: Args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as TensorInfo;
    const gamma = inputs.gamma as TensorInfo;
    const beta = inputs.beta as TensorInfo;
    const C = batchNormChannels(BATCH_NORM_TRAIN, x, { gamma, beta });
    const simd = C % 4 === 0 ? simdKernelsFor(backend) : undefined;
    if (!simd) return js[BATCH_NORM_TRAIN](args);
    const M = x.shape.reduce((p, d) => p * d, 1) / C;
    const epsilon = Number(attrs?.epsilon);
    const outs = [allocate(backend, x.shape), allocate(backend, [C]), allocate(backend, [C])];
    const s = scratch(backend, C, 2); // 0: shift (x's first row), 1: scale
    const v = s.views(); // after the call's last allocation; the module allocates nothing
    v.acc.fill(0);
    v.arrays(0).set(view(backend, x).subarray(0, C));
    simd.bnMoments(heapOffset(backend, x), M, C, s.array(0), s.acc);
    const [mean, variance] = [view(backend, outs[1]), view(backend, outs[2])];
    const [shift, scale, g] = [v.arrays(0), v.arrays(1), view(backend, gamma)];
    for (let c = 0; c < C; c++) {
      const m = v.acc[c] / M;
      mean[c] = shift[c] + m;
      variance[c] = Math.max(0, v.acc[C + c] / M - m * m);
      scale[c] = g[c] / Math.sqrt(variance[c] + epsilon);
    }
    simd.bnNormalize(heapOffset(backend, x), heapOffset(backend, outs[0]), M, C, heapOffset(backend, outs[1]), s.array(1), heapOffset(backend, beta));
    dispose(backend, s.t);
    return outs;
  };

  const backward: KernelFunc = (args: Args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const gamma = inputs.gamma as TensorInfo;
    const meanT = inputs.mean as TensorInfo;
    const varianceT = inputs.variance as TensorInfo;
    const C = batchNormGradChannels(dy, x, { gamma, mean: meanT, variance: varianceT });
    const simd = C % 4 === 0 ? simdKernelsFor(backend) : undefined;
    if (!simd) return js[BATCH_NORM_TRAIN_GRAD](args);
    const M = x.shape.reduce((p, d) => p * d, 1) / C;
    const epsilon = Number(attrs?.epsilon);
    const outs = [allocate(backend, x.shape), allocate(backend, [C]), allocate(backend, [C])];
    const s = scratch(backend, C, 3); // k, a, b
    const v = s.views(); // after the call's last allocation; the module allocates nothing
    v.acc.fill(0);
    simd.bnGradSums(heapOffset(backend, dy), heapOffset(backend, x), M, C, heapOffset(backend, meanT), s.acc);
    const [dgamma, dbeta, g, variance] = [view(backend, outs[1]), view(backend, outs[2]), view(backend, gamma), view(backend, varianceT)];
    const [k, a, b] = [v.arrays(0), v.arrays(1), v.arrays(2)];
    for (let c = 0; c < C; c++) {
      const sdy = v.acc[c];
      const sdyc = v.acc[C + c]; // Σ dy·(x − μ)
      const inv = 1 / Math.sqrt(variance[c] + epsilon);
      const kc = g[c] * inv;
      k[c] = kc;
      a[c] = (-kc * inv * inv * sdyc) / M;
      b[c] = (-kc * sdy) / M;
      dbeta[c] = sdy;
      dgamma[c] = sdyc * inv;
    }
    simd.bnGradInput(heapOffset(backend, dy), heapOffset(backend, x), heapOffset(backend, outs[0]), M, C, heapOffset(backend, meanT), s.array(0), s.array(1), s.array(2));
    dispose(backend, s.t);
    return outs;
  };

  return { [BATCH_NORM_TRAIN]: forward, [BATCH_NORM_TRAIN_GRAD]: backward };
}
