// Our webgpu BatchNormTrain / BatchNormTrainGrad (WGSL) against our cpu kernels (src/kernels/bn: float64 sums)
// on seeded data: every output of both kernels within 1e-4 relative, over C = 1, 3, 16, 40 (channel blocks of
// ≤ 32 lanes, so 40 takes two), ranks 2–5, odd sizes, several row chunks per channel (short last chunk; M =
// 16,384 at the default 1,024 rows a chunk) and x = 1000 + noise, where Σx² − (Σx)²/M in f32 would lose the
// variance (ulp(10⁶·M) ≫ M·σ²). Each kernel call must run exactly our 4 programs (runWebGPUProgram is watched).
// Then batchNormTrain() end to end (y, μ, σ² and tf.grads) against cpu with both backends' kernels registered.
// In Node through Dawn (src/kernels/testing/dawn.ts: SwiftShader without a GPU, so the shapes stay small).
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD, makeBatchNormTrainKernels } from '../bn/batchNormTrainKernels';
import { batchNormTrain } from '../bn/batchNormTrain';
import { cpuTensorIO } from '../tensorIO';
import { hasVulkanDriver, webgpuUnavailable } from '../testing/dawn';
import { relativeError } from '../testing/compare';
import { mulberry32 } from '../../train/random';
import { BatchNormElementwiseProgram, BatchNormMergeProgram, BatchNormPartialsProgram, makeWebgpuBatchNormTrainKernels } from './batchNormPrograms';

interface Case {
  name: string;
  shape: number[];
  /** Added to every x (default 0): a large mean over unit noise. */
  offset?: number;
  rowsPerChunk?: number;
}

const CASES: Case[] = [
  { name: 'C = 1, one chunk', shape: [4, 9, 9, 1] },
  { name: 'C = 3, odd sizes', shape: [2, 5, 7, 3] },
  { name: 'C = 16', shape: [3, 6, 6, 16] },
  { name: 'C = 40 (two channel blocks)', shape: [2, 3, 5, 40] },
  { name: 'rank 2, C = 16', shape: [37, 16] },
  { name: 'rank 5, C = 6', shape: [2, 3, 4, 5, 6] },
  { name: 'x = 1000 + noise, C = 16', shape: [4, 8, 8, 16], offset: 1000 },
  { name: 'two chunks, the last 101 rows (M = 1125), C = 3', shape: [5, 15, 15, 3] },
  { name: 'chunks of 64 rows, the last short (M = 231), C = 40', shape: [3, 7, 11, 40], rowsPerChunk: 64 },
  { name: 'x = 1000 + noise over chunks of 32 rows (M = 300), C = 1', shape: [3, 10, 10, 1], offset: 1000, rowsPerChunk: 32 },
  { name: '64×16×16×16: 16 chunks a channel', shape: [64, 16, 16, 16] },
];

const EPSILON = 1e-3;
const TOLERANCE = 1e-4;

interface Data {
  x: Float32Array;
  gamma: Float32Array;
  beta: Float32Array;
  dy: Float32Array;
}

/** Seeded x = offset + a per-channel shift in [−2, 2] + noise in [−1, 1); γ in [0.5, 1.5), β and dy in [−1, 1). */
function data(c: Case, seed: number): Data {
  const rand = mulberry32(seed);
  const C = c.shape[c.shape.length - 1];
  const size = c.shape.reduce((a, b) => a * b, 1);
  const shift = Array.from({ length: C }, () => 4 * rand() - 2);
  return {
    x: Float32Array.from({ length: size }, (_, i) => (c.offset ?? 0) + shift[i % C] + 2 * rand() - 1),
    gamma: Float32Array.from({ length: C }, () => 0.5 + rand()),
    beta: Float32Array.from({ length: C }, () => 2 * rand() - 1),
    dy: Float32Array.from({ length: size }, () => 2 * rand() - 1),
  };
}

type Outputs = Record<'y' | 'mean' | 'variance' | 'dx' | 'dgamma' | 'dbeta', Float32Array>;

/** Values of a kernel's outputs (async: webgpu's dataSync needs OffscreenCanvas, which Node lacks). */
async function read(outs: TensorInfo | TensorInfo[]): Promise<Float32Array[]> {
  if (!Array.isArray(outs)) throw new Error('expected the kernel to return three tensors');
  const tensors = outs.map((info) => tf.engine().makeTensorFromTensorInfo(info));
  const values = await Promise.all(tensors.map(async (t) => Float32Array.from(await t.data())));
  tf.dispose(tensors);
  return values;
}

/** Both kernels called directly on the active backend: forward on x, γ, β; backward on dy and the CPU's μ, σ². */
async function runKernels(kernels: Record<string, KernelFunc>, c: Case, d: Data, stats?: { mean: Float32Array; variance: Float32Array }): Promise<Outputs> {
  const C = c.shape[c.shape.length - 1];
  const [x, gamma, beta, dy] = [tf.tensor(d.x, c.shape), tf.tensor(d.gamma), tf.tensor(d.beta), tf.tensor(d.dy, c.shape)];
  const backend = tf.backend();
  const [y, mean, variance] = await read(kernels[BATCH_NORM_TRAIN]({ inputs: { x, gamma, beta }, backend, attrs: { epsilon: EPSILON } }));
  const [m, v] = [tf.tensor(stats?.mean ?? mean, [C]), tf.tensor(stats?.variance ?? variance, [C])];
  const [dx, dgamma, dbeta] = await read(kernels[BATCH_NORM_TRAIN_GRAD]({ inputs: { dy, x, gamma, mean: m, variance: v }, backend, attrs: { epsilon: EPSILON } }));
  tf.dispose([x, gamma, beta, dy, m, v]);
  return { y, mean, variance, dx, dgamma, dbeta };
}

