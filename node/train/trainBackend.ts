// tfjs in Node for `cnn-studio train`: 'auto' tries WebGPU through the `webgpu` package (Dawn) when a hardware
// adapter exists, then wasm (SIMD, with our gradient kernels), then cpu — or the backend named. Node has no
// WebGL. navigator.gpu must be set BEFORE tfjs-backend-webgpu is imported (it registers itself only then).
// wasm runs its threaded SIMD build with one XNNPACK thread per core (nodeWasmThreads.ts bridges what tfjs'
// loader lacks in Node), or single-threaded SIMD with the reason in `wasmThreads`.
import type * as tfjs from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configureNodeWasmThreads, defaultWasmThreads, nodeWasmThreading, type WasmThreading } from './nodeWasmThreads';
import { AUTO_ORDER, chooseBackend, softwareRendererReason, type BackendChoice, type BackendName } from '../../src/train/backend';

export interface NodeTf {
  tf: typeof tfjs;
  choice: BackendChoice;
  adapter?: string;
  /** When the backend is wasm: its XNNPACK threads, and why one when more were wanted. */
  wasmThreads?: WasmThreading;
}

export type NodeBackendPreference = BackendName | 'auto';

/**
 * The folder holding tfjs-backend-wasm's .wasm files: node_modules' copy when resolvable, else ./wasm/ beside
 * the running file (a bundle shipped without node_modules). Ends with a slash, as setWasmPaths wants.
 */
export function nodeWasmDirectory(): string {
  try {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
  } catch {
    return path.join(path.dirname(fileURLToPath(import.meta.url)), 'wasm') + path.sep;
  }
}

let wasmPathsSet = false;
let configuredThreads: number | undefined;

/**
 * Registers the wasm backend with its binaries' folder set and `threads` XNNPACK threads (default: one per
 * core, see nodeWasmThreads.ts). A second call with the same threads does nothing; with others it disposes
 * a running wasm backend (and its tensors) so that the next tf.setBackend('wasm') starts with the new count.
 */
export async function registerNodeWasm(tf: typeof tfjs, { threads = defaultWasmThreads() }: { threads?: number } = {}): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (!wasmPathsSet) {
    wasm.setWasmPaths(nodeWasmDirectory());
    wasmPathsSet = true;
  }
  if (configuredThreads === threads) return;
  configureNodeWasmThreads(tf, wasm, threads, nodeWasmDirectory());
  configuredThreads = threads;
}

/** Sets navigator.gpu from Dawn and registers tfjs-backend-webgpu; returns the adapter's description. */
async function registerNodeWebGpu(): Promise<string> {
  const { create, globals } = (await import('webgpu')) as { create: (o: string[]) => GPU; globals: Record<string, unknown> };
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  else Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  const a = await gpu.requestAdapter();
  if (!a) throw new Error('no WebGPU adapter on this machine');
  const info = a.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const description = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  await import('@tensorflow/tfjs-backend-webgpu');
  return info?.isFallbackAdapter ? `${description} (software fallback adapter)` : description;
}

export async function loadTfForNode(preference: NodeBackendPreference = 'auto'): Promise<NodeTf> {
  let adapter: string | undefined;
  const notes: BackendChoice['skipped'] = [];
  if (preference === 'auto' || preference === 'webgpu') {
    try {
      adapter = await registerNodeWebGpu();
    } catch (e) {
      notes.push({ backend: 'webgpu', reason: e instanceof Error ? e.message : String(e) });
    }
  }
  const tf = await import('@tensorflow/tfjs');
  if (preference === 'auto' || preference === 'wasm') {
    await registerNodeWasm(tf).catch((e: unknown) => notes.push({ backend: 'wasm', reason: e instanceof Error ? e.message : String(e) }));
  }
  // Prod mode: no per-op debug checks, and no "install tfjs-node" banner.
  tf.enableProdMode();
  const order = preference === 'auto' ? AUTO_ORDER : [preference, 'cpu' as const];
  // A software Dawn adapter (SwiftShader through Vulkan) is slower than wasm: skip it unless asked for.
  const choice = await chooseBackend(tf, preference, order, (name) => (name === 'webgpu' ? softwareRendererReason('webgpu', adapter) : undefined));
  choice.skipped = [...notes, ...choice.skipped.filter((s) => !notes.some((n) => n.backend === s.backend))];
  return {
    tf,
    choice,
    adapter: choice.backend === 'webgpu' ? adapter : undefined,
    wasmThreads: choice.backend === 'wasm' ? nodeWasmThreading() : undefined,
  };
}
