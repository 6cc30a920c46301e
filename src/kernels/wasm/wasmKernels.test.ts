// Our wasm kernels (conv and pooling gradients, transposed matmuls, Sum/Mean/Tile) against stock tfjs-cpu over the same seeded
// inputs, and LeNet-style training on wasm, which stock tfjs-wasm cannot run (no Conv2DBackpropFilter).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';
import { centralDifferences, relativeError } from '../testing/compare';

type Pad = 'same' | 'valid' | number;
type ConvCase = { name: string; x: number[]; f: number[]; strides: number; pad: Pad };
const CASES: ConvCase[] = [
  { name: 'lenet conv1 same', x: [3, 28, 28, 1], f: [5, 5, 1, 6], strides: 1, pad: 'same' },
  { name: 'lenet conv2 valid', x: [2, 14, 14, 6], f: [5, 5, 6, 16], strides: 1, pad: 'valid' },
  { name: 'stride 2 same odd', x: [2, 9, 11, 4], f: [3, 3, 4, 7], strides: 2, pad: 'same' },
  // Not [3,2] filters with pad 1: stock tfjs-wasm's forward Conv2D corrupts its heap there (pad > filter−1).
  { name: 'explicit pad 1, batch 1', x: [1, 6, 7, 3], f: [3, 3, 3, 4], strides: 1, pad: 1 },
  { name: '1x1 stride 2', x: [2, 8, 8, 16], f: [1, 1, 16, 32], strides: 2, pad: 'valid' },
];

/** dx and dW of Σ r·op(x, f) for seeded x, f, r (seeds seed, seed + 1, seed + 2). */
function gradients(op: 'conv2d' | 'depthwiseConv2d', c: ConvCase, seed: number): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const x = tf.randomUniform(c.x, -1, 1, 'float32', seed);
    const f = tf.randomUniform(c.f, -1, 1, 'float32', seed + 1);
    const conv = (a: tf.Tensor, b: tf.Tensor) => tf[op](a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad);
    const r = tf.randomUniform(conv(x, f).shape, -1, 1, 'float32', seed + 2);
    const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => conv(a, b).mul(r).sum())([x, f]);
    return [gx.dataSync() as Float32Array, gf.dataSync() as Float32Array];
  });
}
const convGradients = (c: ConvCase) => gradients('conv2d', c, 41);
const depthwiseGradients = (c: ConvCase) => gradients('depthwiseConv2d', c, 51);

// Depthwise: stock tfjs-wasm has neither gradient; multiplier 1 (MobileNet), 2 and 3, strides, 'same' / explicit pads.
// (tfjs has no depthwise gradient with dilation > 1 on any backend.)
const DEPTHWISE: ConvCase[] = [
  { name: 'MobileNet 3x3/1 same', x: [2, 10, 10, 8], f: [3, 3, 8, 1], strides: 1, pad: 'same' },
  { name: 'MobileNet 3x3/2 pad 1, odd size', x: [2, 9, 9, 4], f: [3, 3, 4, 1], strides: 2, pad: 1 },
  { name: 'multiplier 2, 5x5 valid', x: [3, 11, 12, 3], f: [5, 5, 3, 2], strides: 1, pad: 'valid' },
  { name: 'stride 2 same, multiplier 3', x: [1, 8, 7, 2], f: [3, 3, 2, 3], strides: 2, pad: 'same' },
];

