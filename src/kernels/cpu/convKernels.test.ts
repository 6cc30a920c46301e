// Our cpu conv kernels against the stock tfjs-cpu kernels (captured before registering ours) over a table of
// shapes, strides, paddings and dilations; plus a finite-difference check of the conv gradients against a
// float64 direct convolution written here from the definition.
import * as tf from '@tensorflow/tfjs';
import { convGradientErrors, type ConvCase } from '../testing/compare';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';

type Case = ConvCase;

const CASES: Case[] = [
  { name: 'lenet conv1 same', x: [2, 28, 28, 1], f: [5, 5, 1, 6], strides: [1, 1], pad: 'same' },
  { name: 'lenet conv2 valid', x: [3, 14, 14, 6], f: [5, 5, 6, 16], strides: [1, 1], pad: 'valid' },
  { name: 'batch 1 odd sizes', x: [1, 7, 9, 3], f: [3, 2, 3, 5], strides: [1, 1], pad: 'same' },
  { name: 'stride 2 same odd', x: [2, 9, 11, 4], f: [3, 3, 4, 7], strides: [2, 2], pad: 'same' },
  { name: 'stride 2 valid', x: [2, 10, 10, 3], f: [3, 3, 3, 8], strides: [2, 2], pad: 'valid' },
  { name: 'stride (1,3)', x: [2, 8, 13, 2], f: [2, 4, 2, 3], strides: [1, 3], pad: 'valid' },
  { name: 'explicit pad 1', x: [2, 6, 6, 3], f: [3, 3, 3, 4], strides: [1, 1], pad: 1 },
  { name: 'explicit asymmetric', x: [2, 7, 6, 2], f: [3, 3, 2, 5], strides: [2, 1], pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { name: '1x1 pointwise', x: [3, 5, 5, 8], f: [1, 1, 8, 12], strides: [1, 1], pad: 'valid' },
  { name: '1x1 stride 2 shortcut', x: [2, 8, 8, 16], f: [1, 1, 16, 32], strides: [2, 2], pad: 'valid' },
  { name: 'resnet 3x3 wide', x: [2, 8, 8, 32], f: [3, 3, 32, 64], strides: [1, 1], pad: 'same' },
  { name: 'filter larger than stride, big K', x: [1, 12, 12, 40], f: [3, 3, 40, 9], strides: [1, 1], pad: 'valid' },
];

const DILATED: Case[] = [
  { name: 'dilation 2 same', x: [2, 9, 9, 3], f: [3, 3, 3, 4], strides: [1, 1], pad: 'same', dilations: [2, 2] },
  { name: 'dilation (2,3) valid', x: [1, 11, 12, 2], f: [3, 2, 2, 5], strides: [1, 1], pad: 'valid', dilations: [2, 3] },
];

let stock: Record<string, KernelFunc>;

function run(kernel: KernelFunc, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): tf.Tensor {
  const backend = tf.backend();
  const out = kernel({ inputs, backend, attrs }) as TensorInfo;
  return tf.engine().makeTensorFromTensorInfo(out);
}

function relativeError(actual: tf.Tensor, expected: tf.Tensor): number {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < e.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - e[i]));
    scale = Math.max(scale, Math.abs(e[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

/** Deterministic values in [-1, 1) so failures reproduce. */
function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, 'float32', seed);
}

function outShapeOf(c: Case): number[] {
  return tf.backend_util.computeConv2DInfo(c.x, c.f, c.strides, c.dilations ?? 1, c.pad).outShape;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  stock = {};
  for (const name of ['Conv2D', 'FusedConv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput']) {
    stock[name] = tf.getKernel(name, 'cpu')!.kernelFunc;
  }
  registerFastKernels(tf, { backends: ['cpu'] });
});

afterAll(() => {
  unregisterFastKernels(tf);
});

const ours = (name: string) => tf.getKernel(name, 'cpu')!.kernelFunc;

