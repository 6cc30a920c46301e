// The WGSL implicit-GEMM conv gradients (convGradPrograms.ts) against stock tfjs-cpu's Conv2DBackpropFilter and
// Conv2DBackpropInput on the same seeded inputs, in Node through Dawn (src/kernels/testing/dawn.ts: SwiftShader
// without a GPU, so the shapes stay small). Each case also checks which WebGPU programs ran — ours, not the stock
// webgpu ones: the filter gradient's GEMM (plus the split-K sum where K is split), one dX GEMM per stride phase.
// Then tf.grads through tf.conv2d on webgpu with our kernels registered, against tf.grads on tfjs-cpu.
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { hasVulkanDriver, webgpuUnavailable } from '../testing/dawn';
import { convGradientErrors, relativeError, type ConvCase } from '../testing/compare';
import { geometryOf } from '../cpu/convGeometry';
import { mulberry32 } from '../../train/random';
import { inputGradPhases, makeWebgpuConvGradKernels, splitKPlan } from './convGradPrograms';

/** splitK: the filter gradient's K is long enough to be split across workgroups (and the splits summed). */
type Case = ConvCase & { splitK?: true };

const CASES: Case[] = [
  { name: 'lecture example: 1×5×5×1, 3×3, stride 2, pad 0 → 2×2', x: [1, 5, 5, 1], f: [3, 3, 1, 1], strides: [2, 2], pad: 'valid' },
  { name: 'ResNet-like 3×3 same', x: [2, 8, 8, 16], f: [3, 3, 16, 16], strides: [1, 1], pad: 'same' },
  { name: 'stride-2 same widening 8 → 16', x: [2, 8, 8, 8], f: [3, 3, 8, 16], strides: [2, 2], pad: 'same' },
  { name: '1×1 stride-2 shortcut', x: [2, 8, 8, 8], f: [1, 1, 8, 16], strides: [2, 2], pad: 'same' },
  { name: 'LeNet conv2: valid 5×5, 6 → 16', x: [2, 14, 14, 6], f: [5, 5, 6, 16], strides: [1, 1], pad: 'valid' },
  { name: 'odd sizes, 3×2 filter, 5 → 7 channels, strides 1×2', x: [3, 7, 9, 5], f: [3, 2, 5, 7], strides: [1, 2], pad: 'same' },
  { name: 'explicit asymmetric pads, stride 2', x: [2, 6, 7, 3], f: [3, 3, 3, 4], strides: [2, 2], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { name: 'long K: split-K over several workgroups', x: [4, 16, 16, 3], f: [3, 3, 3, 8], strides: [1, 1], pad: 'same', splitK: true },
  { name: 'M and N over one tile: 40 → 36 channels', x: [1, 5, 5, 40], f: [3, 3, 40, 36], strides: [1, 1], pad: 'same' },
];

const info = (c: Case) => tf.backend_util.computeConv2DInfo(c.x, c.f, c.strides, 1, c.pad);
const splitsOf = (c: Case) => {
  const g = geometryOf(info(c));
  return splitKPlan(g.kH * g.kW * g.inC, g.outC, g.batch * g.outH * g.outW).splits;
};

/** Seeded values from a JS generator, not tf.random*: webgpu's random kernels draw other numbers than cpu's. */
function seeded(shape: number[], seed: number): tf.Tensor {
  const rand = mulberry32(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * rand() - 1), shape);
}

