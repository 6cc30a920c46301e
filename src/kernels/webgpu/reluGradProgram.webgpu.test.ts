// The ReLU gradient on webgpu: one WGSL dispatch (ReluGradProgram) where tfjs runs Step and Multiply, the same
// values as tfjs' webgpu formula to the bit (±0, NaN and ±∞ included) — Dawn on SwiftShader here (../testing/dawn.ts).
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';
import { hasVulkanDriver, webgpuUnavailable } from '../testing/dawn';
import { ReluGradProgram } from './reluGradProgram';

const X = [2, -1, 0, -0, Number.NaN, 3, 1e-30, -1e-30, 0.5, -7, 4, 1];
const DY = [-3, 2, 5, -5, 1, Number.POSITIVE_INFINITY, -2, Number.NEGATIVE_INFINITY, Number.NaN, 1, -0, -4];

interface ProgramRunner {
  runWebGPUProgram(program: object, ...rest: unknown[]): unknown;
}

/** dx of Σ dy·relu(x) on webgpu and the programs it dispatched (the forward Relu's too). */
async function reluGradient(): Promise<{ dx: number[]; programs: string[] }> {
  const x = tf.tensor(X, [3, 4]);
  const dy = tf.tensor(DY, [3, 4]);
  const spy = vi.spyOn(tf.backend() as unknown as ProgramRunner, 'runWebGPUProgram');
  try {
    const dx = tf.grad((a: tf.Tensor) => tf.relu(a))(x, dy);
    const programs = spy.mock.calls.map(([p]) => p.constructor.name);
    const values = Array.from(await dx.data());
    tf.dispose([x, dy, dx]);
    return { dx: values, programs };
  } finally {
    spy.mockRestore();
  }
}

const unavailable = await webgpuUnavailable();

beforeAll(async () => {
  if (unavailable && hasVulkanDriver) throw new Error(`no WebGPU adapter through Dawn (${unavailable}); is the Vulkan loader installed (apt-get install libvulkan1)?`);
  if (!unavailable) expect(await tf.setBackend('webgpu')).toBe(true);
}, 120_000);
afterAll(async () => {
  registerFastKernels(tf);
  await tf.setBackend('cpu');
});

describe.skipIf(Boolean(unavailable) && !hasVulkanDriver)(`webgpu ReLU gradient${unavailable ? ` — skipped: no WebGPU adapter (${unavailable})` : ''}`, () => {
  it('is tfjs’ formula’s to the bit, in one dispatch', async () => {
    unregisterFastKernels(tf);
    const stock = await reluGradient();
    registerFastKernels(tf);
    const ours = await reluGradient();
    // The forward Relu, then ours; tfjs: the forward Relu, then Step and Multiply.
    expect(ours.programs.filter((n) => n === ReluGradProgram.name)).toHaveLength(1);
    expect(stock.programs).not.toContain(ReluGradProgram.name);
    expect(ours.programs.length).toBe(stock.programs.length - 1);
    // Object.is tells −0 from 0 and matches NaN with NaN.
    ours.dx.forEach((v, i) => expect(Object.is(v, stock.dx[i]), `element ${i}: x ${X[i]}, dy ${DY[i]}: ${v} vs ${stock.dx[i]}`).toBe(true));
  });
});
