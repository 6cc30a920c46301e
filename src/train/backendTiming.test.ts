// The timer on real tfjs (cpu with our kernels) and LeNet-5: steps counted, never wall-clock bounds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { measurementKey, TIMED_STEPS, timingOrder, trainingTimer } from './backendTiming';
import { registerFastKernels, unregisterFastKernels } from '../kernels/index';
import { lenet5 } from '../templates/lenet5';

describe('trainingTimer', () => {
  const time = trainingTimer(tf, { graph: lenet5().graph, settings: { batchSize: 16, optimizer: 'sgd' } });
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerFastKernels(tf);
  });
  afterAll(() => void unregisterFastKernels(tf));

  // The trainer reads a step back one step late: a stop asked after step k (k ≥ 1) still reads step k back.
  it.each<[string, { until: number; best?: number }, { steps: number; cut?: string; firstStepOnly?: boolean }]>([
    ['runs its full count of steps when nothing cuts it short', { until: Infinity }, { steps: TIMED_STEPS }],
    ['stops after the first step when the share is already spent', { until: -Infinity }, { steps: 1, cut: 'budget', firstStepOnly: true }],
    ['stops once two timed steps show it clearly slower than the best', { until: Infinity, best: 1e12 }, { steps: 4, cut: 'slower' }],
    ['is not cut by a best it beats', { until: Infinity, best: 1e-3 }, { steps: TIMED_STEPS }],
  ])('%s', async (_title, limits, want) => {
    const tensors = tf.memory().numTensors;
    const r = await time('cpu', limits);
    expect(r).toEqual({ samplesPerSec: expect.any(Number), ...want });
    expect(r.samplesPerSec).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe('measurementKey', () => {
  const machine = 'nvidia ampere | ANGLE (NVIDIA) | 8 cores';
  const lenet = { params: 61_706, macs: 429_000, batchSize: 32 };
  it.each<[string, typeof lenet, boolean]>([
    ['the same model', lenet, true],
    ['a few more weights (a wider dense layer)', { ...lenet, params: 64_000 }, true],
    ['twice the weights', { ...lenet, params: 123_412 }, false],
    ['a larger input (4× the multiply-adds)', { ...lenet, macs: 1_716_000 }, false],
    ['another batch size', { ...lenet, batchSize: 128 }, false],
  ])('%s → same key: %s', (_title, size, same) => expect(measurementKey(machine, size) === measurementKey(machine, lenet)).toBe(same));

  it('differs between machines', () => expect(measurementKey('apple m2 | 8 cores', lenet)).not.toBe(measurementKey(machine, lenet)));
});

describe('timingOrder', () => {
  // Multiply-adds per sample as analyzeGraph counts them (templates.test.ts has the models).
  it.each<[string, string, { macs: number; batchSize: number }, number]>([
    ['LeNet-5, batch 32, 2 threads', 'wasm', { macs: 423_000, batchSize: 32 }, 2],
    ['LeNet-5, batch 256, 1 thread', 'wasm', { macs: 423_000, batchSize: 256 }, 1],
    ['LeNet-5, batch 1024, 1 thread (~0.9 s a wasm step)', 'webgpu', { macs: 423_000, batchSize: 1024 }, 1],
    ['ResNet-20 on CIFAR, batch 128, 4 threads', 'webgpu', { macs: 41_000_000, batchSize: 128 }, 4],
    ['ResNet-18 at 224, batch 32, 8 threads', 'webgpu', { macs: 1_800_000_000, batchSize: 32 }, 8],
  ])('%s: %s first', (_title, first, size, threads) => {
    const order = timingOrder(size, threads);
    expect(order[0]).toBe(first);
    expect([...order].sort()).toEqual(['wasm', 'webgl', 'webgpu']);
  });
});
