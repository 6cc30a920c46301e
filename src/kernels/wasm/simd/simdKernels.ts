// Our wasm SIMD128 kernels (native/simd-kernels/*.c, built by scripts/build-simd-kernels.mjs), instantiated on
// tfjs-backend-wasm's own memory so they read and write its tensors in place: where a JS loop over the heap
// runs ~1–1.5 ns an element, these run 4 lanes at a time (batch-norm moments on 128×32×32×16: 2.8 → 0.4 ms).
// They run on the calling thread, while XNNPACK's pool is idle between kernels; one that splits (runParts: dW by
// channel pairs) also runs parts on helper threads (./simdHelpers.ts) where the heap is shared. Where the module
// cannot be instantiated (an engine without SIMD, a heap it cannot import) simdKernelsFor says so and the JS
// loops serve.
import { SIMD_WASM_PLAIN, SIMD_WASM_PLAIN_RELAXED, SIMD_WASM_SHARED, SIMD_WASM_SHARED_RELAXED } from './simdBinaries.generated';
import { SimdHelpers } from './simdHelpers';

/** The exports of native/simd-kernels (pointers are byte offsets into the heap; see the C for each contract). */
export interface SimdKernels {
  bnMoments(x: number, M: number, C: number, shift: number, acc: number): void;
  bnNormalize(x: number, y: number, M: number, C: number, mean: number, scale: number, beta: number): void;
  bnGradSums(dy: number, x: number, M: number, C: number, mean: number, acc: number): void;
  bnGradInput(dy: number, x: number, dx: number, M: number, C: number, mean: number, k: number, a: number, b: number): void;
  reluGrad(dy: number, x: number, dx: number, n: number): void;
  sumRows(x: number, rows: number, width: number, acc: number): void;
  maxPoolGrad2x2(x: number, y: number, dy: number, dx: number, B: number, H: number, W: number, C: number, OH: number, OW: number): void;
  channelsFirst(src: number, dst: number, rows: number, C: number): void;
  filterGradOneChannel(x: number, dyT: number, dw: number, B: number, H: number, W: number, OH: number, OW: number, KH: number, KW: number, C: number): void;
  filterGradValid(x: number, dy: number, dw: number, B: number, H: number, W: number, Ci: number, OH: number, OW: number, Co: number, KH: number, KW: number, block: number): void;
  padChannelsLast(src: number, dst: number, B: number, H: number, W: number, C: number, top: number, bottom: number, left: number, right: number): void;
  filterGradValidPairs(
    x: number, dy: number, dw: number, B: number, H: number, W: number, Ci: number, OH: number, OW: number, Co: number, KH: number, KW: number,
    SY: number, SX: number, block: number, ci0: number, ci1: number,
  ): void;
  scatterPhase(src: number, dst: number, B: number, rows: number, cols: number, H: number, W: number, C: number, sy: number, sx: number, ry: number, rx: number): void;
  winogradFilter(w: number, u: number, Ci: number, Co: number, flip: number): void;
  winogradConv3x3(
    x: number, u: number, bias: number, y: number, scratch: number, H: number, W: number, Ci: number, OH: number, OW: number,
    Co: number, padT: number, padL: number, relu: number, T: number, t0: number, t1: number,
  ): void;
  winogradFilterGrad(
    x: number, dy: number, mPart: number, scratch: number, H: number, W: number, Ci: number, OH: number, OW: number, Co: number, padT: number, padL: number,
    T: number, t0: number, t1: number,
  ): void;
  winogradFilterGradOut(mParts: number, parts: number, dw: number, Ci: number, Co: number): void;
  adamStep(
    x: number, g: number, m: number, v: number, xOut: number, mOut: number, vOut: number, n: number,
    b1: number, b2: number, oneMinusB1: number, oneMinusB2: number, bias1: number, bias2: number, eps: number, c: number,
  ): void;
}

/** Every export, checked at instantiation (a Record, so that a kernel added to SimdKernels must be listed here). */
const EXPORTS: Record<keyof SimdKernels, true> = {
  bnMoments: true,
  bnNormalize: true,
  bnGradSums: true,
  bnGradInput: true,
  reluGrad: true,
  sumRows: true,
  maxPoolGrad2x2: true,
  channelsFirst: true,
  filterGradOneChannel: true,
  filterGradValid: true,
  padChannelsLast: true,
  filterGradValidPairs: true,
  scatterPhase: true,
  winogradFilter: true,
  winogradConv3x3: true,
  winogradFilterGrad: true,
  winogradFilterGradOut: true,
  adamStep: true,
};

/** A WebAssembly.Memory, as far as this file reads it. */
interface HeapMemory {
  readonly buffer: ArrayBufferLike;
}

/** The Emscripten module behind tfjs-backend-wasm's backend (`backend.wasm`): its heap's Memory. */
interface EmscriptenModuleLike {
  wasmMemory?: HeapMemory;
  asm?: { memory?: HeapMemory };
}

