// Optimizers from the settings, and changing their learning rate mid-run. Where the backend has our fused
// step kernel (cpu, wasm) the optimizer is ./fusedOptimizer (one kernel call per step, tfjs' weights to the
// bit); elsewhere (webgpu, webgl) tfjs' own, which reads `learningRate` on every step (SGD and momentum keep
// it as a scalar tensor, updated through setLearningRate).
import type * as tfjs from '@tensorflow/tfjs';
import { ADAM_BETA1, ADAM_BETA2, hasFusedOptimizer, makeFusedOptimizer, RMSPROP_DECAY, type OptimizerSettings } from './fusedOptimizer';

export function makeOptimizer(tf: typeof tfjs, s: OptimizerSettings): tfjs.Optimizer {
  return hasFusedOptimizer(tf) ? makeFusedOptimizer(tf, s) : makeStockOptimizer(tf, s);
}

/** tfjs' own optimizer for the settings (the fused one's reference, and what backends without it run). */
export function makeStockOptimizer(tf: typeof tfjs, s: OptimizerSettings): tfjs.Optimizer {
  switch (s.optimizer) {
    case 'sgd':
      return tf.train.sgd(s.learningRate);
    case 'momentum':
      return tf.train.momentum(s.learningRate, s.momentum, false);
    case 'nesterov':
      return tf.train.momentum(s.learningRate, s.momentum, true);
    case 'rmsprop':
      return tf.train.rmsprop(s.learningRate, RMSPROP_DECAY);
    default:
      return tf.train.adam(s.learningRate, ADAM_BETA1, ADAM_BETA2);
  }
}

export function setLearningRate(opt: tfjs.Optimizer, lr: number): void {
  const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}
