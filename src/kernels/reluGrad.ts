// The ReLU gradient in one pass: dx = dy where x > 0, else 0. tfjs' registered Relu gradient is
// mul(dy, cast(step(x), 'float32')) — three kernels and three full passes over the activation (Step, Cast,
// Multiply), each a JS loop on tfjs-cpu and a dispatch on webgpu. Where our CnnStudioReluGrad kernel serves the
// active backend (cpu: below; wasm: one SIMD pass, wasm/simd/elementwiseSimd.ts — a JS pass there lost to tfjs'
// C++ Step + Multiply; webgpu: WGSL, webgpu/reluGradProgram.ts) the gradient is that one call; elsewhere tfjs'
// own formula runs.
// Same values to the bit: dy·1 = dy, dy·0 (±0, NaN for an infinite dy), and a NaN x gives NaN (tfjs' step(NaN)).
import type * as tfjs from '@tensorflow/tfjs';
import type { GradConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { TensorIO } from './tensorIO';

type Tf = typeof tfjs;

export const RELU_GRAD = 'CnnStudioReluGrad';

export function makeReluGradKernel(io: TensorIO): KernelFunc {
  return ({ inputs, backend }) => {
    const dy = inputs.dy as TensorInfo;
    const x = inputs.x as TensorInfo;
    if (dy.shape.join() !== x.shape.join()) throw new Error(`${RELU_GRAD}: dy [${dy.shape}] and x [${x.shape}] must have one shape`);
    // Allocate before reading: on wasm an allocation may grow (and detach) the heap.
    const out = io.allocate(backend, x.shape);
    const d = io.read(backend, dy);
    const xs = io.read(backend, x);
    const o = out.values;
    // dy·(x > 0) with the comparison as a number, not a branch: a sign branch on activations mispredicts about
    // half the time (measured 6× slower); NaN inputs are rare, so that branch predicts.
    for (let i = 0; i < o.length; i++) {
      const v = xs[i];
      o[i] = d[i] * +(v > 0);
      if (v !== v) o[i] = Number.NaN;
    }
    return out.info;
  };
}

const ours = new WeakSet<GradConfig>();

/** Registers the Relu gradient above (tfjs' own where our kernel is not registered for the backend). Idempotent. */
export function registerReluGradient(tf: Tf): void {
  const stock = tf.getGradient('Relu');
  if (stock && ours.has(stock)) return;
  const config: GradConfig = {
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      if (x.dtype === 'float32' && tf.getKernel(RELU_GRAD, tf.getBackend()))
        return { x: () => tf.engine().runKernel(RELU_GRAD, { dy: dy as tfjs.Tensor, x }) as tfjs.Tensor };
      if (!stock) throw new Error('tfjs registered no Relu gradient.');
      return stock.gradFunc(dy, saved, attrs);
    },
  };
  ours.add(config);
  tf.registerGradient(config);
}