const MATMULS = [
  { name: 'aᵀ·b (dense dW)', a: [64, 120], b: [64, 84], ta: true, tb: false },
  { name: 'a·bᵀ (dense dx)', a: [64, 84], b: [120, 84], ta: false, tb: true },
  { name: 'batched aᵀ·bᵀ', a: [3, 7, 5], b: [3, 9, 7], ta: true, tb: true },
];
const POOLS = [
  { name: 'max 2x2/2 valid', kind: 'max' as const, x: [3, 28, 28, 6], size: 2, strides: 2, pad: 'valid' as const },
  { name: 'max 3x3/2 same odd', kind: 'max' as const, x: [2, 9, 7, 3], size: 3, strides: 2, pad: 'same' as const },
  { name: 'avg 3x3/1 same', kind: 'avg' as const, x: [1, 6, 6, 5], size: 3, strides: 1, pad: 'same' as const },
  { name: 'max 3x3/1 same overlapping', kind: 'max' as const, x: [2, 6, 5, 4], size: 3, strides: 1, pad: 'same' as const },
  { name: 'max 2x2/2 valid, odd size leaves a row', kind: 'max' as const, x: [2, 7, 7, 3], size: 2, strides: 2, pad: 'valid' as const },
  // The SIMD 2×2 routing: 4 channels at a time (the last chunk overlapping where C is no multiple of 4), scalar
  // below 4; tied windows (round(2·relu(x))) check that the first tap in scan order wins.
  { name: 'max 2x2/2 valid, C 16, ties', kind: 'max' as const, x: [2, 8, 6, 16], size: 2, strides: 2, pad: 'valid' as const, ties: true },
  { name: 'max 2x2/2 valid, C 6 (overlapping chunks), ties', kind: 'max' as const, x: [3, 10, 10, 6], size: 2, strides: 2, pad: 'valid' as const, ties: true },
  { name: 'max 2x2/2 valid, C 5, odd sizes, ties', kind: 'max' as const, x: [2, 9, 7, 5], size: 2, strides: 2, pad: 'valid' as const, ties: true },
  { name: 'max 2x2/2 valid, C 2, ties', kind: 'max' as const, x: [2, 6, 8, 2], size: 2, strides: 2, pad: 'valid' as const, ties: true },
];
// Batch-norm statistics and their gradients: Sum/Mean over leading axes and Tile of [1,1,1,C] up to [N,H,W,C].
const REDUCES = [
  { name: 'BN statistics: axes 0,1,2', shape: [4, 6, 5, 3], axis: [0, 1, 2], keepDims: false },
  { name: 'leading axes kept, odd rows', shape: [3, 7, 5], axis: [0, 1], keepDims: true },
  { name: 'bias gradient of 6 channels (SIMD: rows in pairs), odd rows', shape: [3, 5, 7, 6], axis: [0, 1, 2], keepDims: false },
  { name: 'one row of 3: fewer than a SIMD group', shape: [1, 3], axis: [0], keepDims: false },
  { name: 'trailing axis', shape: [7, 10], axis: [1], keepDims: false },
  { name: 'middle axis (stock)', shape: [3, 4, 5], axis: [1], keepDims: false },
];
const TILES = [
  { shape: [1, 1, 1, 6], reps: [4, 5, 3, 1] },
  { shape: [2, 3], reps: [3, 2] },
  { shape: [3, 1, 2], reps: [1, 4, 3] },
];

function reduce(c: (typeof REDUCES)[number]): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomUniform(c.shape, -2, 2, 'float32', 49);
    return [tf.sum(x, c.axis, c.keepDims), tf.mean(x, c.axis, c.keepDims)].map((t) => t.dataSync() as Float32Array);
  });
}

function tile(c: (typeof TILES)[number]): Float32Array {
  return tf.tidy(() => tf.tile(tf.randomUniform(c.shape, -2, 2, 'float32', 50), c.reps).dataSync() as Float32Array);
}

function matMul(c: (typeof MATMULS)[number]): Float32Array {
  return tf.tidy(() => tf.matMul(tf.randomUniform(c.a, -1, 1, 'float32', 45), tf.randomUniform(c.b, -1, 1, 'float32', 46), c.ta, c.tb).dataSync() as Float32Array);
}

function poolGrad(c: (typeof POOLS)[number]): Float32Array {
  return tf.tidy(() => {
    const normal = tf.randomNormal(c.x, 0, 1, 'float32', 47);
    const x = 'ties' in c ? tf.round(tf.relu(normal).mul(2)) : normal;
    const pool = (t: tf.Tensor) =>
      c.kind === 'max' ? tf.maxPool(t as tf.Tensor4D, c.size, c.strides, c.pad) : tf.avgPool(t as tf.Tensor4D, c.size, c.strides, c.pad);
    const r = tf.randomNormal(pool(x).shape, 0, 1, 'float32', 48);
    return tf.grad((t: tf.Tensor) => pool(t).mul(r).sum())(x).dataSync() as Float32Array;
  });
}

