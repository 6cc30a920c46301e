// Our wasm conv gradients against the stock tfjs-cpu kernels over a table of shapes that reaches every path —
// dX: transposed convs, split into stride phases, patch fallback; dW: shifted-window GEMMs and the batch-as-channels
// conv, each also run directly on every row (and the windows one image per block), and the SIMD row correlation of
// one-channel inputs — and tf.grads on wasm against
// central finite differences of a float64 direct convolution. Dilation is absent on purpose: a dilated conv's
// gradient is computed as forward convs (../dilatedConv.ts), so the backprop kernels never receive it.
import * as tf from '@tensorflow/tfjs';
import { convGradientErrors, relativeError, type ConvCase } from '../testing/compare';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geometryOf, type ConvGeometry } from '../cpu/convGeometry';
import { registerFastKernels, unregisterFastKernels } from '../index';
import { windowEfficiency } from './shiftedWindowFilterGrad';
import { makeWasmFilterGradPaths, MAX_ONE_THREAD_PAIR_CHANNELS, MIN_WINDOW_EFFICIENCY, type FilterGradPaths } from './wasmConvGradKernels';
import { filterGradOneChannelSimd, filterGradPairsSimd, filterGradValidSimd, isNarrowFilter, isOneChannelValid, isSmallValid } from './simd/convGradSimd';

type Case = ConvCase;

