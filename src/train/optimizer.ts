// Optimizers from the settings, and changing their learning rate mid-run (tfjs reads `learningRate`
// on every step; SGD and momentum keep it as a scalar tensor, updated through setLearningRate).
import type * as tfjs from '@tensorflow/tfjs';
import type { TrainingSettings } from './settings';

export function makeOptimizer(tf: typeof tfjs, s: Pick<TrainingSettings, 'optimizer' | 'learningRate' | 'momentum'>): tfjs.Optimizer {
  switch (s.optimizer) {
    case 'sgd':
      return tf.train.sgd(s.learningRate);
    case 'momentum':
      return tf.train.momentum(s.learningRate, s.momentum, false);
    case 'nesterov':
      return tf.train.momentum(s.learningRate, s.momentum, true);
    case 'rmsprop':
      return tf.train.rmsprop(s.learningRate, 0.9);
    default:
      return tf.train.adam(s.learningRate);
  }
}

export function setLearningRate(opt: tfjs.Optimizer, lr: number): void {
  const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}
