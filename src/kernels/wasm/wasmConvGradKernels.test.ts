// Our wasm conv gradients (transposed convs, split into stride phases, and batch-as-channels forward convs on
// XNNPACK; patch-matrix fallback) against
// the stock tfjs-cpu kernels over a table of shapes that reaches every path, and tf.grads on wasm against central
// finite differences of a float64 direct convolution. Dilation is absent on purpose: a dilated conv's gradient
// is computed as forward convs (../dilatedConv.ts), so the backprop kernels never receive it.
import * as tf from '@tensorflow/tfjs';
import { convGradientErrors, relativeError, type ConvCase } from '../testing/compare';
import type { NamedAttrMap } from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';

type Case = ConvCase;

const CASES: Case[] = [
  { name: 'resnet 3x3 same (dX: direct conv)', x: [2, 8, 8, 16], f: [3, 3, 16, 16], strides: [1, 1], pad: 'same' },
  { name: 'lenet conv1 5x5 pad 2, one input channel', x: [3, 12, 12, 1], f: [5, 5, 1, 6], strides: [1, 1], pad: 2 },
  { name: 'lenet conv2 valid', x: [2, 14, 14, 6], f: [5, 5, 6, 16], strides: [1, 1], pad: 'valid' },
  { name: 'odd sizes, 3x2 filter', x: [1, 7, 9, 3], f: [3, 2, 3, 5], strides: [1, 1], pad: 'same' },
  { name: 'stride 2 same odd (dX: stride phases)', x: [2, 9, 11, 4], f: [3, 3, 4, 7], strides: [2, 2], pad: 'same' },
  { name: 'stride 2 valid, last row unread (dW: cropped; dX: a phase pad too wide → zero-inserted dY)', x: [2, 10, 10, 3], f: [3, 3, 3, 8], strides: [2, 2], pad: 'valid' },
  { name: 'stride 3 valid, 4x4 filter (dX: 3×3 phases of 2 and 1 taps)', x: [2, 13, 13, 2], f: [4, 4, 2, 3], strides: [3, 3], pad: 'valid' },
  { name: 'stride (1,3) valid', x: [2, 8, 13, 2], f: [2, 4, 2, 3], strides: [1, 3], pad: 'valid' },
  { name: 'explicit asymmetric pads', x: [2, 7, 6, 2], f: [3, 3, 2, 5], strides: [2, 1], pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { name: '1x1 stride 2 shortcut (dX: one phase, the rest zero)', x: [2, 8, 8, 16], f: [1, 1, 16, 32], strides: [2, 2], pad: 'valid' },
  { name: 'resnet stride-2 3x3 widening', x: [2, 8, 8, 16], f: [3, 3, 16, 32], strides: [2, 2], pad: 'same' },
  { name: 'batch 1, 1x1 pointwise', x: [1, 5, 5, 8], f: [1, 1, 8, 12], strides: [1, 1], pad: 'valid' },
  { name: 'pad wider than the filter (dX: patch fallback)', x: [2, 4, 5, 2], f: [2, 2, 2, 3], strides: [1, 1], pad: 2 },
  { name: 'pad wider than dY (dW: patch fallback)', x: [1, 2, 2, 2], f: [1, 1, 2, 3], strides: [4, 4], pad: 3 },
];

function outShapeOf(c: Case): number[] {
  return tf.backend_util.computeConv2DInfo(c.x, c.f, c.strides, 1, c.pad).outShape;
}

function filterAttrs(c: Case): NamedAttrMap {
  return { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.f } as unknown as NamedAttrMap;
}

function inputAttrs(c: Case): NamedAttrMap {
  return { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x } as unknown as NamedAttrMap;
}

/** [dW, dX] through the kernels registered for the current backend, on seeded inputs. */
function kernelGradients(c: Case): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const x = tf.randomUniform(c.x, -1, 1, 'float32', 51);
    const f = tf.randomUniform(c.f, -1, 1, 'float32', 52);
    const dy = tf.randomUniform(outShapeOf(c), -1, 1, 'float32', 53);
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, filterAttrs(c)) as tf.Tensor;
    const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: f }, inputAttrs(c)) as tf.Tensor;
    expect(dw.shape).toEqual(c.f);
    expect(dx.shape).toEqual(c.x);
    return [dw.dataSync() as Float32Array, dx.dataSync() as Float32Array];
  });
}


let reference: Array<[Float32Array, Float32Array]>;

beforeAll(async () => {
  await tf.setBackend('cpu');
  reference = CASES.map(kernelGradients); // stock tfjs-cpu kernels: nothing of ours is registered
  setWasmPaths(new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
  registerFastKernels(tf, { backends: ['wasm'] });
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  unregisterFastKernels(tf);
  await tf.setBackend('cpu');
});

describe('wasm conv gradient kernels equal stock tfjs-cpu', () => {
  it.each(CASES.map((c, i) => ({ ...c, i })))('$name', ({ i }) => {
    const [dw, dx] = kernelGradients(CASES[i]);
    expect(relativeError(dw, reference[i][0])).toBeLessThanOrEqual(1e-4);
    expect(relativeError(dx, reference[i][1])).toBeLessThanOrEqual(1e-4);
  });

  it('leaves no tensors behind in the wasm heap', () => {
    const before = tf.memory().numBytes;
    kernelGradients(CASES[4]);
    expect(tf.memory().numBytes).toBe(before);
  });
});

describe('wasm conv gradients match central finite differences of a float64 direct convolution', () => {
  it.each([
    { name: 'same stride 1', x: [2, 5, 4, 2], f: [3, 3, 2, 3], strides: 1, pad: 'same' as const },
    { name: 'valid stride 2, odd', x: [1, 7, 6, 3], f: [3, 2, 3, 2], strides: 2, pad: 'valid' as const },
    { name: 'same stride 2, one input channel', x: [2, 5, 5, 1], f: [2, 2, 1, 4], strides: 2, pad: 'same' as const },
    { name: 'explicit pad 1, 1x3 filter', x: [1, 4, 6, 2], f: [1, 3, 2, 2], strides: 1, pad: 1 },
  ])('$name', ({ x: xShape, f: fShape, strides, pad }) => {
    const x = tf.randomUniform(xShape as [number, number, number, number], -1, 1, 'float32', 61) as tf.Tensor4D;
    const f = tf.randomUniform(fShape as [number, number, number, number], -1, 1, 'float32', 62) as tf.Tensor4D;
    const r = tf.randomUniform(tf.backend_util.computeConv2DInfo(x.shape, f.shape, strides, 1, pad).outShape, -1, 1, 'float32', 63);
    for (const error of convGradientErrors(x, f, r, strides, pad)) expect(error).toBeLessThan(1e-4);
  });
});
