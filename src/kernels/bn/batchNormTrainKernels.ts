// Two kernels of our own (names tfjs does not use) for the batch-norm training step, cpu and wasm alike:
//   BatchNormTrain     {x, gamma, beta} {epsilon} → [y, mean, variance]
//   BatchNormTrainGrad {dy, x, gamma, mean, variance} {epsilon} → [dx, dgamma, dbeta]
// x is channels-last (any rank ≥ 1), gamma/beta/mean/variance are [C]. They replace ~40 stock kernel calls per
// layer and step (tf.moments + batchNorm and its autodiff). batchNormTrain.ts calls them when registered.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { TensorIO } from '../tensorIO';
import { channelMoments, normalize, normalizeBackward } from './batchNormMath';

export const BATCH_NORM_TRAIN = 'BatchNormTrain';
export const BATCH_NORM_TRAIN_GRAD = 'BatchNormTrainGrad';
export const BATCH_NORM_KERNELS = [BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD];

/** Checks x (channels last, float32, non-empty) and the [C] per-channel tensors; returns C. Every backend's kernels share it. */
export function batchNormChannels(kernel: string, x: TensorInfo, perChannel: Record<string, TensorInfo>): number {
  const C = x.shape[x.shape.length - 1] ?? 1;
  const size = x.shape.reduce((p, d) => p * d, 1);
  if (x.shape.length === 0 || size === 0) throw new Error(`${kernel}: x must be a non-empty tensor with channels last, got shape [${x.shape}]`);
  for (const [name, t] of Object.entries({ x, ...perChannel })) {
    if (t.dtype !== 'float32') throw new Error(`${kernel}: ${name} must be float32, got ${t.dtype}`);
    if (t !== x && (t.shape.length !== 1 || t.shape[0] !== C))
      throw new Error(`${kernel}: ${name} must have shape [${C}] (x's last axis), got [${t.shape}]`);
  }
  return C;
}

/** batchNormChannels for the gradient kernel, with dy checked against x too. */
export function batchNormGradChannels(dy: TensorInfo, x: TensorInfo, perChannel: Record<string, TensorInfo>): number {
  const C = batchNormChannels(BATCH_NORM_TRAIN_GRAD, x, perChannel);
  if (dy.shape.join() !== x.shape.join()) throw new Error(`${BATCH_NORM_TRAIN_GRAD}: dy must have x's shape [${x.shape}], got [${dy.shape}]`);
  if (dy.dtype !== 'float32') throw new Error(`${BATCH_NORM_TRAIN_GRAD}: dy must be float32, got ${dy.dtype}`);
  return C;
}

export function makeBatchNormTrainKernels(io: TensorIO): Record<string, KernelFunc> {
  const forward: KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const gamma = inputs.gamma as TensorInfo;
    const beta = inputs.beta as TensorInfo;
    const C = batchNormChannels(BATCH_NORM_TRAIN, x, { gamma, beta });
    // Allocate every output before taking any view: on wasm an allocation may grow (and detach) the heap.
    const outs = [io.allocate(backend, x.shape).info, io.allocate(backend, [C]).info, io.allocate(backend, [C]).info];
    const [y, mean, variance] = outs.map((t) => io.read(backend, t));
    const xs = io.read(backend, x);
    channelMoments(xs, C, mean, variance);
    normalize(xs, C, mean, variance, io.read(backend, gamma), io.read(backend, beta), Number(attrs?.epsilon), y);
    return outs;
  };
  const backward: KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const gamma = inputs.gamma as TensorInfo;
    const mean = inputs.mean as TensorInfo;
    const variance = inputs.variance as TensorInfo;
    const C = batchNormGradChannels(dy, x, { gamma, mean, variance });
    const outs = [io.allocate(backend, x.shape).info, io.allocate(backend, [C]).info, io.allocate(backend, [C]).info];
    const [dx, dgamma, dbeta] = outs.map((t) => io.read(backend, t));
    const [dys, xs, g, m, v] = [dy, x, gamma, mean, variance].map((t) => io.read(backend, t));
    normalizeBackward(dys, xs, C, g, m, v, Number(attrs?.epsilon), dx, dgamma, dbeta);
    return outs;
  };
  return { [BATCH_NORM_TRAIN]: forward, [BATCH_NORM_TRAIN_GRAD]: backward };
}
