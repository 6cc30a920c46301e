import { describe, expect, it } from 'vitest';
import { learningRateAt } from './lrSchedule';

describe('learningRateAt', () => {
  const base = { learningRate: 0.1, stepSize: 2, stepGamma: 0.5 };
  it.each([
    ['constant', 5, 50, 0.1],
    ['step', 0, 0, 0.1],
    ['step', 1, 10, 0.1],
    ['step', 2, 20, 0.05],
    ['step', 5, 50, 0.025],
    ['cosine', 0, 0, 0.1],
    ['cosine', 0, 50, 0.05], // halfway: ½(1+cos π/2)
    ['cosine', 0, 100, 0],
  ] as const)('%s at epoch %i, step %i of 100 → %f', (schedule, epoch, step, lr) => {
    expect(learningRateAt({ ...base, schedule }, epoch, step, 100)).toBeCloseTo(lr, 10);
  });
});
