// Our SIMD dW split across a helper thread on tfjs-backend-wasm's threaded heap under Node
// (src/kernels/wasm/simd/simdHelpers.ts; worker_threads from nodeWasmThreads.ts): the helper starts, takes its
// part, and the split dW (input channels by pairs) and Winograd conv (output tiles) are what one thread computes,
// to the bit, and what tfjs-cpu does.
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backpropGeometry } from '../../src/kernels/cpu/convGeometry';
import { registerFastKernels, unregisterFastKernels } from '../../src/kernels/index';
import { relativeError } from '../../src/kernels/testing/compare';
import { filterGradPairsSimd } from '../../src/kernels/wasm/simd/convGradSimd';
import { SIMD_WASM_SHARED } from '../../src/kernels/wasm/simd/simdBinaries.generated';
import { setSimdHelperThreads, SimdHelpers, type SpawnHelper } from '../../src/kernels/wasm/simd/simdHelpers';
import { simdModuleStats, simdKernelsFor, simdParts } from '../../src/kernels/wasm/simd/simdKernels';
import { isWinogradFilterGrad, winogradFilterGrad, winogradForward, winogradInputGrad, winogradPays } from '../../src/kernels/wasm/simd/winogradSimd';
import type { Worker } from 'node:worker_threads';
import { nodeWasmThreading, spawnSimdHelper } from './nodeWasmThreads';
import { registerNodeWasm } from './trainBackend';

const tensor = (t: TensorInfo) => tf.engine().makeTensorFromTensorInfo(t);