/** batchNormTrain() on the active backend: y, μ, σ², and tf.grads of Σ y·dy with respect to x, γ, β. */
async function endToEnd(c: Case, d: Data): Promise<Outputs> {
  const [x, gamma, beta, r] = [tf.tensor(d.x, c.shape), tf.tensor(d.gamma), tf.tensor(d.beta), tf.tensor(d.dy, c.shape)];
  const kept: tf.Tensor[] = [];
  const loss = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const out = batchNormTrain(tf, a, g, b, EPSILON);
    kept.push(tf.keep(out.y), out.mean, out.variance);
    return tf.sum(tf.mul(out.y, r));
  };
  const grads = tf.grads(loss)([x, gamma, beta]);
  const [y, mean, variance, dx, dgamma, dbeta] = await Promise.all([...kept, ...grads].map(async (t) => Float32Array.from(await t.data())));
  tf.dispose([x, gamma, beta, r, ...kept, ...grads]);
  return { y, mean, variance, dx, dgamma, dbeta };
}

/** The webgpu backend's program runner, watched: which of our programs each kernel call dispatched. */
interface ProgramRunner {
  runWebGPUProgram(program: object, ...rest: unknown[]): unknown;
}

const OURS = [BatchNormPartialsProgram.name, BatchNormMergeProgram.name, BatchNormElementwiseProgram.name];
const PER_KERNEL = [BatchNormPartialsProgram.name, BatchNormMergeProgram.name, BatchNormMergeProgram.name, BatchNormElementwiseProgram.name];

async function watchingPrograms<T>(run: () => Promise<T>): Promise<{ result: T; programs: string[] }> {
  const runner: ProgramRunner = tf.backend() as unknown as ProgramRunner;
  const spy = vi.spyOn(runner, 'runWebGPUProgram');
  try {
    const result = await run();
    return { result, programs: spy.mock.calls.map(([program]) => program.constructor.name) };
  } finally {
    spy.mockRestore();
  }
}

const unavailable = await webgpuUnavailable();
const cpuKernels = makeBatchNormTrainKernels(cpuTensorIO);
const reference = new Map<string, { kernels: Outputs; endToEnd: Outputs }>();
const registered: string[] = [];

/** Our cpu kernels for batchNormTrain's cpu reference (where none is registered yet); afterAll removes them. */
function registerCpuKernels(): void {
  for (const [kernelName, kernelFunc] of Object.entries(cpuKernels)) {
    if (tf.getKernel(kernelName, 'cpu')) continue;
    tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc });
    registered.push(kernelName);
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerCpuKernels();
  for (const [i, c] of CASES.entries()) {
    const d = data(c, 400 + i);
    reference.set(c.name, { kernels: await runKernels(cpuKernels, c, d), endToEnd: await endToEnd(c, d) });
  }
  if (unavailable && hasVulkanDriver) throw new Error(`no WebGPU adapter through Dawn (${unavailable}); is the Vulkan loader installed (apt-get install libvulkan1)?`);
  if (!unavailable) expect(await tf.setBackend('webgpu')).toBe(true);
}, 120_000);

afterAll(async () => {
  for (const kernelName of registered) tf.unregisterKernel(kernelName, 'cpu');
  await tf.setBackend('cpu');
});

function expectClose(got: Outputs, want: Outputs, label: string): void {
  for (const key of Object.keys(want) as Array<keyof Outputs>) {
    expect(got[key].length, `${label} ${key} size`).toBe(want[key].length);
    expect(relativeError(got[key], want[key]), `${label} ${key}`).toBeLessThanOrEqual(TOLERANCE);
  }
}

describe.skipIf(Boolean(unavailable) && !hasVulkanDriver)(`webgpu batch-norm training kernels (WGSL)${unavailable ? ` — skipped: no WebGPU adapter (${unavailable})` : ''}`, () => {
  it.each(CASES.map((c, i) => ({ ...c, i })))('both kernels equal our cpu kernels, 4 programs each: $name', async (c) => {
    const want = reference.get(c.name)!.kernels;
    const kernels = makeWebgpuBatchNormTrainKernels({ rowsPerChunk: c.rowsPerChunk });
    const { result, programs } = await watchingPrograms(() => runKernels(kernels, c, data(c, 400 + c.i), want));
    expectClose(result, want, c.name);
    expect(programs).toEqual([...PER_KERNEL, ...PER_KERNEL]);
  });

  it('the variance of x = 1000 + noise is not cancelled: σ² ≈ 1/3 (uniform noise) per channel', () => {
    const { variance } = reference.get(CASES[6].name)!.kernels;
    for (const v of variance) expect(Math.abs(v - 1 / 3)).toBeLessThan(0.1);
  });

  it.each([CASES[1], CASES[3], CASES[6], CASES[8]])('batchNormTrain end to end (y, μ, σ², tf.grads) equals cpu: $name', async (c) => {
    const ours = makeWebgpuBatchNormTrainKernels({ rowsPerChunk: c.rowsPerChunk });
    for (const [kernelName, kernelFunc] of Object.entries(ours)) tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc });
    try {
      const { result, programs } = await watchingPrograms(() => endToEnd(c, data(c, 400 + CASES.indexOf(c))));
      expectClose(result, reference.get(c.name)!.endToEnd, c.name);
      expect(programs.filter((name) => OURS.includes(name))).toEqual([...PER_KERNEL, ...PER_KERNEL]);
    } finally {
      for (const kernelName of Object.keys(ours)) tf.unregisterKernel(kernelName, 'webgpu');
    }
  });
});