/** Both gradient kernels on the current backend: dW from (x, dy), dX from (dy, w). Async reads (webgpu in Node). */
async function gradients(c: Case, seed: number): Promise<{ dw: Float32Array; dx: Float32Array }> {
  const { outHeight, outWidth } = info(c);
  const x = seeded(c.x, seed);
  const w = seeded(c.f, seed + 1);
  const dy = seeded([c.x[0], outHeight, outWidth, c.f[3]], seed + 2);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' };
  const dwT = tf.engine().runKernel<tf.Tensor>('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: c.f });
  const dxT = tf.engine().runKernel<tf.Tensor>('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: c.x });
  const [dw, dx] = (await Promise.all([dwT.data(), dxT.data()])) as Float32Array[];
  tf.dispose([x, w, dy, dwT, dxT]);
  return { dw, dx };
}

const GRADS_CASE = CASES[6];
/** tf.grads of Σ conv2d(x, w)·r with respect to x and w. */
async function convGrads(c: Case): Promise<Float32Array[]> {
  const [x, w, r] = [seeded(c.x, 7), seeded(c.f, 8), seeded([c.x[0], info(c).outHeight, info(c).outWidth, c.f[3]], 9)];
  const loss = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad).mul(r).sum();
  const grads = tf.grads(loss)([x, w]);
  const values = (await Promise.all(grads.map((g) => g.data()))) as Float32Array[];
  tf.dispose([x, w, r, ...grads]);
  return values;
}

const unavailable = await webgpuUnavailable();
const KERNEL_NAMES = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'] as const;
const stockWebgpu = new Map<string, tf.KernelConfig>();
const reference: { dw: Float32Array; dx: Float32Array }[] = [];
let referenceGrads: Float32Array[] = [];
let ran: string[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const [i, c] of CASES.entries()) reference.push(await gradients(c, 100 * i));
  referenceGrads = await convGrads(GRADS_CASE);
  if (unavailable && hasVulkanDriver) throw new Error(`no WebGPU adapter through Dawn (${unavailable}); is the Vulkan loader installed (apt-get install libvulkan1)?`);
  if (unavailable) return;
  expect(await tf.setBackend('webgpu')).toBe(true);
  const ours = makeWebgpuConvGradKernels(tf);
  for (const kernelName of KERNEL_NAMES) {
    const config = tf.getKernel(kernelName, 'webgpu');
    if (config) {
      stockWebgpu.set(kernelName, config);
      tf.unregisterKernel(kernelName, 'webgpu');
    }
    tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc: ours[kernelName] });
  }
  // Which programs ran, by class: ours are FilterGradGemmProgram, SplitKSumProgram and InputGradGemmProgram.
  const backend = tf.backend() as WebGPUBackend;
  const run = backend.runWebGPUProgram.bind(backend);
  vi.spyOn(backend, 'runWebGPUProgram').mockImplementation((program, ...rest) => {
    ran.push(program.constructor.name);
    return run(program, ...rest);
  });
}, 120_000);

beforeEach(() => {
  ran = [];
});

afterAll(async () => {
  vi.restoreAllMocks();
  for (const kernelName of KERNEL_NAMES) {
    if (tf.getKernel(kernelName, 'webgpu')) tf.unregisterKernel(kernelName, 'webgpu');
    const stock = stockWebgpu.get(kernelName);
    if (stock) tf.registerKernel(stock);
  }
  await tf.setBackend('cpu');
});

describe('the plans', () => {
  it.each([
    { m: 9, n: 1, k: 8, splits: 1 },
    { m: 27, n: 8, k: 1024, splits: 4 }, // at least 256 of K a split
    { m: 144, n: 16, k: 131_072, splits: 52 }, // ResNet-20 stage 1: 5 tiles × 52 splits ≈ 256 workgroups
    { m: 576, n: 64, k: 8192, splits: 8 },
    { m: 27, n: 16, k: 0, splits: 1 },
  ])('split-K of M $m × N $n, K $k: $splits splits covering K in multiples of the tile', ({ m, n, k, splits }) => {
    const plan = splitKPlan(m, n, k);
    expect(plan.splits).toBe(splits);
    expect(plan.kPerSplit % 32).toBe(0);
    expect(plan.kPerSplit * plan.splits).toBeGreaterThanOrEqual(k);
    expect(plan.kPerSplit * (plan.splits - 1)).toBeLessThan(Math.max(1, k));
  });

  it.each(CASES)('dX phases of $name: each pixel in exactly one, each tap that lands in its phase', (c) => {
    const g = geometryOf(info(c));
    const seen = new Map<string, number>();
    for (const ph of inputGradPhases(g))
      for (let iq = 0; iq < ph.rows; iq++)
        for (let jq = 0; jq < ph.cols; jq++) {
          const y = (ph.firstQy + iq) * g.strideH + ph.phaseY - g.padTop;
          const x = (ph.firstQx + jq) * g.strideW + ph.phaseX - g.padLeft;
          expect(y >= 0 && y < g.inH && x >= 0 && x < g.inW).toBe(true);
          seen.set(`${y},${x}`, (seen.get(`${y},${x}`) ?? 0) + 1);
          const landing = Array.from({ length: g.kH }, (_, ky) => ky).filter((ky) => (y + g.padTop - ky) % g.strideH === 0);
          expect(landing).toEqual(Array.from({ length: ph.tapsH }, (_, j) => ph.phaseY + j * g.strideH));
        }
    expect(seen.size).toBe(g.inH * g.inW);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });
});

