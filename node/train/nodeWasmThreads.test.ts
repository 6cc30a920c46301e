// The threaded SIMD wasm build under Node: it starts with the XNNPACK threads asked for (2 even on a 2-core
// machine, where tfjs alone would cap at cores / 2 = 1), and computes what the cpu backend computes.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { nodeWasmThreading } from './nodeWasmThreads';
import { registerNodeWasm } from './trainBackend';

const x = Float32Array.from({ length: 4 * 12 * 12 * 8 }, (_, i) => Math.sin(i * 0.37));
const w = Float32Array.from({ length: 3 * 3 * 8 * 16 }, (_, i) => Math.cos(i * 0.11));
const conv = () => tf.tidy(() => tf.conv2d(tf.tensor4d(x, [4, 12, 12, 8]), tf.tensor4d(w, [3, 3, 8, 16]), 1, 'same').dataSync());

describe('tfjs-backend-wasm threads in Node', () => {
  it.each([
    [2, 2],
    [1, 1],
    [2, 2], // back again: the backend restarts with the new count
  ])('asked for %i thread(s): starts with %i and matches the cpu backend', async (asked, expected) => {
    await tf.setBackend('cpu');
    const reference = conv();
    await registerNodeWasm(tf, { threads: asked });
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(nodeWasmThreading().threads, nodeWasmThreading().reason).toBe(expected);
    const got = conv();
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - reference[i]) / (Math.abs(reference[i]) + 1));
    expect(worst).toBeLessThan(1e-4);
  });
});
