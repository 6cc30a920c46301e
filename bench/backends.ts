// Makes a tfjs backend current in Node: cpu as is; wasm with its .wasm files found in node_modules and
// `wasmThreads` XNNPACK threads (default one per core; a different count restarts the wasm backend);
// webgpu through the `webgpu` package (Dawn, node/train/nodeWebgpu.ts).
import * as tf from '@tensorflow/tfjs';
import { nodeWasmThreading, type WasmThreading } from '../node/train/nodeWasmThreads';
import { registerNodeWasm } from '../node/train/trainBackend';
import { loadNodeWebGpu } from '../node/train/nodeWebgpu';

export type BackendReady = { ok: true; wasmThreads?: WasmThreading } | { ok: false; reason: string };

export async function setUpBackend(name: string, options: { wasmThreads?: number } = {}): Promise<BackendReady> {
  try {
    if (name === 'wasm') await registerNodeWasm(tf, { threads: options.wasmThreads });
    if (name === 'webgpu') {
      const why = await loadNodeWebGpu(tf);
      if (why) return { ok: false, reason: why };
    }
    if (!(await tf.setBackend(name))) return { ok: false, reason: `tf.setBackend('${name}') failed` };
    await tf.ready();
    return name === 'wasm' ? { ok: true, wasmThreads: nodeWasmThreading() } : { ok: true };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}
