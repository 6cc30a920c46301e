// BatchMatMul, Sum, Mean, Tile and the broadcasting binary ops against the stock tfjs-cpu kernels: each op runs
// once with stock kernels and once with ours registered, on the same seeded inputs, including the shapes that
// must fall back (int32, general broadcasts).
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';
import { relativeError } from '../testing/compare';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => {
  unregisterFastKernels(tf);
});

const r = (shape: number[], seed: number) => tf.randomUniform(shape, -2, 2, 'float32', seed);

/** Runs `op` with stock kernels, then with ours; returns the worst difference relative to the largest value. */
function compare(op: () => tf.Tensor): number {
  const expected = op();
  registerFastKernels(tf, { backends: ['cpu'] });
  const actual = op();
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toEqual(expected.dtype);
  return relativeError(actual.dataSync(), expected.dataSync());
}

describe('support kernels equal the stock tfjs-cpu kernels', () => {
  it.each([
    { name: 'dense forward', a: [64, 400], b: [400, 120], ta: false, tb: false },
    { name: 'dense dW (aᵀ·dy)', a: [64, 120], b: [64, 84], ta: true, tb: false },
    { name: 'dense dx (dy·wᵀ)', a: [64, 84], b: [120, 84], ta: false, tb: true },
    { name: 'batched both transposed', a: [3, 7, 5], b: [3, 9, 7], ta: true, tb: true },
    { name: 'batch broadcast of 1', a: [1, 4, 6], b: [5, 6, 3], ta: false, tb: false },
    { name: 'general batch broadcast falls back', a: [2, 1, 4, 6], b: [1, 3, 6, 2], ta: false, tb: false },
  ])('BatchMatMul $name', ({ a, b, ta, tb }) => {
    expect(compare(() => tf.matMul(r(a, 1), r(b, 2), ta, tb))).toBeLessThanOrEqual(1e-5);
  });

  it.each([
    { name: 'bias grad: leading axes', shape: [4, 6, 5, 3], axis: [0, 1, 2], keepDims: false },
    { name: 'bias grad of 6 channels', shape: [5, 7, 9, 6], axis: [0, 1, 2], keepDims: false },
    { name: 'one kept value', shape: [301, 1], axis: [0], keepDims: false },
    { name: '9 rows of 8', shape: [9, 8], axis: [0], keepDims: false },
    { name: 'leading axes kept', shape: [4, 6, 5, 3], axis: [0, 1], keepDims: true },
    { name: 'trailing axis', shape: [7, 10], axis: [1], keepDims: false },
    { name: 'negative axis', shape: [2, 3, 4], axis: [-1, -2], keepDims: false },
    { name: 'all axes', shape: [3, 5], axis: [0, 1], keepDims: false },
    { name: 'middle axis falls back', shape: [3, 4, 5], axis: [1], keepDims: false },
  ])('Sum and Mean: $name', ({ shape, axis, keepDims }) => {
    expect(compare(() => tf.sum(r(shape, 3), axis, keepDims))).toBeLessThanOrEqual(1e-5);
    unregisterFastKernels(tf);
    expect(compare(() => tf.mean(r(shape, 4), axis, keepDims))).toBeLessThanOrEqual(1e-5);
  });

  it('int32 Sum falls back and keeps its dtype', () => {
    expect(compare(() => tf.sum(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), 0))).toBe(0);
  });

  it.each([
    { shape: [1, 1, 1, 6], reps: [4, 5, 3, 1] },
    { shape: [2, 3], reps: [3, 2] },
    { shape: [3, 1, 2], reps: [1, 4, 3] },
    { shape: [5], reps: [4] },
  ])('Tile $shape × $reps', ({ shape, reps }) => {
    expect(compare(() => tf.tile(r(shape, 5), reps))).toBe(0);
  });

  for (const op of ['add', 'sub', 'mul', 'div'] as const) {
    it.each([
      { a: [4, 5, 6], b: [4, 5, 6] },
      { a: [4, 5, 6], b: [6] },
      { a: [6], b: [4, 5, 6] },
      { a: [], b: [3, 4] },
      { a: [3, 4], b: [1, 1] },
      { a: [4, 1, 6], b: [4, 5, 6] },
      { a: [4, 5, 1], b: [5, 6] },
    ])(`${op} $a ∘ $b`, ({ a, b }) => {
      expect(compare(() => tf[op](r(a, 6), r(b, 7).abs().add(0.5)))).toBeLessThanOrEqual(1e-6);
    });
  }
});
