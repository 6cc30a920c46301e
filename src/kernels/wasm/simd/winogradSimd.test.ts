// Winograd F(2×2, 3×3) on wasm (winograd.c through ./winogradSimd.ts) against stock tfjs-cpu over a table of
// 3×3 stride-1 convs — ResNet's 'same' stages, odd sizes (edge tiles store or read part of a tile), 'valid',
// explicit asymmetric pads, more tiles than a block (the GEMM's row remainder) — forward with a bias and a ReLU,
// the input gradient (the flipped filter) and the weight gradient (F(3×3, 2×2)); split into parts as the helper
// threads run them; the registered Conv2D, FusedConv2D, Conv2DBackpropInput and Conv2DBackpropFilter take it, and
// decline what it does not serve. (Finite differences: ../wasmConvGradKernels.test.ts.)
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geometryOf, type ConvGeometry } from '../../cpu/convGeometry';
import { registerFastKernels, unregisterFastKernels } from '../../index';
import { relativeError } from '../../testing/compare';
import {
  isWinogradFilterGrad, isWinogradForward, isWinogradInputGrad, WINOGRAD_TILE_BLOCK, winogradFilterGrad, winogradForward, winogradInputGrad, winogradPays,
} from './winogradSimd';

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;
interface Case {
  name: string;
  x: [number, number, number, number];
  f: [number, number, number, number];
  pad: Pad;
  /** The forward pass with a bias and / or a ReLU (FusedConv2D's epilogue). */
  bias?: boolean;
  relu?: boolean;
}

const CASES: Case[] = [
  { name: 'ResNet stage 1, same', x: [2, 8, 8, 16], f: [3, 3, 16, 16], pad: 'same' },
  { name: 'ResNet stage 3, same, bias + ReLU', x: [2, 6, 6, 32], f: [3, 3, 32, 32], pad: 'same', bias: true, relu: true },
  { name: 'odd 7×9 output: edge tiles store one row / column', x: [2, 7, 9, 8], f: [3, 3, 8, 24], pad: 'same', relu: true },
  { name: 'valid 9×7 → 7×5', x: [1, 9, 7, 8], f: [3, 3, 8, 8], pad: 'valid', bias: true },
  { name: 'explicit asymmetric pads (2, 0) × (0, 1)', x: [1, 6, 7, 8], f: [3, 3, 8, 8], pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  { name: `${3 * 7 * 7} tiles: blocks of ${WINOGRAD_TILE_BLOCK} and a row remainder`, x: [3, 14, 14, 8], f: [3, 3, 8, 16], pad: 'same' },
];

const seededX = (c: Case) => tf.randomUniform<tf.Rank.R4>(c.x, -1, 1, 'float32', 61);
const seededF = (c: Case) => tf.randomUniform<tf.Rank.R4>(c.f, -1, 1, 'float32', 62);
const seededBias = (c: Case) => tf.randomUniform([c.f[3]], -1, 1, 'float32', 63);
const outShape = (c: Case) => tf.backend_util.computeConv2DInfo(c.x, c.f, 1, 1, c.pad).outShape;
const seededDy = (c: Case) => tf.randomUniform<tf.Rank.R4>(outShape(c), -1, 1, 'float32', 64);
const geometry = (c: Case): ConvGeometry => geometryOf(tf.backend_util.computeConv2DInfo(c.x, c.f, 1, 1, c.pad));
const convAttrs = (c: Case) => ({ strides: 1, pad: c.pad, dilations: 1, dataFormat: 'NHWC', dimRoundingMode: undefined }) as unknown as NamedAttrMap;

type Outputs = [y: Float32Array, dx: Float32Array, dw: Float32Array];

/** [y, dX, dW] through the registered kernels of the current backend. */
function viaKernels(c: Case): Outputs {
  return tf.tidy(() => {
    const y = tf.fused.conv2d({ x: seededX(c), filter: seededF(c), strides: 1, pad: c.pad, bias: c.bias ? seededBias(c) : undefined, activation: c.relu ? 'relu' : 'linear' });
    const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy: seededDy(c), filter: seededF(c) }, { ...convAttrs(c), inputShape: c.x } as unknown as NamedAttrMap) as tf.Tensor;
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: seededX(c), dy: seededDy(c) }, { ...convAttrs(c), filterShape: c.f } as unknown as NamedAttrMap) as tf.Tensor;
    return [y.dataSync() as Float32Array, dx.dataSync() as Float32Array, dw.dataSync() as Float32Array];
  });
}

