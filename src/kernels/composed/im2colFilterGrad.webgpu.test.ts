// Our webgpu Conv2DBackpropFilter against stock tfjs-cpu, in Node through Dawn (`webgpu` package). Without a GPU
// this runs on SwiftShader (Vulkan on the CPU; Debian's chromium ships its ICD) — slow, so shapes are small.
// Dawn needs the Vulkan loader (Debian: libvulkan1, which .ci/run installs). Where SwiftShader's ICD is
// installed the test must find an adapter — no adapter there is a failure, not a skip; it skips (saying why)
// only on a machine with neither a Vulkan driver chosen (VK_ICD_FILENAMES) nor SwiftShader.
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
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

/** Sets up Dawn's navigator.gpu and the webgpu backend; returns why not, if it cannot. */
async function webgpuUnavailable(): Promise<string | undefined> {
  try {
    process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
    process.env.XDG_RUNTIME_DIR ??= '/tmp';
    const dawn = (await import('webgpu')) as unknown as { create(flags: string[]): GPU; globals: object };
    Object.assign(globalThis, dawn.globals);
    const gpu = dawn.create([]);
    if (!(await gpu.requestAdapter())) return 'requestAdapter() returned null';
    Object.defineProperty(globalThis.navigator ?? Object.assign(globalThis, { navigator: {} }).navigator, 'gpu', { value: gpu, configurable: true });
    await import('@tensorflow/tfjs-backend-webgpu');
    return tf.findBackendFactory('webgpu') ? undefined : '@tensorflow/tfjs-backend-webgpu did not register';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const hasVulkanDriver = Boolean(process.env.VK_ICD_FILENAMES) || existsSync(SWIFTSHADER_ICD);
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
      expect(registerFastKernels(tf, { backends: ['webgpu'] })).toEqual(['webgpu/Conv2DBackpropFilter']);
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
