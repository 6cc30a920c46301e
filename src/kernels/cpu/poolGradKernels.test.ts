// Our MaxPoolGrad / AvgPoolGrad against the stock tfjs-cpu kernels, through tf.grads of the pooling ops.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';

type PoolCase = {
  name: string;
  x: [number, number, number, number];
  size: [number, number];
  strides: [number, number];
  pad: 'same' | 'valid' | number;
  /** Pool round(2·relu(x)): windows tie (at 0 and at small integers), and the first tap in scan order wins. */
  ties?: boolean;
};

const CASES: PoolCase[] = [
  { name: 'lenet 2x2/2 valid', x: [4, 28, 28, 6], size: [2, 2], strides: [2, 2], pad: 'valid' },
  { name: 'lenet 2x2/2 valid with ties', x: [4, 28, 28, 6], size: [2, 2], strides: [2, 2], pad: 'valid', ties: true },
  { name: 'tiled 2x2/2 valid, odd sizes leave a row and column out', x: [3, 9, 7, 5], size: [2, 2], strides: [2, 2], pad: 'valid', ties: true },
  { name: 'tiled 3x2/(3,2) valid', x: [2, 10, 8, 3], size: [3, 2], strides: [3, 2], pad: 'valid' },
  { name: '2x2/2 same on odd sizes (padded: not the 2×2 fast path)', x: [2, 7, 9, 3], size: [2, 2], strides: [2, 2], pad: 'same', ties: true },
  { name: 'odd 3x3/2 same', x: [2, 9, 7, 3], size: [3, 3], strides: [2, 2], pad: 'same' },
  { name: 'overlapping 3x3/1 same', x: [1, 6, 6, 5], size: [3, 3], strides: [1, 1], pad: 'same' },
  { name: 'batch 1 2x3/(1,2) valid', x: [1, 7, 8, 2], size: [2, 3], strides: [1, 2], pad: 'valid' },
  { name: 'explicit pad 1', x: [2, 5, 5, 4], size: [3, 3], strides: [2, 2], pad: 1 },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => {
  unregisterFastKernels(tf);
});

function poolGrads(kind: 'max' | 'avg', c: PoolCase): Float32Array {
  const normal = tf.randomNormal(c.x, 0, 1, 'float32', 31);
  const x = c.ties ? tf.round(tf.relu(normal).mul(2)) : normal;
  const pool = (t: tf.Tensor) =>
    kind === 'max' ? tf.maxPool(t as tf.Tensor4D, c.size, c.strides, c.pad) : tf.avgPool(t as tf.Tensor4D, c.size, c.strides, c.pad);
  const r = tf.randomNormal(pool(x).shape, 0, 1, 'float32', 32);
  return tf.grad((t: tf.Tensor) => pool(t).mul(r).sum())(x).dataSync() as Float32Array;
}

describe('pooling gradients equal the stock tfjs-cpu kernels', () => {
  for (const kind of ['max', 'avg'] as const) {
    it.each(CASES)(`${kind}PoolGrad: $name`, (c) => {
      const expected = poolGrads(kind, c);
      registerFastKernels(tf, { backends: ['cpu'] });
      const actual = poolGrads(kind, c);
      const scale = Math.max(...Array.from(expected, Math.abs));
      const worst = Math.max(...Array.from(expected, (e, i) => Math.abs(e - actual[i])));
      expect(scale).toBeGreaterThan(0);
      expect(worst / scale).toBeLessThanOrEqual(1e-5);
    });
  }
});
