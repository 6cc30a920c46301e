// Registers tfjs' wasm backend in the worker with its .wasm binaries emitted by the build (Vite `?url`), so
// the same URLs work from the web host (http://127.0.0.1) and from Electron's app:// — both serve
// out/renderer with application/wasm and the CSP's 'wasm-unsafe-eval'.
// SIMD always; XNNPACK threads (tfjs' threaded SIMD build: pthreads are Workers sharing the wasm memory, a
// SharedArrayBuffer) where the worker is cross-origin isolated — both hosts send COOP/COEP — and the worker's
// own CSP lets the pthread workers load their blob: scripts (main/web/securityHeaders.ts,
// TRAINING_WORKER_CSP). Otherwise single-threaded SIMD, with the reason in wasmThreading().
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, setThreadsCount, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
// The threaded build's emscripten glue as published (not minified into our bundle): what each pthread runs.
import threadedGlue from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';
import { setSimdHelperThreads, type SpawnHelper } from '../../src/kernels/wasm/simd/simdHelpers';
import { simdKernelsFor, simdModuleStats } from '../../src/kernels/wasm/simd/simdKernels';
import type { SimdModuleInfo } from './messages';

/** Whether XNNPACK may use a thread pool at all (where the worker is cross-origin isolated). */
export const WASM_THREADS = true;
/** tfjs' threaded build pre-starts 8 pthread workers and its backend.cc caps the pool there. */
const MAX_THREADS = 8;
/** A threaded start that takes longer has hung (a pthread worker that cannot load): start single-threaded. */
const THREADED_START_TIMEOUT_MS = 30_000;

export interface WasmThreading {
  threads: number;
  /** Why one thread when the machine has more cores. */
  reason?: string;
}

let registered = false;
let state: WasmThreading = { threads: 1, reason: 'the wasm backend has not started yet' };

/** XNNPACK threads of the started wasm backend, and why only one where that is so. */
export function wasmThreading(): WasmThreading {
  return state;
}

/** Threads to ask for, or why none: every core (within tfjs' cap) when the worker is cross-origin isolated. */
export function wantedThreads(): { threads: number; reason?: string } {
  const cores = Math.max(1, Math.min(MAX_THREADS, navigator.hardwareConcurrency || 1));
  if (!WASM_THREADS) return { threads: 1, reason: 'wasm threads are switched off in this build' };
  if (cores < 2) return { threads: 1, reason: 'this machine reports one CPU core' };
  if ((self as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated !== true)
    return { threads: 1, reason: 'the page is not cross-origin isolated (no COOP/COEP headers), so no SharedArrayBuffer for wasm threads' };
  return { threads: cores };
}

const GLUE_PREFIX = 'var WasmBackendModuleThreadedSimd = ';

/**
 * Two things tfjs' threaded start gets wrong from inside a bundle, bridged while the module starts only:
 * - It hands each pthread the glue as a Blob of `factory.toString()` — minified into our bundle, that source
 *   names variables of the bundle's scope (ReferenceError in the pthread). The Blob gets the published glue.
 * - backend.cc caps XNNPACK's pool at emscripten_num_logical_cores() / 2 (it assumes two hyperthreads per
 *   core), read from navigator.hardwareConcurrency at start-up: one thread on a 2-core machine. The worker's
 *   navigator reports 2 × `threads` meanwhile.
 */
async function withThreadedStart<T>(threads: number, start: () => Promise<T>): Promise<T> {
  const StockBlob = self.Blob;
  self.Blob = class extends StockBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      const glue = parts?.length === 1 && typeof parts[0] === 'string' && parts[0].startsWith(GLUE_PREFIX);
      super(glue ? [threadedGlue] : parts, options);
    }
  };
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    return await start();
  } finally {
    self.Blob = StockBlob;
    delete (navigator as unknown as { hardwareConcurrency?: number }).hardwareConcurrency; // back to WorkerNavigator's getter
  }
}

/**
 * A helper thread for our SIMD kernels: a Worker from a blob: URL (the training worker's CSP allows them, as for
 * tfjs' pthreads) running the helper's source.
 */
const spawnSimdHelper: SpawnHelper = (source) => {
  const url = URL.createObjectURL(new Blob([`${source}\nself.onmessage = (e) => startSimdHelper(e.data);`], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'simd-helper' });
  // The script is fetched once the Worker starts; the URL is not needed after its first message back.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return worker;
};

/** A helper compiles the module in its own thread (~tens of ms); training does not wait longer than this for it. */
const HELPERS_READY_MS = 1000;

/**
 * Instantiates our SIMD module on the started wasm backend now (not at the first kernel) and waits for its helper
 * threads, so the first steps run on all of them: which build runs, and on how many threads. Undefined where the
 * module cannot run (the JavaScript loops serve).
 */
export async function simdModuleReady(backend: object): Promise<SimdModuleInfo | undefined> {
  if (!simdKernelsFor(backend)) return undefined;
  const until = performance.now() + HELPERS_READY_MS;
  while (simdModuleStats(backend).ready < simdModuleStats(backend).helpers && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
  const stats = simdModuleStats(backend);
  return { relaxed: stats.relaxed, threads: 1 + stats.ready };
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`it did not start within ${ms / 1000} s`)), ms));
}

/**
 * Sets the binaries' URLs and re-registers the 'wasm' factory so that it starts threaded where wantedThreads()
 * allows, and single-threaded SIMD (with the reason kept for wasmThreading()) otherwise or when the threaded
 * start fails. Call before the backend starts.
 */
export function registerWasmBackend(): WasmThreading {
  const wanted = wantedThreads();
  if (registered) return state;
  setWasmPaths({ 'tfjs-backend-wasm.wasm': plain, 'tfjs-backend-wasm-simd.wasm': simd, 'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd });
  const factory = tf.findBackendFactory('wasm');
  registered = true;
  if (!factory) return state;
  const single = async (reason: string | undefined) => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const backend = await factory();
    state = { threads: 1, reason };
    setSimdHelperThreads(undefined, 0);
    return backend;
  };
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      if (wanted.threads < 2) return single(wanted.reason);
      try {
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
        setThreadsCount(wanted.threads);
        const backend = await withThreadedStart(wanted.threads, () => Promise.race([Promise.resolve(factory()), timeout(THREADED_START_TIMEOUT_MS)]));
        const threads = getThreadsCount();
        state = threads < wanted.threads ? { threads, reason: `XNNPACK started ${threads} of ${wanted.threads} threads` } : { threads };
        // Our SIMD kernels split across as many threads as XNNPACK has, while its pool waits.
        setSimdHelperThreads(spawnSimdHelper, threads - 1);
        return backend;
      } catch (e) {
        return single(`the threaded wasm build failed to start (${e instanceof Error ? e.message : String(e)})`);
      }
    },
    2,
  );
  return state;
}