describe.skipIf(Boolean(unavailable) && !hasVulkanDriver)(`webgpu WGSL conv gradients${unavailable ? ` — skipped: no WebGPU adapter (${unavailable})` : ''}`, () => {
  it.each(CASES.map((c, i) => ({ ...c, i })))('equal stock tfjs-cpu’s, through our programs: $name', async ({ i }) => {
    const c = CASES[i];
    const got = await gradients(c, 100 * i);
    expect(relativeError(got.dw, reference[i].dw), 'dW').toBeLessThanOrEqual(1e-4);
    expect(relativeError(got.dx, reference[i].dx), 'dX').toBeLessThanOrEqual(1e-4);
    const phases = inputGradPhases(geometryOf(info(c))).length;
    expect(phases).toBe(c.strides[0] * c.strides[1]);
    expect(splitsOf(c) > 1).toBe(c.splitK === true);
    const filterPrograms = c.splitK ? ['FilterGradGemmProgram', 'SplitKSumProgram'] : ['FilterGradGemmProgram'];
    expect(ran).toEqual([...filterPrograms, ...Array<string>(phases).fill('InputGradGemmProgram')]);
  });

  it('tf.grads through tf.conv2d on webgpu equals tfjs-cpu’s, with our kernels serving the backward pass', async () => {
    const [dx, dw] = await convGrads(GRADS_CASE);
    expect(relativeError(dx, referenceGrads[0]), 'dX').toBeLessThanOrEqual(1e-4);
    expect(relativeError(dw, referenceGrads[1]), 'dW').toBeLessThanOrEqual(1e-4);
    expect(ran).toContain('FilterGradGemmProgram');
    expect(ran).toContain('InputGradGemmProgram');
    expect(ran.filter((name) => /Der(Input|Filter)/.test(name))).toEqual([]);
  });

  // Central differences of a float64 direct convolution (testing/compare.ts), through our programs on webgpu.
  it.each([
    { name: 'same stride 1', x: [2, 5, 4, 2], f: [3, 3, 2, 3], strides: 1, pad: 'same' as const },
    { name: 'valid stride 2, odd', x: [1, 7, 6, 3], f: [3, 2, 3, 2], strides: 2, pad: 'valid' as const },
    { name: 'same stride 2, one input channel', x: [2, 5, 5, 1], f: [2, 2, 1, 4], strides: 2, pad: 'same' as const },
  ])('tf.grads match central finite differences: $name', async ({ x: xShape, f: fShape, strides, pad }) => {
    const rand = mulberry32(64);
    const seeded = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * rand() - 1), shape);
    const x = seeded(xShape) as tf.Tensor4D;
    const f = seeded(fShape) as tf.Tensor4D;
    const r = seeded(tf.backend_util.computeConv2DInfo(x.shape, f.shape, strides, 1, pad).outShape);
    for (const error of await convGradientErrors(x, f, r, strides, pad)) expect(error).toBeLessThan(1e-3);
    expect(ran).toContain('FilterGradGemmProgram');
    expect(ran).toContain('InputGradGemmProgram');
    tf.dispose([x, f, r]);
  });

  it('NCHW: a clear error without a stock kernel, the stock kernel with one', () => {
    const call = { inputs: {}, backend: tf.backend(), attrs: { dataFormat: 'NCHW' } };
    expect(() => makeWebgpuConvGradKernels(tf).Conv2DBackpropFilter(call)).toThrow(/only NHWC/);
    const stock = vi.fn(() => ({ dataId: {}, shape: [1], dtype: 'float32' as const }));
    makeWebgpuConvGradKernels(tf, { Conv2DBackpropInput: stock }).Conv2DBackpropInput(call);
    expect(stock).toHaveBeenCalledWith(call);
  });

  it.each([
    [1, true],
    [2, false],
  ])("inputGradFor 'strided': stride %i goes to the stock dX: %s", (stride, toStock) => {
    const stock = vi.fn(() => ({ dataId: {}, shape: [1], dtype: 'float32' as const }));
    const dy = tf.zeros([1, 4 / stride, 4 / stride, 2]);
    const filter = tf.zeros([3, 3, 3, 2]);
    const call = { inputs: { dy, filter }, backend: tf.backend(), attrs: { strides: stride, pad: 'same', dataFormat: 'NHWC', inputShape: [1, 4, 4, 3] } };
    const out = makeWebgpuConvGradKernels(tf, { Conv2DBackpropInput: stock }, { inputGradFor: 'strided' }).Conv2DBackpropInput(call) as tf.TensorInfo;
    expect(stock).toHaveBeenCalledTimes(toStock ? 1 : 0);
    if (!toStock) {
      expect(out.shape).toEqual([1, 4, 4, 3]);
      tf.engine().makeTensorFromTensorInfo(out).dispose();
    }
    tf.dispose([dy, filter]);
  });
});
