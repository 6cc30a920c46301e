// The dilated convolution's gradient (dilatedConv.ts), both through the Conv2D gradient registry and through
// the custom op a dilated layer runs, against two references: central differences of a float64 direct
// convolution, and tfjs' own gradient of the same convolution with an explicitly zero-dilated kernel (size
// (F−1)·d + 1, zeros between the taps, dilation 1), on cpu and wasm with CNN Studio's kernels. Then the layer:
// stock tf.layers.conv2d with dilation cannot train; the graph's Conv2D with dilation trains on real MNIST.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from './index';
import { dilatedConv2d, differentiableDilation, registerDilatedConvGradient } from './dilatedConv';
import { centralDifferences, directConv2D, relativeError } from './testing/compare';
import { loadMnist } from '../../node/data/ensureMnist';
import { loadTfForNode } from '../../node/train/trainBackend';
import type { InMemoryDataset } from '../data/dataset';
import { buildTfModelWithAnalysis } from '../train/buildTfModel';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { net, sampleInput, seedWeights } from '../learn/testNets';

interface Case {
  x: [number, number, number, number];
  F: number;
  K: number;
  d: number;
  pad: 'same' | 'valid';
}
// dilation 2, 3; padding same / valid; 1 → 1, 3 → 4 and 2 → 5 channels; square and non-square inputs.
const CASES: Case[] = [
  { x: [2, 9, 9, 1], F: 3, K: 1, d: 2, pad: 'same' },
  { x: [2, 9, 9, 1], F: 3, K: 1, d: 2, pad: 'valid' },
  { x: [1, 10, 8, 3], F: 3, K: 4, d: 2, pad: 'same' },
  { x: [1, 10, 8, 3], F: 3, K: 4, d: 2, pad: 'valid' },
  { x: [2, 11, 11, 2], F: 3, K: 5, d: 3, pad: 'same' },
  { x: [2, 11, 11, 2], F: 3, K: 5, d: 3, pad: 'valid' },
  { x: [1, 12, 9, 3], F: 2, K: 2, d: 3, pad: 'same' },
  { x: [1, 9, 12, 2], F: 4, K: 3, d: 2, pad: 'valid' },
];
const label = (c: Case) => `${c.x.slice(1).join('×')} → ${c.K} @ ${c.F}×${c.F} d${c.d} ${c.pad}`;

/** The kernel with d − 1 zeros between taps: a dilation-1 kernel of size (F − 1)·d + 1 computing the same conv. */
function zeroDilated(f: tf.Tensor4D, d: number): tf.Tensor4D {
  const [F, , C, K] = f.shape;
  const big = (F - 1) * d + 1;
  const v = f.dataSync();
  const out = new Float32Array(big * big * C * K);
  for (let y = 0; y < F; y++) for (let x = 0; x < F; x++) for (let i = 0; i < C * K; i++) out[((y * d) * big + x * d) * C * K + i] = v[(y * F + x) * C * K + i];
  return tf.tensor4d(out, [big, big, C, K]);
}

/** Every d-th tap of a zero-dilated kernel's gradient: the gradient of the F×F kernel. */
function taps(g: tf.Tensor, F: number, d: number): Float32Array {
  const [big, , C, K] = g.shape;
  const v = g.dataSync();
  const out = new Float32Array(F * F * C * K);
  for (let y = 0; y < F; y++) for (let x = 0; x < F; x++) for (let i = 0; i < C * K; i++) out[(y * F + x) * C * K + i] = v[((y * d) * big + x * d) * C * K + i];
  return out;
}

const seeded = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);

beforeAll(async () => {
  await loadTfForNode('wasm'); // registers the wasm backend and CNN Studio's kernels for cpu and wasm
  registerFastKernels(tf);
});

