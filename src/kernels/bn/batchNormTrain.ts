// The batch-norm training step as ONE differentiable op (tf.customGrad) over channels-last x:
// y = γ·(x − μ)/√(σ² + ε) + β with μ, σ² (biased) over every axis but the last, plus μ and σ² themselves for the
// moving averages. Where our BatchNormTrain kernels are registered for the active backend (cpu, wasm: JS loops;
// webgpu: WGSL, ../webgpu/batchNormPrograms.ts) it is one kernel call forward and one backward; elsewhere (webgl)
// the same closed forms in ~6 + ~9 ops, still far fewer than tf.moments + batchNorm under autodiff (~40 per layer).
import type * as tfjs from '@tensorflow/tfjs';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD } from './batchNormTrainKernels';

type Tf = typeof tfjs;
type Tensor = tfjs.Tensor;

export interface BatchNormTrainResult {
  y: Tensor;
  /** Kept tensors (they outlive tidy scopes): the caller disposes them. */
  mean: tfjs.Tensor1D;
  variance: tfjs.Tensor1D;
}

/** Whether the fused kernels serve the active backend (else the composed ops run). */
export function hasFusedBatchNorm(tf: Tf): boolean {
  const backend = tf.getBackend();
  return Boolean(tf.getKernel(BATCH_NORM_TRAIN, backend) && tf.getKernel(BATCH_NORM_TRAIN_GRAD, backend));
}

export function batchNormTrain(tf: Tf, x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): BatchNormTrainResult {
  const C = x.shape[x.rank - 1];
  if (x.rank < 2 || gamma.shape.join() !== `${C}` || beta.shape.join() !== `${C}`)
    throw new Error(`batchNormTrain: expected x of rank ≥ 2 with channels last and γ, β of shape [${C}], got x [${x.shape}], γ [${gamma.shape}], β [${beta.shape}]`);
  const fused = hasFusedBatchNorm(tf);
  const axes = [...Array(x.rank - 1).keys()];
  const M = x.size / C;
  let stats: [tfjs.Tensor1D, tfjs.Tensor1D] | undefined;
  const op = tf.customGrad((...args: Array<Tensor | tfjs.GradSaveFunc>) => {
    const [xIn, g, b] = args as Tensor[];
    const save = args[3] as tfjs.GradSaveFunc;
    let y: Tensor;
    let mean: tfjs.Tensor1D;
    let variance: tfjs.Tensor1D;
    if (fused) {
      [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAIN, { x: xIn, gamma: g, beta: b }, { epsilon }) as [Tensor, tfjs.Tensor1D, tfjs.Tensor1D];
    } else {
      mean = tf.mean(xIn, axes);
      const centered = tf.sub(xIn, mean);
      variance = tf.mean(tf.square(centered), axes);
      y = tf.add(tf.mul(centered, tf.mul(g, tf.rsqrt(tf.add(variance, epsilon)))), b);
    }
    stats = [tf.keep(mean), tf.keep(variance)];
    save([xIn, g, mean, variance]);
    return {
      value: y,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [xs, gs, ms, vs] = saved;
        if (fused) return tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD, { dy, x: xs, gamma: gs, mean: ms, variance: vs }, { epsilon }) as Tensor[];
        return tf.tidy(() => {
          const invStd = tf.rsqrt(tf.add(vs, epsilon));
          const xhat = tf.mul(tf.sub(xs, ms), invStd);
          const dbeta = tf.sum(dy, axes);
          const dgamma = tf.sum(tf.mul(dy, xhat), axes);
          // dx = γ/√(σ² + ε) · (dy − dβ/M − x̂·dγ/M)
          const dx = tf.mul(tf.mul(gs, invStd), tf.sub(tf.sub(dy, tf.div(dbeta, M)), tf.mul(xhat, tf.div(dgamma, M))));
          return [dx, dgamma, dbeta];
        });
      },
    };
  });
  const y = op(x, gamma, beta);
  const [mean, variance] = stats!;
  return { y, mean, variance };
}
