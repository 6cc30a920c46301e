// Makes a tfjs backend current in Node: cpu as is; wasm with its .wasm files found in node_modules and
// `wasmThreads` XNNPACK threads (default one per core; a different count restarts the wasm backend);
// webgpu through the `webgpu` package (Dawn), whose navigator.gpu must exist before
// @tensorflow/tfjs-backend-webgpu is imported (it registers itself only then).
import * as tf from '@tensorflow/tfjs';
import { nodeWasmThreading, type WasmThreading } from '../node/train/nodeWasmThreads';
import { registerNodeWasm } from '../node/train/trainBackend';

export type BackendReady = { ok: true; wasmThreads?: WasmThreading } | { ok: false; reason: string };

export async function setUpBackend(name: string, options: { wasmThreads?: number } = {}): Promise<BackendReady> {
  try {
    if (name === 'wasm') await registerNodeWasm(tf, { threads: options.wasmThreads });
    if (name === 'webgpu') {
      const why = await loadWebGpu();
      if (why) return { ok: false, reason: why };
    }
    if (!(await tf.setBackend(name))) return { ok: false, reason: `tf.setBackend('${name}') failed` };
    await tf.ready();
    return name === 'wasm' ? { ok: true, wasmThreads: nodeWasmThreading() } : { ok: true };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

/** Returns why WebGPU is unavailable, or undefined once the backend is registered. */
async function loadWebGpu(): Promise<string | undefined> {
  if (tf.findBackendFactory('webgpu')) return undefined;
  const g = globalThis as unknown as { navigator?: { gpu?: unknown } };
  if (!g.navigator?.gpu) {
    const dawn = (await import('webgpu')) as unknown as { create(flags: string[]): unknown; globals: object };
    Object.assign(globalThis, dawn.globals);
    const gpu = dawn.create([]);
    if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
    else (globalThis as Record<string, unknown>).navigator = { gpu };
  }
  const adapter = await (g.navigator!.gpu as { requestAdapter(): Promise<{ info?: { description?: string } } | null> }).requestAdapter();
  if (!adapter) return 'no WebGPU adapter (set VK_ICD_FILENAMES for SwiftShader, or run on a GPU machine)';
  await import('@tensorflow/tfjs-backend-webgpu');
  return tf.findBackendFactory('webgpu') ? undefined : '@tensorflow/tfjs-backend-webgpu did not register';
}