let reference: Array<[Float32Array, Float32Array]>;
let depthwiseReference: Array<[Float32Array, Float32Array]>;
let matMulReference: Float32Array[];
let poolReference: Float32Array[];
let reduceReference: Float32Array[][];
let tileReference: Float32Array[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  reference = CASES.map(convGradients); // stock cpu kernels: nothing of ours is registered yet
  depthwiseReference = DEPTHWISE.map(depthwiseGradients);
  matMulReference = MATMULS.map(matMul);
  poolReference = POOLS.map(poolGrad);
  reduceReference = REDUCES.map(reduce);
  tileReference = TILES.map(tile);
  setWasmPaths(new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
  // Register before the wasm backend initialises (as a trainer might): the stock kernels' setup hooks must still run.
  expect(registerFastKernels(tf, { backends: ['wasm'] })).toEqual([
    'wasm/Conv2D', 'wasm/FusedConv2D', 'wasm/Conv2DBackpropFilter', 'wasm/Conv2DBackpropInput', 'wasm/MaxPoolGrad', 'wasm/AvgPoolGrad', 'wasm/BatchMatMul',
    'wasm/Sum', 'wasm/Mean', 'wasm/Tile', 'wasm/PadV2', 'wasm/Identity', 'wasm/Cast', 'wasm/BatchNormTrain', 'wasm/BatchNormTrainGrad', 'wasm/CnnStudioOptimizerStep',
    'wasm/CnnStudioReluGrad',
    'wasm/DepthwiseConv2dNativeBackpropInput', 'wasm/DepthwiseConv2dNativeBackpropFilter',
  ]);
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  unregisterFastKernels(tf);
  await tf.setBackend('cpu');
});

describe('wasm kernels', () => {
  it.each(CASES.map((c, i) => ({ ...c, i })))('equal stock tfjs-cpu: $name', ({ i }) => {
    const [gx, gf] = convGradients(CASES[i]);
    expect(relativeError(gx, reference[i][0])).toBeLessThanOrEqual(1e-4);
    expect(relativeError(gf, reference[i][1])).toBeLessThanOrEqual(1e-4);
  });

  it.each(DEPTHWISE.map((c, i) => ({ ...c, i })))('depthwise gradients equal stock tfjs-cpu: $name', ({ i }) => {
    const [gx, gf] = depthwiseGradients(DEPTHWISE[i]);
    expect(relativeError(gx, depthwiseReference[i][0])).toBeLessThanOrEqual(1e-5);
    expect(relativeError(gf, depthwiseReference[i][1])).toBeLessThanOrEqual(1e-5);
  });

  it('depthwise gradients match central differences of the loss (multiplier 2, stride 2, pad 1)', () => {
    const xv = Float64Array.from({ length: 1 * 5 * 5 * 2 }, (_, i) => Math.sin(i * 1.7));
    const fv = Float64Array.from({ length: 3 * 3 * 2 * 2 }, (_, i) => Math.cos(i * 0.9));
    const rv = Float32Array.from({ length: 1 * 3 * 3 * 4 }, (_, i) => Math.sin(i * 2.3 + 1));
    const conv = (x: tf.Tensor, f: tf.Tensor) => tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 1).mul(tf.tensor4d(rv, [1, 3, 3, 4])).sum();
    const loss = () => tf.tidy(() => conv(tf.tensor4d(Float32Array.from(xv), [1, 5, 5, 2]), tf.tensor4d(Float32Array.from(fv), [3, 3, 2, 2])).dataSync()[0]);
    const [gx, gf] = tf.tidy(() => tf.grads(conv)([tf.tensor4d(Float32Array.from(xv), [1, 5, 5, 2]), tf.tensor4d(Float32Array.from(fv), [3, 3, 2, 2])]).map((g) => g.dataSync() as Float32Array));
    // The loss is linear in each argument, so the differences are exact but for float32 rounding.
    expect(relativeError(gx, centralDifferences(xv, loss, 1e-2))).toBeLessThanOrEqual(1e-3);
    expect(relativeError(gf, centralDifferences(fv, loss, 1e-2))).toBeLessThanOrEqual(1e-3);
  });

  it.each(MATMULS.map((c, i) => ({ ...c, i })))('BatchMatMul $name equals stock tfjs-cpu', ({ i }) => {
    expect(relativeError(matMul(MATMULS[i]), matMulReference[i])).toBeLessThanOrEqual(1e-5);
  });

  it.each(POOLS.map((c, i) => ({ ...c, i })))('pooling gradient $name equals stock tfjs-cpu', ({ i }) => {
    expect(relativeError(poolGrad(POOLS[i]), poolReference[i])).toBeLessThanOrEqual(1e-5);
  });

  it.each(REDUCES.map((c, i) => ({ ...c, i })))('Sum and Mean $name equal stock tfjs-cpu', ({ i }) => {
    const [sum, mean] = reduce(REDUCES[i]);
    expect(relativeError(sum, reduceReference[i][0])).toBeLessThanOrEqual(1e-5);
    expect(relativeError(mean, reduceReference[i][1])).toBeLessThanOrEqual(1e-5);
  });

  it.each(TILES.map((c, i) => ({ ...c, i })))('Tile $shape × $reps equals stock tfjs-cpu', ({ i }) => {
    expect(relativeError(tile(TILES[i]), tileReference[i])).toBe(0);
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