beforeAll(async () => {
  await registerNodeWasm(tf, { threads: 2 });
  expect(await tf.setBackend('wasm')).toBe(true);
  expect(nodeWasmThreading().threads, nodeWasmThreading().reason).toBe(2);
  registerFastKernels(tf, { backends: ['wasm'] });
  expect(simdKernelsFor(tf.backend())).toBeDefined();
  // The helper compiles the module in its own thread: wait for it (it is ready within ~100 ms here).
  const until = Date.now() + 20_000;
  while (simdParts(tf.backend()) < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}, 60_000);

afterAll(async () => {
  unregisterFastKernels(tf);
  await tf.setBackend('cpu');
});

describe('SIMD helper threads on the threaded wasm heap', () => {
  it('one helper beside the calling thread: two parts; the relaxed-SIMD build (registerNodeWasm turned V8’s flag on)', () => {
    expect(simdModuleStats(tf.backend())).toMatchObject({ relaxed: true, helpers: 1, ready: 1 });
    expect(simdParts(tf.backend())).toBe(2);
  });

  it.each([
    { name: 'ResNet-20 stage 1, 3×3 same', x: [8, 32, 32, 16], f: [3, 3, 16, 16], strides: 1, pad: 'same' },
    { name: 'ResNet-20 stem, 3 input channels (one pair and an odd one)', x: [4, 32, 32, 3], f: [3, 3, 3, 16], strides: 1, pad: 'same' },
    { name: 'ResNet-20 downsampling, stride 2', x: [4, 16, 16, 32], f: [3, 3, 32, 64], strides: 2, pad: 'same' },
    { name: '1×1 stride-2 shortcut', x: [4, 16, 16, 16], f: [1, 1, 16, 32], strides: 2, pad: 'valid' },
  ] as const)('dW by channel pairs, split with the helper = one thread, and = stock tfjs-cpu: $name', async ({ x: xs, f, strides, pad }) => {
    const x = tf.randomUniform([...xs], -1, 1, 'float32', 7);
    const out = tf.backend_util.computeConv2DInfo([...xs] as [number, number, number, number], [...f], strides, 1, pad).outShape;
    const dy = tf.randomUniform(out, -1, 1, 'float32', 8);
    const attrs = { strides, pad, dataFormat: 'NHWC', filterShape: [...f] } as unknown as NamedAttrMap;
    const g = backpropGeometry(tf, x.shape, [...f], attrs);
    const posted = simdModuleStats(tf.backend()).posted;
    const split = tensor(filterGradPairsSimd(tf.backend(), x, dy, g)!);
    expect(simdModuleStats(tf.backend()).posted, 'the helper took a part').toBe(posted + 1);
    const whole = tensor(filterGradPairsSimd(tf.backend(), x, dy, g, 1)!);
    expect(split.dataSync()).toEqual(whole.dataSync());
    // The registered kernel takes this path on a threaded heap, or Winograd's where that serves (3×3, stride 1).
    const viaKernel = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor;
    const registered = isWinogradFilterGrad(g) ? tensor(winogradFilterGrad(tf.backend(), x, dy, g)!) : whole;
    expect(viaKernel.dataSync()).toEqual(registered.dataSync());
    const [xData, dyData] = [x.dataSync(), dy.dataSync()];
    await tf.setBackend('cpu');
    const stock = tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor(xData, [...xs]), dy: tf.tensor(dyData, out) }, attrs) as tf.Tensor;
    const reference = stock.dataSync() as Float32Array;
    await tf.setBackend('wasm');
    expect(relativeError(whole.dataSync() as Float32Array, reference)).toBeLessThanOrEqual(1e-4);
  });

  it.each([
    { name: 'ResNet-20 stage 1, 3×3 same, bias + ReLU', x: [4, 32, 32, 16], f: [3, 3, 16, 16], pad: 'same' },
    { name: 'ResNet-20 stage 3, odd 9×9 (edge tiles)', x: [4, 9, 9, 64], f: [3, 3, 64, 64], pad: 'same' },
  ] as const)('Winograd conv, its dX and dW, tiles split with the helper = one thread, and = stock tfjs-cpu: $name', async ({ x: xs, f, pad }) => {
    const x = tf.randomUniform<tf.Rank.R4>([...xs], -1, 1, 'float32', 9);
    const w = tf.randomUniform<tf.Rank.R4>([...f], -1, 1, 'float32', 10);
    const bias = tf.randomUniform([f[3]], -1, 1, 'float32', 11);
    const dy = tf.randomUniform<tf.Rank.R4>([xs[0], xs[1], xs[2], f[3]], -1, 1, 'float32', 12);
    const g = backpropGeometry(tf, x.shape, [...f], { strides: 1, pad } as unknown as NamedAttrMap);
    expect(winogradPays(tf.backend())).toBe(true);
    const posted = simdModuleStats(tf.backend()).posted;
    const y = tensor(winogradForward(tf.backend(), x, w, g, { bias, relu: true })!);
    const dx = tensor(winogradInputGrad(tf.backend(), dy, w, g)!);
    const dw = tensor(winogradFilterGrad(tf.backend(), x, dy, g)!);
    expect(simdModuleStats(tf.backend()).posted, 'the helper took a part of each').toBe(posted + 3);
    expect(y.dataSync()).toEqual(tensor(winogradForward(tf.backend(), x, w, g, { bias, relu: true }, 1)!).dataSync());
    expect(dx.dataSync()).toEqual(tensor(winogradInputGrad(tf.backend(), dy, w, g, 1)!).dataSync());
    // The registered kernels take it on a threaded heap.
    const fused = tf.fused.conv2d({ x, filter: w, strides: 1, pad, bias, activation: 'relu' });
    expect(fused.dataSync()).toEqual(y.dataSync());
    const inputAttrs = { strides: 1, pad, dataFormat: 'NHWC', inputShape: [...xs] } as unknown as NamedAttrMap;
    expect((tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, inputAttrs) as tf.Tensor).dataSync()).toEqual(dx.dataSync());
    const filterAttrs = { strides: 1, pad, dataFormat: 'NHWC', filterShape: [...f] } as unknown as NamedAttrMap;
    expect((tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, filterAttrs) as tf.Tensor).dataSync()).toEqual(dw.dataSync());
    expect(relativeError(dw.dataSync() as Float32Array, tensor(winogradFilterGrad(tf.backend(), x, dy, g, 1)!).dataSync() as Float32Array)).toBeLessThanOrEqual(1e-5);
    const data = [x, w, dy].map((t) => [t.dataSync(), t.shape] as const);
    const biasData = bias.dataSync();
    await tf.setBackend('cpu');
    const [cx, cw, cdy] = data.map(([values, shape]) => tf.tensor4d(values, shape));
    const cb = tf.tensor1d(biasData);
    const stockY = tf.fused.conv2d({ x: cx, filter: cw, strides: 1, pad, bias: cb, activation: 'relu' }).dataSync() as Float32Array;
    const stockDx = (tf.engine().runKernel('Conv2DBackpropInput', { dy: cdy, filter: cw }, inputAttrs) as tf.Tensor).dataSync() as Float32Array;
    const stockDw = (tf.engine().runKernel('Conv2DBackpropFilter', { x: cx, dy: cdy }, filterAttrs) as tf.Tensor).dataSync() as Float32Array;
    await tf.setBackend('wasm');
    expect(relativeError(y.dataSync() as Float32Array, stockY)).toBeLessThanOrEqual(1e-4);
    expect(relativeError(dx.dataSync() as Float32Array, stockDx)).toBeLessThanOrEqual(1e-4);
    expect(relativeError(dw.dataSync() as Float32Array, stockDw)).toBeLessThanOrEqual(1e-4);
  });
});

