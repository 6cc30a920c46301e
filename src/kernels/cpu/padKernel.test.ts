// PadV2 by lines against the stock kernels on cpu and wasm, to the bit: pads on the inner axes (LeNet's input),
// on the channel axis only, on the batch axis, asymmetric, a non-zero constant, ranks 1–5, an empty input side.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';

const CASES: Array<{ name: string; shape: number[]; paddings: Array<[number, number]>; value?: number }> = [
  { name: 'LeNet input: 28×28×1, P = 2', shape: [3, 28, 28, 1], paddings: [[0, 0], [2, 2], [2, 2], [0, 0]] },
  { name: 'ResNet map, P = 1, 16 channels (long lines)', shape: [2, 8, 8, 16], paddings: [[0, 0], [1, 1], [1, 1], [0, 0]] },
  { name: 'asymmetric (Keras ((0,1),(0,1)))', shape: [2, 5, 6, 3], paddings: [[0, 0], [0, 1], [0, 1], [0, 0]] },
  { name: 'channels only', shape: [2, 3, 4, 5], paddings: [[0, 0], [0, 0], [0, 0], [1, 2]] },
  { name: 'batch axis and a constant', shape: [2, 3, 4], paddings: [[1, 2], [0, 1], [3, 0]], value: -1.5 },
  { name: 'rank 1', shape: [7], paddings: [[2, 3]] },
  { name: 'rank 5', shape: [2, 2, 3, 2, 2], paddings: [[0, 1], [1, 0], [0, 0], [2, 1], [0, 0]], value: 4 },
  { name: 'no padding at all', shape: [2, 3, 4], paddings: [[0, 0], [0, 0], [0, 0]] },
];

function padded(c: (typeof CASES)[number]): { shape: number[]; values: number[] } {
  return tf.tidy(() => {
    const x = tf.randomUniform(c.shape, -2, 2, 'float32', 17);
    const y = tf.pad(x, c.paddings, c.value ?? 0);
    return { shape: y.shape, values: Array.from(y.dataSync()) };
  });
}

beforeAll(() => {
  setWasmPaths(new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
});
afterAll(async () => {
  registerFastKernels(tf);
  await tf.setBackend('cpu');
});

describe.each(['cpu', 'wasm'])('%s: PadV2 by lines', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it.each(CASES)('equals the stock kernel: $name', (c) => {
    unregisterFastKernels(tf);
    const stock = padded(c);
    registerFastKernels(tf);
    expect(tf.getKernel('PadV2', backend)?.kernelFunc).not.toBe(undefined);
    const ours = padded(c);
    expect(ours.shape).toEqual(stock.shape);
    expect(ours.values).toEqual(stock.values);
  });

  it('an int32 tensor falls back to the stock kernel', () => {
    registerFastKernels(tf);
    const y = tf.pad(tf.tensor1d([1, 2], 'int32'), [[1, 1]], 9);
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([9, 1, 2, 9]);
    y.dispose();
  });
});
