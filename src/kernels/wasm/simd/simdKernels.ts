// Our wasm SIMD128 kernels (native/simd-kernels/*.c, built by scripts/build-simd-kernels.mjs), instantiated on
// tfjs-backend-wasm's own memory so they read and write its tensors in place: where a JS loop over the heap
// runs ~1–1.5 ns an element, these run 4 lanes at a time (batch-norm moments on 128×32×32×16: 2.8 → 0.4 ms).
// They run on the calling thread, while XNNPACK's pool is idle between kernels. Where the module cannot be
// instantiated (an engine without SIMD, a heap it cannot import) simdKernelsFor says so and the JS loops serve.
import { SIMD_WASM_PLAIN, SIMD_WASM_SHARED } from './simdBinaries.generated';

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
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
}
const webAssembly = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;

const instances = new WeakMap<object, SimdKernels | null>();

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function instantiate(memory: HeapMemory): SimdKernels | null {
  if (!webAssembly) return null;
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  try {
    // Compiled synchronously (~9 KB): a browser refuses that on a page's main thread above 4 KB, and there the
    // JS loops serve; training runs in a worker (and in Node), where it is allowed.
    const module = new webAssembly.Module(decodeBase64(shared ? SIMD_WASM_SHARED : SIMD_WASM_PLAIN));
    const exports = new webAssembly.Instance(module, { env: { memory } }).exports;
    if (!Object.keys(EXPORTS).every((name) => typeof exports[name] === 'function')) return null;
    return exports as unknown as SimdKernels;
  } catch {
    return null; // no SIMD128 here, or a memory the module cannot import: the JS loops serve
  }
}

/** Our SIMD kernels on this wasm backend's heap, or undefined where they cannot run (then use the JS loops). */
export function simdKernelsFor(backend: object): SimdKernels | undefined {
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
