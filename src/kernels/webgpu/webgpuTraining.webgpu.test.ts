// Training on webgpu with every kernel of ours registered (WGSL conv gradients, batch norm, ReLU gradient, fused
// optimizer step) against training on webgpu with tfjs' own kernels and optimizer: LeNet-5 and ResNet-20 (BN,
// projection shortcuts, stride-2 convs) from the same seeded weights, one SGD step on the same seeded batch,
// end on the same weights (≤ 1e-4 relative to the largest change) — and each of our WGSL programs ran. One
// step, not several: a second step's forward pass starts from weights ~1e-7 apart, and a ReLU input near 0
// that takes the other side there moves a few weights by percents of the change (seen: 5.6% after 3 steps for
// one seed, 1e-6 for another).
// Against tfjs-cpu instead, ResNet-20's step-1 gradients differ by up to 7e-3 for some seeds with tfjs' webgpu
// kernels and ours alike (the forward pass differs the same way), so stock webgpu is the reference that isolates
// our kernels. Dawn on SwiftShader here (src/kernels/testing/dawn.ts).
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';
import { hasVulkanDriver, webgpuUnavailable } from '../testing/dawn';
import { templates } from '../../templates';
import { buildTfModel } from '../../train/buildTfModel';
import { makeOptimizer } from '../../train/optimizer';
import { crossEntropy } from '../../train/loss';
import { mulberry32, withSeededRandom } from '../../train/random';
import { FilterGradGemmProgram, InputGradGemmProgram } from './convGradPrograms';
import { BatchNormElementwiseProgram, BatchNormPartialsProgram } from './batchNormPrograms';
import { ReluGradProgram } from './reluGradProgram';

const STEPS = 1;
const BATCH = 2;

/** Seeded values from a JS generator (webgpu's random kernels draw other numbers than cpu's). */
function values(shape: number[], seed: number): tf.Tensor {
  const rand = mulberry32(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand()), shape);
}

/** STEPS SGD step(s) of the template from `initial` on the active backend; the final weights. */
async function train(id: string, initial: Float32Array[]): Promise<Float32Array[]> {
  const model = buildTfModel(templates.find((t) => t.id === id)!.build().graph, tf);
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(initial[i], w.shape)));
  const [h, w, c] = (model.inputs[0].shape as number[]).slice(1);
  const classes = model.outputs[0].shape[1] as number;
  const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
  const opt = makeOptimizer(tf, { optimizer: 'sgd', learningRate: 0.05, momentum: 0.9 });
  for (let step = 0; step < STEPS; step++) {
    const x = values([BATCH, h, w, c], 10 + step);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => (3 * step + i) % classes), 'int32'), classes) as tf.Tensor2D;
    const { value, grads } = tf.variableGrads(() => crossEntropy(tf, y, model.apply(x, { training: true }) as tf.Tensor2D), vars);
    opt.applyGradients(grads);
    await value.data();
    tf.dispose([x, y, value, grads]);
  }
  const weights = await Promise.all(model.trainableWeights.map(async (v) => Float32Array.from(await v.read().data())));
  opt.dispose();
  model.dispose();
  return weights;
}

/** max |a − b| over every weight, relative to the largest change training made (max |b − initial|). */
function relativeToChange(a: Float32Array[], b: Float32Array[], initial: Float32Array[]): { error: number; change: number } {
  let error = 0;
  let change = 0;
  a.forEach((w, i) =>
    w.forEach((v, j) => {
      error = Math.max(error, Math.abs(v - b[i][j]));
      change = Math.max(change, Math.abs(b[i][j] - initial[i][j]));
    }),
  );
  return { error: error / change, change };
}

interface ProgramRunner {
  runWebGPUProgram(program: object, ...rest: unknown[]): unknown;
}

const unavailable = await webgpuUnavailable();
const IDS = ['lenet5', 'resnet20'];
const initial = new Map<string, Float32Array[]>();
const byStock = new Map<string, Float32Array[]>();

beforeAll(async () => {
  if (unavailable && hasVulkanDriver) throw new Error(`no WebGPU adapter through Dawn (${unavailable}); is the Vulkan loader installed (apt-get install libvulkan1)?`);
  if (unavailable) return;
  await tf.setBackend('cpu');
  for (const id of IDS) {
    const model = withSeededRandom(7, () => buildTfModel(templates.find((t) => t.id === id)!.build().graph, tf));
    initial.set(id, model.getWeights().map((w) => Float32Array.from(w.dataSync())));
    model.dispose();
  }
  expect(await tf.setBackend('webgpu')).toBe(true);
  unregisterFastKernels(tf);
  for (const id of IDS) byStock.set(id, await train(id, initial.get(id)!));
  registerFastKernels(tf);
}, 300_000);

afterAll(async () => {
  unregisterFastKernels(tf);
  registerFastKernels(tf);
  await tf.setBackend('cpu');
});

describe.skipIf(Boolean(unavailable) && !hasVulkanDriver)(`training on webgpu with our WGSL kernels${unavailable ? ` — skipped: no WebGPU adapter (${unavailable})` : ''}`, () => {
  it.each(IDS)('%s: stock webgpu’s weights after a step, through our programs', async (id) => {
    const runner = tf.backend() as unknown as ProgramRunner;
    const spy = vi.spyOn(runner, 'runWebGPUProgram');
    let weights: Float32Array[];
    let programs: Set<string>;
    try {
      weights = await train(id, initial.get(id)!);
      programs = new Set(spy.mock.calls.map(([program]) => program.constructor.name));
    } finally {
      spy.mockRestore();
    }
    expect([...programs]).toEqual(expect.arrayContaining([FilterGradGemmProgram.name, ReluGradProgram.name, 'OptimizerStepProgram']));
    // dX of a strided conv and batch norm: ResNet-20 has both (LeNet-5's convs are stride 1: tfjs' own dX).
    if (id === 'resnet20') expect([...programs]).toEqual(expect.arrayContaining([InputGradGemmProgram.name, BatchNormPartialsProgram.name, BatchNormElementwiseProgram.name]));
    const want = byStock.get(id)!;
    const { error, change } = relativeToChange(weights, want, initial.get(id)!);
    expect(change).toBeGreaterThan(1e-3);
    expect(error).toBeLessThanOrEqual(1e-4);
  }, 300_000);
});