/** The WebAssembly global as this test uses it (Node's typings declare no WebAssembly values). */
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => { readonly buffer: SharedArrayBuffer };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

describe('the helper protocol on a heap of its own', () => {
  const workers: Worker[] = [];
  // The host's own spawner, each Worker kept so a test can wait for its exit.
  const spawn: SpawnHelper = (source) => {
    const worker = spawnSimdHelper(source);
    workers.push(worker);
    return worker;
  };
  const n = 1 << 22; // the helper's half takes milliseconds: long enough to tell whether run() waited for it
  const memory = new wasmApi.Memory({ initial: (3 * 4 * n) / 65536, maximum: 65536, shared: true });
  const bytes = Uint8Array.from(atob(SIMD_WASM_SHARED), (c) => c.charCodeAt(0));
  const heap = new Float32Array(memory.buffer);
  const half = n / 2;
  // dy at float 0, x at n, dx at 2n: reluGrad(dy, x, dx, count) with byte offsets.
  const reluGradArgs = (from: number, to: number) => [4 * from, 4 * (n + from), 4 * (2 * n + from), to - from];
  // Each test's helpers on this heap; setting the host again first stops the previous test's (and the backend's).
  const started = async (names: string[]) => {
    setSimdHelperThreads(spawn, 1);
    const helpers = SimdHelpers.start(memory, bytes, names)!;
    const until = Date.now() + 20_000;
    while (helpers.parts() < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(helpers.parts()).toBe(2);
    return helpers;
  };
  afterAll(() => setSimdHelperThreads(undefined, 0));
  beforeAll(() => {
    for (let i = 0; i < n; i++) [heap[i], heap[n + i], heap[2 * n + i]] = [i + 1, i % 3 === 0 ? -1 : 1, Number.NaN];
  });

  it('a part posted to the helper runs there: the calling thread runs only its own', async () => {
    const helpers = await started(['reluGrad']);
    const here: number[][] = [];
    helpers.run([{ exportIndex: 0, args: reluGradArgs(0, half) }, { exportIndex: 0, args: reluGradArgs(half, n) }], (c) => here.push(c.args));
    expect(here).toEqual([reluGradArgs(0, half)]);
    expect(helpers.posted).toBe(1);
    // The helper's half: dx = dy where x > 0, else 0; the first half untouched (NaN).
    const dx = heap.subarray(2 * n, 3 * n);
    expect(dx.subarray(half).every((v, j) => v === ((half + j) % 3 === 0 ? 0 : half + j + 1))).toBe(true);
    expect(dx.subarray(0, half).every(Number.isNaN)).toBe(true);
    expect(helpers.parts()).toBe(2);
  });

  it('a helper whose call fails has its part run on the calling thread and is dropped', async () => {
    const helpers = await started(['noSuchExport']); // the helper's call throws
    const here: number[][] = [];
    helpers.run([{ exportIndex: 0, args: [1] }, { exportIndex: 0, args: [2] }], (c) => here.push(c.args));
    expect(here).toEqual([[1], [2]]);
    expect(helpers.parts(), 'dropped: never posted to again').toBe(1);
    helpers.run([{ exportIndex: 0, args: [3] }, { exportIndex: 0, args: [4] }], (c) => here.push(c.args));
    expect(here.slice(2)).toEqual([[3], [4]]);
  });

  it('waits for the helper even when the part here throws', async () => {
    const helpers = await started(['reluGrad']);
    heap.fill(Number.NaN, 2 * n, 3 * n);
    let thrown: unknown;
    try {
      helpers.run([{ exportIndex: 0, args: reluGradArgs(0, half) }, { exportIndex: 0, args: reluGradArgs(half, n) }], () => {
        throw new Error('trap');
      });
    } catch (e) {
      thrown = e;
    }
    // Read at once: run() returned (threw) only after the helper had written its last element.
    const last = heap[3 * n - 1];
    expect(String(thrown)).toContain('trap');
    expect(last).toBe((n - 1) % 3 === 0 ? 0 : n);
  });

  it('a host starting a new backend stops the helpers of the old one: their threads end', async () => {
    const helpers = await started(['reluGrad']);
    const worker = workers.at(-1)!;
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    setSimdHelperThreads(undefined, 0); // what the hosts call as a wasm backend (re)starts
    expect(helpers.parts(), 'never posted to again').toBe(1);
    expect(await exited).toBe(0);
  });
});