/**
 * The WebAssembly global, as far as this file uses it: every runtime of the core has it, but neither the core's
 * typings (no DOM) nor Node's declare it, so it is read off globalThis — undefined means no WebAssembly at all.
 */
interface WebAssemblyApi {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
}
const webAssembly = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;

/** Our kernels on one heap, and their helper threads where the heap is shared and the host gives some. */
interface HeapKernels {
  kernels: SimdKernels;
  /** Whether the relaxed-SIMD build runs (fused multiply-adds in the dW passes). */
  relaxed: boolean;
  /** Calls export `index` of SIMD_EXPORT_NAMES with integer arguments (what a helper thread does). */
  call(index: number, args: number[]): void;
  helpers?: SimdHelpers;
}

const instances = new WeakMap<object, HeapKernels | null>();

/** Export names by index, as a helper thread's calls name them. */
export const SIMD_EXPORT_NAMES = Object.keys(EXPORTS) as Array<keyof SimdKernels>;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function instantiate(memory: HeapMemory): HeapKernels | null {
  if (!webAssembly) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  try {
    // Compiled synchronously (~21 KB): a browser refuses that on a page's main thread above 4 KB, and there the
    // JS loops serve; training runs in a worker (and in Node), where it is allowed.
    // The relaxed-SIMD build where the engine takes it (Chromium ≥ 114, Electron; Node 20 once
    // node/train/nodeWasmThreads.ts has turned V8's flag on), else SIMD128 alone.
    const relaxed = decodeBase64(shared ? SIMD_WASM_SHARED_RELAXED : SIMD_WASM_PLAIN_RELAXED);
    const bytes = webAssembly.validate(relaxed) ? relaxed : decodeBase64(shared ? SIMD_WASM_SHARED : SIMD_WASM_PLAIN);
    const exports = new webAssembly.Instance(new webAssembly.Module(bytes), { env: { memory } }).exports;
    const fns = SIMD_EXPORT_NAMES.map((name) => exports[name]);
    if (!fns.every((f) => typeof f === 'function')) return null;
    const call = (index: number, args: number[]) => {
      const f = fns[index];
      if (typeof f === 'function') f(...args);
    };
    const helpers = shared ? SimdHelpers.start(memory, bytes, SIMD_EXPORT_NAMES) : undefined;
    return { kernels: exports as unknown as SimdKernels, relaxed: bytes === relaxed, call, helpers };
  } catch {
    return null; // no SIMD128 here, or a memory the module cannot import: the JS loops serve
  }
}

function heapKernelsFor(backend: object): HeapKernels | undefined {
  const module = (backend as { wasm?: EmscriptenModuleLike }).wasm;
  if (!module) return undefined;
  let kernels = instances.get(module);
  if (kernels === undefined) {
    const memory = module.wasmMemory ?? module.asm?.memory;
    kernels = memory ? instantiate(memory) : null;
    instances.set(module, kernels);
  }
  return kernels ?? undefined;
}

/** Our SIMD kernels on this wasm backend's heap, or undefined where they cannot run (then use the JS loops). */
export function simdKernelsFor(backend: object): SimdKernels | undefined {
  return heapKernelsFor(backend)?.kernels;
}

/** This backend's SIMD module: relaxed SIMD or not, its helper threads (asked for, ready) and parts handed to them. */
export function simdModuleStats(backend: object): { relaxed: boolean; helpers: number; ready: number; posted: number } {
  const heap = heapKernelsFor(backend);
  const helpers = heap?.helpers;
  return { relaxed: heap?.relaxed ?? false, helpers: helpers?.count ?? 0, ready: (helpers?.parts() ?? 1) - 1, posted: helpers?.posted ?? 0 };
}

/** How many parts a split kernel runs in at once on this backend: 1 + its ready helper threads (./simdHelpers.ts). */
export function simdParts(backend: object): number {
  return heapKernelsFor(backend)?.helpers?.parts() ?? 1;
}

/**
 * Runs export `name` once per argument list, all at once: the first here, the others on helper threads (where
 * there are fewer helpers, here too, one after another). The parts must write disjoint memory.
 */
export function runParts(backend: object, name: keyof SimdKernels, argLists: number[][]): void {
  const heap = heapKernelsFor(backend);
  if (!heap) throw new Error(`runParts(${name}): our SIMD kernels do not run on this backend`);
  const exportIndex = SIMD_EXPORT_NAMES.indexOf(name);
  const calls = argLists.map((args) => ({ exportIndex, args }));
  const run = (c: { args: number[] }) => heap.call(exportIndex, c.args);
  if (heap.helpers && calls.length > 1) heap.helpers.run(calls, run);
  else calls.forEach(run);
}

/** [r0, r1) of `rows` for each of `parts` parts, as even as whole rows allow; empty parts left out. */
export function splitRows(rows: number, parts: number): Array<[number, number]> {
  const per = Math.ceil(rows / parts);
  const out: Array<[number, number]> = [];
  for (let r0 = 0; r0 < rows; r0 += per) out.push([r0, Math.min(rows, r0 + per)]);
  return out;
}
