// Learning rate at a given point of training.
//   step:   lr·γ^⌊epoch/stepSize⌋
//   cosine: lr·½(1 + cos(π·t/T)), t = steps done, T = all steps (Loshchilov & Hutter, SGDR, 2017; no restarts)
import type { TrainingSettings } from './settings';

export function learningRateAt(s: Pick<TrainingSettings, 'learningRate' | 'schedule' | 'stepSize' | 'stepGamma'>, epoch: number, step: number, totalSteps: number): number {
  switch (s.schedule) {
    case 'step':
      return s.learningRate * Math.pow(s.stepGamma, Math.floor(epoch / s.stepSize));
    case 'cosine':
      return s.learningRate * 0.5 * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / Math.max(1, totalSteps)));
    default:
      return s.learningRate;
  }
}
