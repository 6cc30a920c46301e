// The fused optimizer step on webgpu (WGSL, one dispatch per state tensor) against tfjs' own optimizers on
// stock tfjs-cpu: five variables of conv / dense / bias shapes, 6 steps of seeded gradients with the learning
// rate changed at step 3, for every rule; the update is one kernel call a step. In Node through Dawn
// (src/kernels/testing/dawn.ts: SwiftShader without a GPU). WGSL's f32 sqrt and division are not bit-exact
// to JavaScript's, so the weights agree within 1e-5 relative, not to the bit as on cpu and wasm.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';
import { hasVulkanDriver, webgpuUnavailable } from '../testing/dawn';
import { relativeError } from '../testing/compare';
import { makeFusedOptimizer, type OptimizerSettings } from '../../train/fusedOptimizer';
import { makeStockOptimizer, setLearningRate } from '../../train/optimizer';
import { OPTIMIZER_STEP } from './optimizerStep';
import { mulberry32 } from '../../train/random';

const SHAPES = [[3, 3, 2, 4], [4], [1, 1, 4, 8], [30, 10], [10]];
const KINDS: OptimizerSettings['optimizer'][] = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam'];
const STEPS = 6;

/** STEPS steps of `opt` from seeded weights with seeded gradients; the final weights, and kernel names per step. */
async function run(opt: tf.Optimizer, lr: number): Promise<{ weights: Float32Array[]; kernels: string[][] }> {
  // Values from a JS generator, not tf.random*: webgpu's random kernels draw other numbers than cpu's for a seed.
  const values = (shape: number[], seed: number) => {
    const rand = mulberry32(seed);
    return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * rand() - 1), shape);
  };
  const vars = SHAPES.map((s, i) => tf.variable(values(s, 70 + i), true, `w${i}`));
  const kernels: string[][] = [];
  for (let step = 0; step < STEPS; step++) {
    setLearningRate(opt, step < 3 ? lr : lr / 2);
    const grads = Object.fromEntries(vars.map((v, i) => [v.name, values(v.shape, 100 * step + i)]));
    const profile = await tf.profile(() => opt.applyGradients(grads));
    kernels.push(profile.kernels.map((k) => k.name));
    tf.dispose(Object.values(grads));
  }
  const weights = await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array));
  tf.dispose(vars);
  opt.dispose();
  return { weights, kernels };
}

const LR: Record<OptimizerSettings['optimizer'], number> = { sgd: 0.05, momentum: 0.02, nesterov: 0.02, rmsprop: 0.003, adam: 0.003 };
const settings = (kind: OptimizerSettings['optimizer']): OptimizerSettings => ({ optimizer: kind, learningRate: LR[kind], momentum: 0.9 });

const unavailable = await webgpuUnavailable();
const reference = new Map<string, Float32Array[]>();

beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const kind of KINDS) reference.set(kind, (await run(makeStockOptimizer(tf, settings(kind)), LR[kind])).weights);
  if (unavailable && hasVulkanDriver) throw new Error(`no WebGPU adapter through Dawn (${unavailable}); is the Vulkan loader installed (apt-get install libvulkan1)?`);
  if (!unavailable) {
    expect(await tf.setBackend('webgpu')).toBe(true);
    registerFastKernels(tf, { backends: ['webgpu'] });
  }
}, 120_000);

afterAll(async () => {
  unregisterFastKernels(tf);
  await tf.setBackend('cpu');
});

describe.skipIf(Boolean(unavailable) && !hasVulkanDriver)(`webgpu fused optimizer step${unavailable ? ` — skipped: no WebGPU adapter (${unavailable})` : ''}`, () => {
  it.each(KINDS)('%s: the weights of tfjs-cpu’s own optimizer after 6 steps, one kernel call a step', async (kind) => {
    const { weights, kernels } = await run(makeFusedOptimizer(tf, settings(kind)), LR[kind]);
    const want = reference.get(kind)!;
    weights.forEach((w, i) => expect(relativeError(w, want[i]), `${kind} w${i}`).toBeLessThanOrEqual(1e-5));
    expect(kernels.every((k) => k.length === 1 && k[0] === OPTIMIZER_STEP)).toBe(true);
  });
});
