// The wasm backend's conv gradients (ours) against stock tfjs-cpu over the same seeded inputs, and one
// LeNet-style training step on wasm, which stock tfjs-wasm cannot run (no Conv2DBackpropFilter).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';

type Pad = 'same' | 'valid' | number;
const CASES: Array<{ name: string; x: number[]; f: number[]; strides: number; pad: Pad }> = [
  { name: 'lenet conv1 same', x: [3, 28, 28, 1], f: [5, 5, 1, 6], strides: 1, pad: 'same' },
  { name: 'lenet conv2 valid', x: [2, 14, 14, 6], f: [5, 5, 6, 16], strides: 1, pad: 'valid' },
  { name: 'stride 2 same odd', x: [2, 9, 11, 4], f: [3, 3, 4, 7], strides: 2, pad: 'same' },
  // Not [3,2] filters with pad 1: stock tfjs-wasm's forward Conv2D corrupts its heap there (pad > filter−1).
  { name: 'explicit pad 1, batch 1', x: [1, 6, 7, 3], f: [3, 3, 3, 4], strides: 1, pad: 1 },
  { name: '1x1 stride 2', x: [2, 8, 8, 16], f: [1, 1, 16, 32], strides: 2, pad: 'valid' },
];

function gradients(c: (typeof CASES)[number]): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const x = tf.randomUniform(c.x, -1, 1, 'float32', 41);
    const f = tf.randomUniform(c.f, -1, 1, 'float32', 42);
    const conv = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad);
    const r = tf.randomUniform(conv(x, f).shape, -1, 1, 'float32', 43);
    const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => conv(a, b).mul(r).sum())([x, f]);
    return [gx.dataSync() as Float32Array, gf.dataSync() as Float32Array];
  });
}

function relativeError(a: Float32Array, e: Float32Array): number {
  let worst = 0;
  let scale = 1e-12;
  for (let i = 0; i < e.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - e[i]));
    scale = Math.max(scale, Math.abs(e[i]));
  }
  return worst / scale;
}

let reference: Array<[Float32Array, Float32Array]>;

beforeAll(async () => {
  await tf.setBackend('cpu');
  reference = CASES.map(gradients); // stock cpu kernels: nothing of ours is registered yet
  setWasmPaths(new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
  expect(await tf.setBackend('wasm')).toBe(true);
  expect(registerFastKernels(tf, { backends: ['wasm'] })).toEqual(['wasm/Conv2DBackpropFilter', 'wasm/Conv2DBackpropInput']);
});

afterAll(async () => {
  unregisterFastKernels(tf);
  await tf.setBackend('cpu');
});

describe('wasm conv gradients', () => {
  it.each(CASES.map((c, i) => ({ ...c, i })))('equal stock tfjs-cpu: $name', ({ i }) => {
    const [gx, gf] = gradients(CASES[i]);
    expect(relativeError(gx, reference[i][0])).toBeLessThanOrEqual(1e-4);
    expect(relativeError(gf, reference[i][1])).toBeLessThanOrEqual(1e-4);
  });

  it('let a LeNet-style model train on wasm: loss falls on a fixed batch', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const x = tf.randomUniform([16, 12, 12, 1], 0, 1, 'float32', 44);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32'), 3);
    const first = (await model.trainOnBatch(x, y)) as number;
    let last = first;
    for (let i = 0; i < 30; i++) last = (await model.trainOnBatch(x, y)) as number;
    expect(Number.isFinite(last)).toBe(true);
    expect(last).toBeLessThan(first * 0.7);
  });
});