// The registered dW's path on one thread (these tests' heap is unshared) is noted where the row is there for it:
// Winograd for 3×3 stride 1 with inC % 4 = 0 and outC % 8 = 0 (./simd/winogradSimd.test.ts), channel pairs for
// filters ≤ 3 wide with outC % 8 = 0 and ≤ 32 input channels, else by windowEfficiency (≥ 0.6: windows); every row
// also runs through each path directly below.
const CASES: Case[] = [
  { name: 'resnet 3x3 same (dW, dX: Winograd; dW also by channel pairs below)', x: [2, 8, 8, 16], f: [3, 3, 16, 16], strides: [1, 1], pad: 'same' },
  { name: 'lenet conv1 5x5 pad 2, one input channel (dW: conv)', x: [3, 12, 12, 1], f: [5, 5, 1, 6], strides: [1, 1], pad: 2 },
  { name: 'lenet conv2 valid (dW: SIMD, 8 channels × 5 taps a pass)', x: [2, 14, 14, 6], f: [5, 5, 6, 16], strides: [1, 1], pad: 'valid' },
  { name: 'lenet conv1 after its PadV2: one channel, valid (dW: SIMD row correlation)', x: [3, 32, 32, 1], f: [5, 5, 1, 6], strides: [1, 1], pad: 'valid' },
  { name: 'one channel, 7 wide filter, odd output width (dW: SIMD, tap groups 5 + 2, scalar tail columns)', x: [2, 9, 13, 1], f: [3, 7, 1, 5], strides: [1, 1], pad: 'valid' },
  { name: 'one channel 1x1 (dW: SIMD, one tap)', x: [2, 5, 6, 1], f: [1, 1, 1, 3], strides: [1, 1], pad: 'valid' },
  { name: 'valid 3 → 8 channels, 4×7 filter, odd sizes (dW: SIMD, tap groups 5 + 2)', x: [3, 9, 12, 3], f: [4, 7, 3, 8], strides: [1, 1], pad: 'valid' },
  { name: 'valid 2 → 12 channels (dW: conv, 12 is no multiple of 8)', x: [2, 10, 10, 2], f: [5, 5, 2, 12], strides: [1, 1], pad: 'valid' },
  { name: 'odd sizes, 3x2 filter', x: [1, 7, 9, 3], f: [3, 2, 3, 5], strides: [1, 1], pad: 'same' },
  { name: 'stride 2 same odd (dX: stride phases)', x: [2, 9, 11, 4], f: [3, 3, 4, 7], strides: [2, 2], pad: 'same' },
  { name: 'stride 2 valid, last row unread (dW: channel pairs; the conv would crop; dX: zero-inserted dY)', x: [2, 10, 10, 3], f: [3, 3, 3, 8], strides: [2, 2], pad: 'valid' },
  { name: 'stride 3 valid, 4x4 filter (dX: 3×3 phases of 2 and 1 taps)', x: [2, 13, 13, 2], f: [4, 4, 2, 3], strides: [3, 3], pad: 'valid' },
  { name: 'stride (1,3) valid', x: [2, 8, 13, 2], f: [2, 4, 2, 3], strides: [1, 3], pad: 'valid' },
  { name: 'explicit asymmetric pads', x: [2, 7, 6, 2], f: [3, 3, 2, 5], strides: [2, 1], pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { name: '1x1 stride 2 shortcut, last row unread (dW: channel pairs; windows: one phase; dX: one phase, the rest zero)', x: [2, 8, 8, 16], f: [1, 1, 16, 32], strides: [2, 2], pad: 'valid' },
  { name: 'resnet stride-2 3x3 widening (dW: channel pairs; windows: 2×2 phases)', x: [2, 8, 8, 16], f: [3, 3, 16, 32], strides: [2, 2], pad: 'same' },
  { name: 'batch 1, 1x1 pointwise (dW: windows on transposed x and dY itself)', x: [1, 5, 5, 8], f: [1, 1, 8, 12], strides: [1, 1], pad: 'valid' },
  { name: 'pad wider than the filter (dX: patch fallback)', x: [2, 4, 5, 2], f: [2, 2, 2, 3], strides: [1, 1], pad: 2 },
  { name: 'pad wider than dY (dW: the conv refuses the pads → windows)', x: [1, 2, 2, 2], f: [1, 1, 2, 3], strides: [4, 4], pad: 3 },
  { name: 'resnet 3x3 same, 12x12 (dW: Winograd; below channel pairs, windows: the wrapped grid)', x: [3, 12, 12, 8], f: [3, 3, 8, 8], strides: [1, 1], pad: 'same' },
  { name: 'valid 3x3, odd 9x11 (dW: windows, no pads)', x: [2, 9, 11, 4], f: [3, 3, 4, 5], strides: [1, 1], pad: 'valid' },
  { name: 'same 5x3, 7 channels (dW: windows, GEMM rows not a tile multiple)', x: [2, 11, 13, 7], f: [5, 3, 7, 6], strides: [1, 1], pad: 'same' },
  { name: 'explicit pads ≥ filter, stride 1 (dW: windows on a grid of mostly zeros)', x: [2, 6, 7, 4], f: [2, 3, 4, 3], strides: [1, 1], pad: [[0, 0], [3, 1], [0, 4], [0, 0]] },
  { name: 'stride 2, pads ≥ filter (dW: windows, phases of zeros)', x: [2, 6, 6, 4], f: [2, 2, 4, 3], strides: [2, 2], pad: 3 },
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
let paths: FilterGradPaths;

beforeAll(async () => {
  await tf.setBackend('cpu');
  reference = CASES.map(kernelGradients); // stock tfjs-cpu kernels: nothing of ours is registered
  setWasmPaths(new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
  registerFastKernels(tf, { backends: ['wasm'] });
  expect(await tf.setBackend('wasm')).toBe(true);
  // Our BatchMatMul passes plain products straight to the stock one; Conv2D is stock.
  paths = makeWasmFilterGradPaths(tf, { BatchMatMul: tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc, Conv2D: tf.getKernel('Conv2D', 'wasm')?.kernelFunc });
});

function geometry(c: Case): ConvGeometry {
  return geometryOf(tf.backend_util.computeConv2DInfo(c.x, c.f, c.strides, 1, c.pad));
}

/** dW by one path on the same seeded inputs as kernelGradients, or undefined where the path declines. */
function pathFilterGradient(c: Case, run: (x: TensorInfo, dy: TensorInfo, g: ConvGeometry) => TensorInfo | undefined): Float32Array | undefined {
  return tf.tidy(() => {
    const x = tf.randomUniform(c.x, -1, 1, 'float32', 51);
    const dy = tf.randomUniform(outShapeOf(c), -1, 1, 'float32', 53);
    // NaN where dW is likely to be allocated (the heap hands a freed block of the same size back first), so a
    // path that leaves some of dW unwritten fails instead of reading an earlier path's result.
    tf.fill(c.f, NaN).dispose();
    const out = run(x, dy, geometry(c));
    if (!out) return undefined;
    const dw = tf.engine().makeTensorFromTensorInfo(out);
    expect(dw.shape).toEqual(c.f);
    return dw.dataSync() as Float32Array;
  });
}

function numDataIds(): number {
  return (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
}

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

  it.each([
    { path: 'windows', i: 21 },
    { path: 'channel pairs', i: 15 },
    { path: 'conv', i: 7 },
    { path: 'SIMD small-conv kernel', i: 2 },
  ])('leaves no tensors (nor aliases) behind in the wasm heap: dW by the $path', ({ path, i }) => {
    const g = geometry(CASES[i]);
    expect(windowEfficiency(g) >= MIN_WINDOW_EFFICIENCY).toBe(path === 'windows' || path === 'channel pairs');
    // On one thread (this test's heap is unshared) the channel pairs take narrow filters up to 32 input channels.
    expect(isNarrowFilter(g) && g.inC <= MAX_ONE_THREAD_PAIR_CHANNELS).toBe(path === 'channel pairs');
    const bytes = tf.memory().numBytes;
    const ids = numDataIds();
    kernelGradients(CASES[i]);
    expect(tf.memory().numBytes).toBe(bytes);
    expect(numDataIds()).toBe(ids);
  });
});

describe('each wasm filter-gradient path equals stock tfjs-cpu on every row', () => {
  it.each(CASES.map((c, i) => ({ ...c, i })))('$name', ({ i }) => {
    const c = CASES[i];
    const ids = numDataIds();
    const windows = pathFilterGradient(c, (x, dy, g) => paths.windows(tf.backend(), x, dy, g));
    // Scratch for one image at a time: every batch is split into blocks whose dW parts add up.
    const oneImageBlocks = pathFilterGradient(c, (x, dy, g) => paths.windows(tf.backend(), x, dy, g, 1));
    const conv = pathFilterGradient(c, (x, dy, g) => paths.conv(tf.backend(), x, dy, g));
    expect(relativeError(windows!, reference[i][0])).toBeLessThanOrEqual(1e-4);
    expect(relativeError(oneImageBlocks!, reference[i][0])).toBeLessThanOrEqual(1e-4);
    if (conv) expect(relativeError(conv, reference[i][0])).toBeLessThanOrEqual(1e-4);
    const simd = pathFilterGradient(c, (x, dy, g) => filterGradOneChannelSimd(tf.backend(), x, dy, g));
    expect(simd !== undefined, 'the SIMD row correlation takes exactly the one-channel valid rows').toBe(isOneChannelValid(geometry(c)));
    if (simd) expect(relativeError(simd, reference[i][0])).toBeLessThanOrEqual(1e-4);
    const small = pathFilterGradient(c, (x, dy, g) => filterGradValidSimd(tf.backend(), x, dy, g));
    expect(small !== undefined, 'the SIMD small-conv dW takes exactly the unpadded stride-1 rows with outC % 8 = 0').toBe(isSmallValid(geometry(c)));
    if (small) expect(relativeError(small, reference[i][0])).toBeLessThanOrEqual(1e-4);
    // The channel-pair kernel (helper threads split it by input channel): whole, and in three parts run here.
    for (const parts of [1, 3]) {
      const pairs = pathFilterGradient(c, (x, dy, g) => filterGradPairsSimd(tf.backend(), x, dy, g, parts));
      expect(pairs !== undefined, 'the channel-pair dW takes exactly the undilated rows ≤ 3 wide with inC > 1, outC % 8 = 0').toBe(isNarrowFilter(geometry(c)));
      if (pairs) expect(relativeError(pairs, reference[i][0]), `${parts} part(s)`).toBeLessThanOrEqual(1e-4);
    }
    expect(numDataIds()).toBe(ids);
  });

  it('the channel-pair dW serves ResNet’s 3×3 (stride 1 and 2), its 1×1 shortcut and an unpadded 3×3', () => {
    expect(CASES.filter((c) => isNarrowFilter(geometry(c))).map((c) => c.name)).toEqual([0, 10, 14, 15, 19].map((i) => CASES[i].name));
  });

  it('the SIMD row correlation serves the three one-channel valid rows, the small-conv dW two more', () => {
    expect(CASES.filter((c) => isOneChannelValid(geometry(c))).map((c) => c.name)).toEqual([CASES[3].name, CASES[4].name, CASES[5].name]);
    expect(CASES.filter((c) => isSmallValid(geometry(c))).map((c) => c.name)).toEqual([CASES[2].name, CASES[6].name]);
  });

  it('the conv declines exactly the rows it cannot express (cropping, pads XNNPACK refuses)', () => {
    const declined = CASES.filter((c) => pathFilterGradient(c, (x, dy, g) => paths.conv(tf.backend(), x, dy, g)) === undefined).map((c) => c.name);
    expect(declined).toEqual([CASES[10].name, CASES[14].name, CASES[18].name]);
  });
});

describe('dW dispatch by windowEfficiency', () => {
  // Efficiency = output pixels / grid pixels × inC / (inC in whole 4-row GEMM tiles). Stride 1 grids wrap:
  // 32×32 'same' 3×3 sits on 33×33 (one shared pad row and column), valid 10×10 of 14×14 on 14×14.
  it.each([
    { name: 'resnet-20 stage 1', x: [128, 32, 32, 16], f: [3, 3, 16, 16], s: 1, pad: 'same', expected: 1024 / 1089 },
    { name: 'resnet-20 stage 3', x: [128, 8, 8, 64], f: [3, 3, 64, 64], s: 1, pad: 'same', expected: 64 / 81 },
    { name: 'resnet-20 downsampling, 2×2 phases of 17×17', x: [128, 32, 32, 16], f: [3, 3, 16, 32], s: 2, pad: 'same', expected: 256 / 289 },
    { name: 'resnet-20 stem, 3 of 4 GEMM rows', x: [128, 32, 32, 3], f: [3, 3, 3, 16], s: 1, pad: 'same', expected: (1024 / 1089) * 0.75 },
    { name: 'resnet 1x1 stride-2 shortcut', x: [128, 32, 32, 16], f: [1, 1, 16, 32], s: 2, pad: 'valid', expected: 1 },
    { name: 'lenet C3 (conv)', x: [256, 14, 14, 6], f: [5, 5, 6, 16], s: 1, pad: 'valid', expected: (100 / 196) * 0.75 },
    { name: 'lenet C1 (conv)', x: [256, 28, 28, 1], f: [5, 5, 1, 6], s: 1, pad: 'valid', expected: (576 / 784) * 0.25 },
  ] as const)('$name', ({ name, x, f, s, pad, expected }) => {
    const g = geometryOf(tf.backend_util.computeConv2DInfo([...x], [...f], s, 1, pad));
    expect(windowEfficiency(g)).toBeCloseTo(expected, 10);
    expect(windowEfficiency(g) >= MIN_WINDOW_EFFICIENCY).toBe(!name.endsWith('(conv)'));
  });
});

describe('wasm conv gradients match central finite differences of a float64 direct convolution', () => {
  it.each([
    { name: 'same stride 1', x: [2, 5, 4, 2], f: [3, 3, 2, 3], strides: 1, pad: 'same' as const },
    { name: 'valid stride 2, odd', x: [1, 7, 6, 3], f: [3, 2, 3, 2], strides: 2, pad: 'valid' as const },
    { name: 'same stride 2, one input channel', x: [2, 5, 5, 1], f: [2, 2, 1, 4], strides: 2, pad: 'same' as const },
    { name: 'explicit pad 1, 1x3 filter', x: [1, 4, 6, 2], f: [1, 3, 2, 2], strides: 1, pad: 1 },
    { name: 'same stride 1, 10x10 (dW: windows)', x: [1, 10, 10, 4], f: [3, 3, 4, 2], strides: 1, pad: 'same' as const },
    { name: 'same stride 2, 9x9 (dW: windows, phases)', x: [1, 9, 9, 4], f: [3, 3, 4, 2], strides: 2, pad: 'same' as const },
    { name: 'same stride 1, 5x6, 8 channels (forward, dX, dW: Winograd)', x: [1, 5, 6, 8], f: [3, 3, 8, 8], strides: 1, pad: 'same' as const },
  ])('$name', async ({ x: xShape, f: fShape, strides, pad }) => {
    const x = tf.randomUniform(xShape as [number, number, number, number], -1, 1, 'float32', 61) as tf.Tensor4D;
    const f = tf.randomUniform(fShape as [number, number, number, number], -1, 1, 'float32', 62) as tf.Tensor4D;
    const r = tf.randomUniform(tf.backend_util.computeConv2DInfo(x.shape, f.shape, strides, 1, pad).outShape, -1, 1, 'float32', 63);
    for (const error of await convGradientErrors(x, f, r, strides, pad)) expect(error).toBeLessThan(1e-4);
  });
});