describe('cpu Conv2D / backprop kernels equal the stock tfjs-cpu kernels', () => {
  it.each([...CASES, ...DILATED])('Conv2D forward: $name', (c) => {
    const x = seeded(c.x, 1);
    const f = seeded(c.f, 2);
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: c.dilations ?? [1, 1] } as unknown as NamedAttrMap;
    expect(ours('Conv2D')).not.toBe(stock.Conv2D);
    const err = relativeError(run(ours('Conv2D'), { x, filter: f }, attrs), run(stock.Conv2D, { x, filter: f }, attrs));
    expect(err).toBeLessThanOrEqual(1e-4);
  });

  it.each(CASES)('Conv2DBackpropFilter: $name', (c) => {
    const x = seeded(c.x, 3);
    const dy = seeded(outShapeOf(c), 4);
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.f } as unknown as NamedAttrMap;
    const err = relativeError(
      run(ours('Conv2DBackpropFilter'), { x, dy }, attrs),
      run(stock.Conv2DBackpropFilter, { x, dy }, attrs),
    );
    expect(err).toBeLessThanOrEqual(1e-4);
  });

  it.each(CASES)('Conv2DBackpropInput: $name', (c) => {
    const dy = seeded(outShapeOf(c), 5);
    const filter = seeded(c.f, 6);
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x } as unknown as NamedAttrMap;
    const err = relativeError(
      run(ours('Conv2DBackpropInput'), { dy, filter }, attrs),
      run(stock.Conv2DBackpropInput, { dy, filter }, attrs),
    );
    expect(err).toBeLessThanOrEqual(1e-4);
  });

  it.each([
    { activation: 'relu', bias: 'per-channel' },
    { activation: 'linear', bias: 'scalar' },
    { activation: 'relu6', bias: 'per-channel' },
    { activation: 'elu', bias: 'none' },
    { activation: 'sigmoid', bias: 'per-channel' },
    { activation: 'leakyrelu', bias: 'per-channel' },
    { activation: 'prelu', bias: 'per-channel' },
  ])('FusedConv2D $activation with $bias bias', ({ activation, bias }) => {
    const c = CASES[3];
    const outC = c.f[3];
    const inputs: Record<string, TensorInfo> = { x: seeded(c.x, 7), filter: seeded(c.f, 8) };
    if (bias === 'per-channel') inputs.bias = seeded([outC], 9);
    if (bias === 'scalar') inputs.bias = tf.scalar(0.3);
    if (activation === 'prelu') inputs.preluActivationWeights = seeded([outC], 10);
    const attrs = {
      strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: [1, 1], activation, leakyreluAlpha: 0.1,
    } as unknown as NamedAttrMap;
    const err = relativeError(run(ours('FusedConv2D'), inputs, attrs), run(stock.FusedConv2D, inputs, attrs));
    expect(err).toBeLessThanOrEqual(1e-4);
  });

  it('NCHW input goes to the stock kernel instead of being misread', () => {
    const x = seeded([2, 3, 6, 6], 11);
    const f = seeded([3, 3, 3, 4], 12);
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NCHW', dilations: [1, 1] } as unknown as NamedAttrMap;
    expect(relativeError(run(ours('Conv2D'), { x, filter: f }, attrs), run(stock.Conv2D, { x, filter: f }, attrs))).toBe(0);
  });
});

describe('conv gradients match central finite differences of a float64 direct convolution', () => {
  it.each([
    { name: 'same stride 1', x: [2, 5, 4, 2], f: [3, 3, 2, 3], stride: 1, pad: 'same' as const },
    { name: 'valid stride 2', x: [1, 7, 6, 3], f: [3, 2, 3, 2], stride: 2, pad: 'valid' as const },
    { name: 'same stride 2 odd', x: [2, 5, 5, 1], f: [2, 2, 1, 4], stride: 2, pad: 'same' as const },
  ])('$name', async ({ x: xShape, f: fShape, stride, pad }) => {
    const x = seeded(xShape, 21) as tf.Tensor4D;
    const f = seeded(fShape, 22) as tf.Tensor4D;
    const r = seeded(tf.backend_util.computeConv2DInfo(x.shape, f.shape, stride, 1, pad).outShape, 23);
    for (const error of await convGradientErrors(x, f, r, stride, pad)) expect(error).toBeLessThan(1e-4);
  });
});
