// Our webgpu Conv2DBackpropFilter against stock tfjs-cpu, in Node through Dawn (src/kernels/testing/dawn.ts:
// SwiftShader without a GPU, so the shapes are small).
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';
import { hasVulkanDriver, webgpuUnavailable } from '../testing/dawn';

const CASES = [
  { name: 'lenet conv2 valid', x: [2, 10, 10, 6], f: [5, 5, 6, 16], strides: 1, pad: 'valid' as const },
  { name: 'stride 2 same odd', x: [2, 9, 11, 4], f: [3, 3, 4, 7], strides: 2, pad: 'same' as const },
];

/** Async read: webgpu's dataSync needs OffscreenCanvas, which Node lacks. */
async function filterGrad(c: (typeof CASES)[number]): Promise<Float32Array> {
  const grad = tf.tidy(() => {
    const x = tf.randomUniform(c.x, -1, 1, 'float32', 61);
    const f = tf.randomUniform(c.f, -1, 1, 'float32', 62);
    const conv = (w: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad);
    const r = tf.randomUniform(conv(f).shape, -1, 1, 'float32', 63);
    return tf.grad((w: tf.Tensor) => conv(w).mul(r).sum())(f);
  });
  const values = (await grad.data()) as Float32Array;
  grad.dispose();
  return values;
}

const unavailable = await webgpuUnavailable();
let reference: Float32Array[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  reference = await Promise.all(CASES.map(filterGrad));
  if (unavailable && hasVulkanDriver) throw new Error(`no WebGPU adapter through Dawn (${unavailable}); is the Vulkan loader installed (apt-get install libvulkan1)?`);
  if (!unavailable) expect(await tf.setBackend('webgpu')).toBe(true);
}, 120_000);

afterAll(async () => {
  unregisterFastKernels(tf);
  await tf.setBackend('cpu');
});

describe.skipIf(Boolean(unavailable) && !hasVulkanDriver)(
  `webgpu Conv2DBackpropFilter (im2col + matmul)${unavailable ? ` — skipped: no WebGPU adapter (${unavailable})` : ''}`,
  () => {
    it.each(CASES.map((c, i) => ({ ...c, i })))('equals stock tfjs-cpu: $name', async ({ i }) => {
      expect(registerFastKernels(tf, { backends: ['webgpu'] })).toEqual(['webgpu/Conv2DBackpropFilter', 'webgpu/CnnStudioOptimizerStep']);
      const got = await filterGrad(CASES[i]);
      let worst = 0;
      let scale = 1e-12;
      for (let k = 0; k < got.length; k++) {
        worst = Math.max(worst, Math.abs(got[k] - reference[i][k]));
        scale = Math.max(scale, Math.abs(reference[i][k]));
      }
      expect(worst / scale).toBeLessThanOrEqual(1e-4);
    });
  },
);