/** The forward conv, dX and dW straight through winogradSimd, in `parts` parts (run in turn: this heap is unshared). */
function direct(c: Case, parts: number): Outputs {
  return tf.tidy(() => {
    const backend = tf.backend();
    const g = geometry(c);
    const bias = c.bias ? seededBias(c) : undefined;
    // NaN where the outputs are likely to be allocated, so that a tile left unwritten fails.
    tf.fill(outShape(c), NaN).dispose();
    const y = winogradForward(backend, seededX(c), seededF(c), g, { bias, relu: c.relu ?? false }, parts);
    tf.fill(c.x, NaN).dispose();
    const dx = winogradInputGrad(backend, seededDy(c), seededF(c), g, parts);
    tf.fill(c.f, NaN).dispose();
    const dw = winogradFilterGrad(backend, seededX(c), seededDy(c), g, parts);
    if (!y || !dx || !dw) throw new Error(`${c.name}: winogradSimd declined`);
    const values = (t: TensorInfo) => tf.engine().makeTensorFromTensorInfo(t).dataSync() as Float32Array;
    return [values(y), values(dx), values(dw)];
  });
}

let reference: Outputs[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  reference = CASES.map(viaKernels); // stock tfjs-cpu: nothing of ours is registered
  setWasmPaths(new URL('../../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
  registerFastKernels(tf, { backends: ['wasm'] });
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  unregisterFastKernels(tf);
  await tf.setBackend('cpu');
});

describe('Winograd F(2×2, 3×3) on wasm equals stock tfjs-cpu', () => {
  it('serves every row of the table, forward, dX and dW, and pays on this one-thread heap', () => {
    for (const c of CASES) {
      const g = geometry(c);
      expect([c.name, isWinogradForward(g), isWinogradInputGrad(g), isWinogradFilterGrad(g)]).toEqual([c.name, true, true, true]);
    }
    expect(winogradPays(tf.backend())).toBe(true);
  });

  it.each(CASES.map((c, i) => ({ ...c, i })))('$name', ({ i }) => {
    const outputs = direct(CASES[i], 1);
    outputs.forEach((o, k) => expect(relativeError(o, reference[i][k])).toBeLessThanOrEqual(1e-4));
  });

  it.each(CASES.map((c, i) => ({ ...c, i })))('$name: three parts (as the helper threads split it) = one (y, dX to the bit; dW sums in another order)', ({ i }) => {
    const [y, dx, dw] = direct(CASES[i], 3);
    const [y1, dx1, dw1] = direct(CASES[i], 1);
    expect(y).toEqual(y1);
    expect(dx).toEqual(dx1);
    expect(relativeError(dw, dw1)).toBeLessThanOrEqual(1e-5);
    expect(relativeError(dw, reference[i][2])).toBeLessThanOrEqual(1e-4);
  });

  it.each(CASES.map((c, i) => ({ ...c, i })))('$name: the registered FusedConv2D, Conv2DBackpropInput and Conv2DBackpropFilter take it', ({ i }) => {
    expect(viaKernels(CASES[i])).toEqual(direct(CASES[i], 1));
  });

  it('the registered Conv2D takes it too, and leaves nothing behind in the heap', () => {
    const c = CASES[0];
    const bytes = tf.memory().numBytes;
    const y = tf.tidy(() => tf.conv2d(seededX(c), seededF(c), 1, c.pad).dataSync());
    expect(y).toEqual(direct(c, 1)[0]);
    expect(tf.memory().numBytes).toBe(bytes);
  });

  it.each([
    { name: 'stride 2', x: [1, 8, 8, 8], f: [3, 3, 8, 8], strides: 2, dilations: 1, activation: 'linear' },
    { name: '5×5', x: [1, 8, 8, 8], f: [5, 5, 8, 8], strides: 1, dilations: 1, activation: 'linear' },
    { name: 'three input channels (an RGB stem)', x: [1, 8, 8, 3], f: [3, 3, 3, 16], strides: 1, dilations: 1, activation: 'relu' },
    { name: 'dilation 2', x: [1, 9, 9, 8], f: [3, 3, 8, 8], strides: 1, dilations: 2, activation: 'linear' },
    { name: 'an ELU epilogue', x: [1, 8, 8, 8], f: [3, 3, 8, 8], strides: 1, dilations: 1, activation: 'elu' },
  ] as const)('declines $name: the stock kernel serves it, as tfjs-cpu computes it', async ({ x, f, strides, dilations, activation }) => {
    const run = () => tf.tidy(() => tf.fused.conv2d({
      x: tf.randomUniform<tf.Rank.R4>([...x], -1, 1, 'float32', 71), filter: tf.randomUniform<tf.Rank.R4>([...f], -1, 1, 'float32', 72),
      strides, pad: 'same', dilations, activation,
    }).dataSync());
    const wasm = run();
    await tf.setBackend('cpu');
    const cpu = run();
    await tf.setBackend('wasm');
    expect(relativeError(wasm, cpu)).toBeLessThanOrEqual(1e-4);
  });
});
