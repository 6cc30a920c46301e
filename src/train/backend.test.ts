// chooseBackend on real tfjs in Node: cpu and wasm are real backends here; webgpu/webgl have no factory in
// Node, and one backend is registered with a factory that throws to stand for a GPU that fails to start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { AUTO_ORDER, chooseBackend, isSoftwareRenderer, softwareRendererReason, type BackendName } from './backend';
import { registerNodeWasm } from '../../node/train/trainBackend';
import { unregisterFastKernels } from '../kernels/index';

describe('isSoftwareRenderer', () => {
  it.each([
    // Chromium without a GPU: ANGLE on SwiftShader (WebGL) and the SwiftShader Vulkan adapter (WebGPU).
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', true],
    ['Google SwiftShader', true],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', true],
    ['Mesa softpipe', true],
    ['Microsoft Basic Render Driver', true],
    ['Apple Software Renderer', true],
    ['Google Inc. (Google) SwiftShader (software fallback adapter)', true],
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3080 Direct3D11 vs_5_0 ps_5_0, D3D11)', false],
    ['ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)', false],
    ['Apple M2', false],
    ['nvidia hopper NVIDIA H100 80GB HBM3', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (renderer, software) => expect(isSoftwareRenderer(renderer)).toBe(software));

  it('gives a reason that names the renderer and how to use it anyway', () => {
    expect(softwareRendererReason('webgl', 'Google SwiftShader')).toMatch(/webgl runs on a software renderer \(Google SwiftShader\).*choose webgl in the settings/);
    expect(softwareRendererReason('webgl', 'NVIDIA GeForce')).toBeUndefined();
  });
});

describe('chooseBackend', () => {
  beforeAll(async () => {
    await registerNodeWasm(tf);
    // Stands for a GPU backend whose start fails (e.g. a lost context): tfjs calls the factory on setBackend.
    tf.registerBackend('webgl', () => {
      throw new Error('WebGL context could not be created');
    });
  });
  afterAll(() => {
    tf.removeBackend('webgl');
    unregisterFastKernels(tf);
  });

  it('tries webgpu → webgl → wasm → cpu when automatic', () => expect(AUTO_ORDER).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']));

  const software = (name: BackendName) => (name === 'wasm' ? 'wasm vetoed by the test' : undefined);
  it.each<{ title: string; preference: BackendName | 'auto'; vet?: (n: BackendName) => string | undefined; backend: BackendName; skipped: [BackendName, RegExp][] }>([
    {
      title: 'auto lands on wasm when no GPU backend starts',
      preference: 'auto',
      backend: 'wasm',
      skipped: [['webgpu', /not available in this build/], ['webgl', /failed to initialise/]],
    },
    {
      title: 'a vetted-out backend is skipped with its reason',
      preference: 'auto',
      vet: software,
      backend: 'cpu',
      skipped: [['webgpu', /not available/], ['webgl', /failed to initialise/], ['wasm', /wasm vetoed by the test/]],
    },
    { title: 'a named backend is used when it starts', preference: 'cpu', backend: 'cpu', skipped: [] },
    { title: 'a named backend is not vetted', preference: 'wasm', vet: software, backend: 'wasm', skipped: [] },
    {
      title: 'a named backend that fails falls back through the order',
      preference: 'webgl',
      backend: 'wasm',
      skipped: [['webgl', /failed to initialise/], ['webgpu', /not available/]],
    },
  ])('$title', async ({ preference, vet, backend, skipped }) => {
    const choice = await chooseBackend(tf, preference, AUTO_ORDER, vet);
    expect(choice.backend).toBe(backend);
    expect(tf.getBackend()).toBe(backend);
    expect(choice.skipped.map((s) => s.backend)).toEqual(skipped.map(([b]) => b));
    choice.skipped.forEach((s, i) => expect(s.reason).toMatch(skipped[i][1]));
    // Our kernels are registered for the backend chosen: wasm can train (it has no Conv2DBackpropFilter of its own).
    expect(choice.fastKernels).toContain(`${backend}/Conv2DBackpropFilter`);
  });

  it('wasm with our kernels computes the conv filter gradient stock wasm lacks, equal to cpu', async () => {
    const filterGrad = async (backend: BackendName) => {
      await chooseBackend(tf, backend);
      const x = tf.randomUniform([2, 7, 7, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomUniform([3, 3, 3, 4], -1, 1, 'float32', 2) as tf.Tensor4D;
      const g = tf.grad((v: tf.Tensor) => tf.conv2d(x, v as tf.Tensor4D, 1, 'same').square().sum())(w);
      const values = Array.from(await g.data());
      tf.dispose([x, w, g]);
      return values;
    };
    const onWasm = await filterGrad('wasm');
    const onCpu = await filterGrad('cpu');
    expect(onWasm).toHaveLength(108);
    const scale = Math.max(...onCpu.map(Math.abs));
    expect(Math.max(...onWasm.map((v, i) => Math.abs(v - onCpu[i]))) / scale).toBeLessThan(1e-4);
  });

  it('says what failed when nothing starts', async () => {
    await expect(chooseBackend(tf, 'auto', ['webgpu', 'webgl'])).rejects.toThrow(/No tfjs backend could start \(webgpu: not available in this build; webgl: failed to initialise\)/);
  });
});
