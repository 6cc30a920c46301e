// The one-pass ReLU gradient against tfjs' mul(dy, cast(step(x))) (tfjs-cpu's, the reference: step(NaN) = NaN):
// equal to the bit on cpu (JS) and wasm (our SIMD module) — ±0 and NaN included: x of 0, −0 and NaN, dy of ±∞ and
// negatives, 13 elements so the SIMD pass has a scalar tail — one kernel call where tfjs runs two or three, and
// tfjs' own formula wherever our kernel is not registered.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from './index';
import { RELU_GRAD } from './reluGrad';

const X = [2, -1, 0, -0, Number.NaN, 3, 1e-30, -1e-30, 0.5, -7, 4, 1, 5];
const DY = [-3, 2, 5, -5, 1, Number.POSITIVE_INFINITY, -2, Number.NEGATIVE_INFINITY, Number.NaN, 1, -0, -4, 6];

/** dx of Σ dy·relu(x) and the kernels the backward pass ran. */
async function reluGradient(x: number[], dy: number[]): Promise<{ dx: number[]; kernels: string[] }> {
  const xt = tf.tensor(x, [x.length]);
  const dyt = tf.tensor(dy, [dy.length]);
  let dx: tf.Tensor | undefined;
  const profile = await tf.profile(() => {
    dx = tf.grad((a: tf.Tensor) => tf.relu(a))(xt, dyt);
    return dx;
  });
  const values = Array.from(await dx!.data());
  tf.dispose([xt, dyt, dx!]);
  // Relu itself, and the tape's Identity clone of the x it saves, run in both.
  return { dx: values, kernels: profile.kernels.map((k) => k.name).filter((n) => n !== 'Relu' && n !== 'Identity') };
}

let reference: number[];
beforeAll(async () => {
  setWasmPaths(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
  await tf.setBackend('cpu');
  unregisterFastKernels(tf);
  reference = (await reluGradient(X, DY)).dx;
});
afterAll(async () => {
  registerFastKernels(tf);
  await tf.setBackend('cpu');
});

describe.each(['cpu', 'wasm'])('%s: the ReLU gradient', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it('is tfjs’ to the bit, in one kernel call where tfjs runs Step, (Cast) and Multiply', async () => {
    unregisterFastKernels(tf);
    const stock = await reluGradient(X, DY);
    registerFastKernels(tf);
    const ours = await reluGradient(X, DY);
    expect(ours.kernels).toEqual([RELU_GRAD]);
    expect(stock.kernels).toEqual(expect.arrayContaining(['Step', 'Multiply']));
    expect(ours.dx.length).toBe(X.length);
    // Object.is tells −0 from 0 and matches NaN with NaN.
    ours.dx.forEach((v, i) => expect(Object.is(v, reference[i]), `element ${i}: x ${X[i]}, dy ${DY[i]}: ${v} vs ${reference[i]}`).toBe(true));
  });

  it('falls back to tfjs’ formula where our kernel is not registered for the backend', async () => {
    registerFastKernels(tf);
    const config = tf.getKernel(RELU_GRAD, backend)!;
    tf.unregisterKernel(RELU_GRAD, backend);
    try {
      const fallback = await reluGradient(X, DY);
      expect(fallback.kernels).toEqual(expect.arrayContaining(['Step', 'Multiply']));
      expect(fallback.dx.slice(0, 2)).toEqual([-3, 0]);
    } finally {
      tf.registerKernel(config);
    }
  });
});
