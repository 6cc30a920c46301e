import { describe, expect, it } from 'vitest';
import { TrainingSettingsSchema } from '../../src/train/settings';
import { fmtLr, scheduleArgs } from './settingsHelp';

describe('scheduleArgs', () => {
  it.each([
    // settings, expected worked numbers
    [{ learningRate: 0.001, schedule: 'step', stepSize: 10, stepGamma: 0.5, epochs: 30 }, { at: 21, lrAt: '0.00025', lrLast: '0.00025' }],
    [{ learningRate: 0.01, schedule: 'step', stepSize: 2, stepGamma: 0.1, epochs: 7 }, { at: 5, lrAt: '0.0001', lrLast: '0.00001' }],
    [{ learningRate: 0.001, schedule: 'step', stepSize: 5, stepGamma: 0.5, epochs: 3 }, { at: 3, lrAt: '0.001', lrLast: '0.001' }],
    [{ learningRate: 0.002, schedule: 'cosine', epochs: 10 }, { half: '0.001', lrLast: '0' }],
    [{ learningRate: 0.003, schedule: 'constant', epochs: 4 }, { lr: '0.003', lrLast: '0.003' }],
  ] as const)('%o', (patch, expected) => {
    expect(scheduleArgs(TrainingSettingsSchema.parse(patch))).toMatchObject(expected);
  });
});

describe('fmtLr', () => {
  it.each([
    [0.001 * 0.5 * 0.5, '0.00025'],
    [1e-7, '1e-7'],
    [0.1 + 0.2, '0.3'],
    [3, '3'],
  ])('%f → %s', (v, s) => expect(fmtLr(v)).toBe(s));
});
