// chooseBackend on real tfjs in Node: cpu and wasm are real backends here; webgpu/webgl have no factory in
// Node, and one backend is registered with a factory that throws to stand for a GPU that fails to start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { AUTO_ORDER, chooseBackend, isSoftwareRenderer, softwareRendererReason, type BackendName, type BackendTimer, type RememberedChoice } from './backend';
import { TIMED_STEPS, trainingTimer } from './backendTiming';
import { lenet5 } from '../templates/lenet5';
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

// 'auto' with a measurer, on LeNet-5 at batch 32: cpu and wasm are both real backends in Node, so the figures
// are real; webgpu has no factory here and webgl's throws (a GPU that fails to start).
describe('chooseBackend measuring', () => {
  const workload = { graph: lenet5().graph, settings: { batchSize: 32 } };
  /** The real timer, counting which backends it timed. */
  const counted = (opts?: Parameters<typeof trainingTimer>[2]) => {
    const timed: BackendName[] = [];
    const real = trainingTimer(tf, workload, opts);
    const time: BackendTimer = (name, limits) => (timed.push(name), real(name, limits));
    return { timed, time };
  };
  const contenders: BackendName[] = ['webgl', 'wasm', 'cpu'];

  beforeAll(async () => {
    await registerNodeWasm(tf);
    tf.registerBackend('webgl', () => {
      throw new Error('WebGL context could not be created');
    });
    await tf.setBackend('cpu');
  });
  afterAll(() => {
    tf.removeBackend('webgl');
    unregisterFastKernels(tf);
  });

  it('times every contender that starts, trains on the faster, remembers it, and leaves no tensor behind', async () => {
    const { timed, time } = counted();
    const remembered: RememberedChoice[] = [];
    const tensors = tf.memory().numTensors;
    const choice = await chooseBackend(tf, 'auto', AUTO_ORDER, undefined, { time, contenders, remember: (r) => void remembered.push(r) });
    // webgl failed to start: never timed, listed with its reason (webgpu is no contender here, and not reached).
    expect(timed).toEqual(['wasm', 'cpu']);
    expect(choice.skipped).toEqual([{ backend: 'webgl', reason: 'failed to initialise' }]);
    const m = choice.measured!;
    expect(m.map((x) => x.backend).sort()).toEqual(['cpu', 'wasm']);
    for (const x of m) {
      expect(x.samplesPerSec).toBeGreaterThan(0);
      expect(x.ms).toBeGreaterThan(0);
      expect(x.steps).toBeGreaterThanOrEqual(1);
      expect(x.steps).toBeLessThanOrEqual(TIMED_STEPS);
    }
    expect(m[0].samplesPerSec).toBeGreaterThanOrEqual(m[1].samplesPerSec);
    expect(choice.backend).toBe(m[0].backend);
    expect(tf.getBackend()).toBe(choice.backend);
    expect(choice.fastKernels).toContain(`${choice.backend}/Conv2DBackpropFilter`);
    expect(remembered).toEqual([{ backend: choice.backend, measured: m, at: expect.any(String) }]);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('keeps to the budget: with none, the first in the order runs one step, the rest are not timed and nothing is kept', async () => {
    const { timed, time } = counted();
    const remembered: RememberedChoice[] = [];
    const choice = await chooseBackend(tf, 'auto', AUTO_ORDER, undefined, { time, contenders, budgetMs: 0, remember: (r) => void remembered.push(r) });
    expect(timed).toEqual(['wasm']);
    expect(choice.measured).toEqual([
      { backend: 'wasm', samplesPerSec: expect.any(Number), steps: 1, ms: expect.any(Number), cut: 'budget', firstStepOnly: true },
      { backend: 'cpu', samplesPerSec: 0, steps: 0, ms: expect.any(Number), cut: 'budget', notTimed: true },
    ]);
    // The untimed one cannot win: the choice is the order's own.
    expect(choice.backend).toBe('wasm');
    expect(remembered).toEqual([]);
  });

  it('a backend given up on before its first step came back never wins over one measured, whatever its upper bound', async () => {
    // cpu stands for a GPU backend whose first read-back was still out when its share ended (the timer's watchdog).
    const { time: real } = counted();
    const time: BackendTimer = async (name, limits) => (name === 'cpu' ? { samplesPerSec: 1e9, steps: 0, cut: 'budget', firstStepOnly: true } : real(name, limits));
    const choice = await chooseBackend(tf, 'auto', AUTO_ORDER, undefined, { time, contenders });
    expect(choice.measured!.map((m) => m.backend)).toEqual(['wasm', 'cpu']);
    expect(choice.backend).toBe('wasm');
  });

  it('times the contenders in the order given', async () => {
    const { timed, time } = counted();
    await chooseBackend(tf, 'auto', AUTO_ORDER, undefined, { time, contenders: ['cpu', 'wasm'] });
    expect(timed).toEqual(['cpu', 'wasm']);
  });

  it.each<{ title: string; recall?: RememberedChoice; preference?: BackendName | 'auto'; vet?: (n: BackendName) => string | undefined; backend: BackendName; timed: BackendName[]; remembered?: boolean }>([
    {
      title: 'a remembered choice that still starts skips measuring',
      recall: { backend: 'cpu', measured: [{ backend: 'cpu', samplesPerSec: 900, steps: 8, ms: 300 }, { backend: 'wasm', samplesPerSec: 800, steps: 8, ms: 200 }], at: '2025-01-02T03:04:05.000Z' },
      backend: 'cpu',
      timed: [],
      remembered: true,
    },
    {
      title: 'a remembered backend that is no longer a contender is measured anew',
      recall: { backend: 'webgpu', measured: [{ backend: 'webgpu', samplesPerSec: 9000, steps: 8, ms: 900 }], at: '2025-01-02T03:04:05.000Z' },
      backend: 'wasm',
      timed: ['cpu', 'wasm'],
    },
    { title: 'a vetted-out backend is never timed: one contender left, no warm-up', vet: (n) => (n === 'cpu' ? 'cpu vetoed by the test' : undefined), backend: 'wasm', timed: [] },
    { title: 'a backend named in the settings is never timed', preference: 'cpu', backend: 'cpu', timed: [] },
  ])('$title', async ({ recall, preference = 'auto', vet, backend, timed: wantTimed, remembered }) => {
    const { timed, time } = counted();
    const choice = await chooseBackend(tf, preference, AUTO_ORDER, vet, { time, contenders, recall: () => recall });
    expect(timed.sort()).toEqual(wantTimed);
    if (wantTimed.length) expect(choice.backend).toBe(choice.measured![0].backend);
    else expect(choice.backend).toBe(backend);
    expect(tf.getBackend()).toBe(choice.backend);
    if (remembered) expect(choice).toMatchObject({ measured: recall!.measured, rememberedAt: recall!.at });
    else expect(choice.rememberedAt).toBeUndefined();
    if (!wantTimed.length && !remembered) expect(choice.measured).toBeUndefined();
    if (vet) expect(choice.skipped.find((s) => s.backend === 'cpu')?.reason).toBe('cpu vetoed by the test');
  });
});
