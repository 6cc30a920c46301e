// tfjs-backend-wasm's threaded SIMD build under Node (worker_threads + SharedArrayBuffer, which Node 20 has).
// tfjs turns it off in Node (WASM_HAS_MULTITHREAD_SUPPORT is false when IS_NODE) because three things in its
// loader only work in a browser; each is bridged here, only while the backend initialises:
// 1. The pthread worker script is handed to emscripten as a blob: URL, which Node's `new Worker()` refuses
//    (ERR_WORKER_PATH) → URL.createObjectURL returns a file we write (a private mkdtemp folder) holding the
//    same script, read from the package's wasm-out/ folder.
// 2. Each pthread worker then importScripts() the main script from a Blob of the bundled factory's source,
//    which in the Node bundle refers to the bundle's own `require$$0`… (ReferenceError in the worker) → the
//    worker script is told to load the package's unbundled wasm-out/tfjs-backend-wasm-threaded-simd.js.
// 3. backend.cc caps XNNPACK's pool at emscripten_num_logical_cores() / 2 ("hyperthreads"), read from
//    os.cpus() once at start-up: 1 on a 2-core machine → os.cpus() reports 2 × the threads asked for.
import type * as tfjs from '@tensorflow/tfjs';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { setSimdHelperThreads } from '../../src/kernels/wasm/simd/simdHelpers';

/** What the wasm backend runs on once started: XNNPACK threads, and why only one when threads were wanted. */
export interface WasmThreading {
  threads: number;
  reason?: string;
}

type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');
type Factory = NonNullable<ReturnType<typeof tfjs.findBackendFactory>>;

const WORKER_JS = 'tfjs-backend-wasm-threaded-simd.worker.js';
const MAIN_JS = 'tfjs-backend-wasm-threaded-simd.js';
/** tfjs' threaded build pre-starts 8 pthread workers and its backend.cc caps the pool there. */
export const MAX_WASM_THREADS = 8;

/** Threads to ask for by default: every core Node may use, within tfjs' cap. */
export function defaultWasmThreads(): number {
  return Math.max(1, Math.min(MAX_WASM_THREADS, os.availableParallelism()));
}

/** The folder holding the two threaded-build scripts: the package's wasm-out/, or a bundle's wasm/ folder. */
function threadedScriptsFolder(candidates: string[]): string | undefined {
  return candidates.find((dir) => fs.existsSync(path.join(dir, WORKER_JS)) && fs.existsSync(path.join(dir, MAIN_JS)));
}

/** node_modules' tfjs-backend-wasm/wasm-out/, or undefined in a bundle shipped without node_modules. */
function packageWasmOut(): string | undefined {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  } catch {
    return undefined;
  }
}

let stockFactory: Factory | undefined;
let workerFile: string | undefined;
let state: WasmThreading = { threads: 1, reason: 'the wasm backend has not started yet' };

/** XNNPACK threads of the running wasm backend, and why it runs on one thread when that is so. */
export function nodeWasmThreading(): WasmThreading {
  return state;
}

/** Writes the pthread worker script (tfjs' own, plus a line pointing its `load` at MAIN_JS) to a private folder. */
function writeWorkerFile(folder: string): string {
  if (workerFile && fs.existsSync(workerFile)) return workerFile;
  const require = createRequire(import.meta.url);
  const { wasmWorkerContents } = require(path.join(folder, WORKER_JS)) as { wasmWorkerContents: string };
  // tfjs escapes newlines the same way before making its Blob: the template literal turned "\n" into newlines.
  const body = wasmWorkerContents.replace(/\n/g, '\\n');
  const main = JSON.stringify(path.join(folder, MAIN_JS));
  const redirect = `;(function(){var load=self.onmessage;self.onmessage=function(e){if(e.data&&e.data.cmd==="load")e.data.urlOrBlob=${main};return load.call(this,e)}})();\n`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnn-studio-wasm-'));
  const file = path.join(dir, WORKER_JS);
  fs.writeFileSync(file, body + redirect, { mode: 0o600 });
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  workerFile = file;
  return file;
}