describe.each(['cpu', 'wasm'])('on %s: the dilated conv gradient equals finite differences and the zero-dilated kernel’s tfjs gradient', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });
  it.each(CASES.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const x = seeded(c.x, 1) as tf.Tensor4D;
    const f = seeded([c.F, c.F, c.x[3], c.K], 2) as tf.Tensor4D;
    const dil: [number, number] = [c.d, c.d];
    const info = tf.backend_util.computeConv2DInfo(x.shape, f.shape, 1, dil, c.pad);
    const r = seeded([c.x[0], info.outHeight, info.outWidth, c.K], 3);
    const loss = (conv: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r));
    // Ours through the gradient registry (tf.conv2d) and through the custom op the layer uses.
    const [gxReg, gfReg] = tf.grads(loss((a, b) => tf.conv2d(a, b, 1, c.pad, 'NHWC', dil)))([x, f]);
    const [gxOp, gfOp] = tf.grads(loss((a, b) => dilatedConv2d(tf, a, b, c.pad, dil)))([x, f]);
    // Reference 1: float64 finite differences (the loss is linear in each argument: exact up to rounding).
    const xv = Float64Array.from(x.dataSync());
    const fv = Float64Array.from(f.dataSync());
    const rv = r.dataSync();
    const direct = () => directConv2D(xv, x.shape, fv, f.shape, info).reduce((s, y, i) => s + y * rv[i], 0);
    const fdX = centralDifferences(xv, direct);
    const fdF = centralDifferences(fv, direct);
    // Reference 2: tfjs' stock gradient of the same conv with the explicit zero-dilated kernel.
    const big = zeroDilated(f, c.d);
    const [gxBig, gfBig] = tf.grads(loss((a, b) => tf.conv2d(a, b, 1, c.pad)))([x, big]);
    const forward = relativeError(tf.conv2d(x, f, 1, c.pad, 'NHWC', dil).dataSync(), tf.conv2d(x, big, 1, c.pad).dataSync());
    expect(forward, 'forward: dilated vs zero-dilated kernel').toBeLessThanOrEqual(1e-5);
    for (const [what, gx, gf] of [['registry', gxReg, gfReg], ['custom op', gxOp, gfOp]] as const) {
      expect(relativeError(gx.dataSync(), fdX), `${what} dx vs finite differences`).toBeLessThanOrEqual(1e-4);
      expect(relativeError(gf.dataSync(), fdF), `${what} dW vs finite differences`).toBeLessThanOrEqual(1e-4);
      expect(relativeError(gx.dataSync(), gxBig.dataSync()), `${what} dx vs zero-dilated kernel`).toBeLessThanOrEqual(1e-5);
      expect(relativeError(gf.dataSync(), taps(gfBig, c.F, c.d)), `${what} dW vs zero-dilated kernel`).toBeLessThanOrEqual(1e-5);
    }
    tf.dispose([x, f, r, gxReg, gfReg, gxOp, gfOp, big, gxBig, gfBig]);
  });

  it('dilation 1 is still tfjs’ own gradient (registry delegation), and registering twice changes nothing', () => {
    const before = tf.getGradient('Conv2D');
    expect(registerDilatedConvGradient(tf)).toBe(true);
    expect(tf.getGradient('Conv2D')).toBe(before);
    const x = seeded([1, 7, 7, 2], 4) as tf.Tensor4D;
    const f = seeded([3, 3, 2, 3], 5) as tf.Tensor4D;
    const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([x, f]);
    const info = tf.backend_util.computeConv2DInfo(x.shape, f.shape, 2, 1, 'same');
    const xv = Float64Array.from(x.dataSync());
    const fv = Float64Array.from(f.dataSync());
    const direct = () => directConv2D(xv, x.shape, fv, f.shape, info).reduce((s, y) => s + y, 0);
    expect(relativeError(gx.dataSync(), centralDifferences(xv, direct))).toBeLessThanOrEqual(1e-4);
    expect(relativeError(gf.dataSync(), centralDifferences(fv, direct))).toBeLessThanOrEqual(1e-4);
    tf.dispose([x, f, gx, gf]);
  });
});

describe('a dilated Conv2D layer trains (cpu)', () => {
  let mnist: InMemoryDataset;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    mnist = await loadMnist();
  }, 60_000);

  it('stock tf.layers.conv2d with dilation 2 cannot: tfjs has no gradient for it', async () => {
    const input = tf.input({ shape: [12, 12, 1] });
    const y = tf.layers.flatten().apply(tf.layers.conv2d({ filters: 2, kernelSize: 3, dilationRate: 2 }).apply(input)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2, activation: 'softmax' }).apply(y) as tf.SymbolicTensor });
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    await expect(model.fit(tf.ones([2, 12, 12, 1]), tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2), { epochs: 1, verbose: 0 })).rejects.toThrow(/dilation rates greater than 1 are not yet supported in gradients/);
    model.dispose();
  });

  it('ours (the graph’s Conv2D, d2 and d3): the loss on 512 real digits falls', { timeout: 120_000 }, async () => {
    const graph = net([28, 28, 1], [
      ['Conv2D', { filters: 8, kernelSize: 3, dilation: 2, padding: 'same', activation: 'relu' }, 'c1'],
      ['MaxPooling2D', { poolSize: 2 }, 'p1'],
      ['Conv2D', { filters: 8, kernelSize: 3, dilation: 3, activation: 'relu' }, 'c2'],
      ['Flatten', {}, 'flat'],
      ['Output', { classes: 10 }, 'output'],
    ]);
    const { model } = buildTfModelWithAnalysis(graph, tf, analyzeGraph(graph));
    seedWeights(tf, model, 3);
    const n = 512;
    const x = tf.tensor4d(Float32Array.from(Array.from({ length: n }, (_, i) => Array.from(sampleInput(mnist, i))).flat()), [n, 28, 28, 1]);
    const y = tf.oneHot(tf.tensor1d(Array.from(mnist.labels.slice(0, n)), 'int32'), 10);
    model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy' });
    const lossNow = () => (model.evaluate(x, y) as tf.Scalar).dataSync()[0];
    const before = lossNow();
    await model.fit(x, y, { epochs: 3, batchSize: 32, shuffle: false, verbose: 0 });
    const after = lossNow();
    expect(before).toBeGreaterThan(2);
    expect(after).toBeLessThan(0.6 * before);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('differentiableDilation leaves a dilation-1 layer alone', () => {
    const layer = tf.layers.conv2d({ filters: 1, kernelSize: 3 });
    const call = (layer as unknown as { call: unknown }).call;
    differentiableDilation(tf, layer);
    expect((layer as unknown as { call: unknown }).call).toBe(call);
  });
});