/** Runs `init` with the three bridges above in place, and takes them down again. */
async function withThreadedInit<T>(file: string, threads: number, init: () => Promise<T>): Promise<T> {
  const createObjectURL = URL.createObjectURL;
  const osModule = os as { cpus: typeof os.cpus };
  const cpus = os.cpus;
  URL.createObjectURL = (obj: Blob) => (obj instanceof Blob && obj.type === 'application/javascript' ? file : createObjectURL(obj));
  osModule.cpus = () => {
    const real = cpus();
    return Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]);
  };
  try {
    return await init();
  } finally {
    URL.createObjectURL = createObjectURL;
    osModule.cpus = cpus;
  }
}

/**
 * Relaxed SIMD shipped in V8 11.4 (Chrome 114); Node 20's V8 11.3 has it behind a flag, which V8 reads when it
 * compiles a module: turned on here, our SIMD module's relaxed build (fused multiply-adds in the dW passes,
 * src/kernels/wasm/simd/simdKernels.ts) validates in Node as it does in Chromium and Electron.
 */
export function enableRelaxedSimd(): void {
  const [major, minor] = process.versions.v8.split('.').map(Number);
  if (major < 11 || (major === 11 && minor < 4)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
}

/** A helper thread for our SIMD kernels: a worker_thread running the helper's source (unref'd: exit never waits). */
export function spawnSimdHelper(source: string): Worker {
  const worker = new Worker(`${source}\nrequire('node:worker_threads').parentPort.once('message', startSimdHelper);`, { eval: true });
  worker.unref();
  return worker;
}

/**
 * Re-registers the 'wasm' backend factory so that it starts the threaded SIMD build with `threads` XNNPACK
 * threads (1 = the single-threaded SIMD build), falling back to one thread with the reason in
 * nodeWasmThreading() when the threaded build cannot start. The wasm backend must be registered
 * (tfjs-backend-wasm imported); a running one is disposed, so call this before creating tensors on it.
 */
export function configureNodeWasmThreads(tf: typeof tfjs, wasm: WasmModule, threads: number, wasmDirectory: string): void {
  stockFactory ??= tf.findBackendFactory('wasm') ?? undefined;
  const factory = stockFactory;
  if (!factory) throw new Error('configureNodeWasmThreads: the wasm backend is not registered — import @tensorflow/tfjs-backend-wasm first');
  tf.removeBackend('wasm');
  const single = async (reason: string | undefined) => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const backend = await factory();
    state = { threads: 1, reason };
    setSimdHelperThreads(undefined, 0);
    return backend;
  };
  tf.registerBackend(
    'wasm',
    async () => {
      if (threads < 2) return single(`${threads} thread asked for`);
      if (typeof SharedArrayBuffer !== 'function') return single('this Node has no SharedArrayBuffer');
      const folder = threadedScriptsFolder([packageWasmOut(), wasmDirectory].filter((d): d is string => !!d));
      if (!folder) return single(`tfjs-backend-wasm's ${WORKER_JS} and ${MAIN_JS} were not found (wasm-out/ or ${wasmDirectory})`);
      try {
        const file = writeWorkerFile(folder);
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
        wasm.setThreadsCount(threads);
        const backend = await withThreadedInit(file, threads, () => Promise.resolve(factory()));
        state = { threads: wasm.getThreadsCount() };
        if (state.threads < threads) state.reason = `XNNPACK started ${state.threads} of ${threads} threads`;
        // Our SIMD kernels split across as many threads as XNNPACK has, while its pool waits.
        setSimdHelperThreads(spawnSimdHelper, state.threads - 1);
        return backend;
      } catch (e) {
        return single(`the threaded build failed to start: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    2,
  );
}
