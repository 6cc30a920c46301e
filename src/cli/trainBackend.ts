// tfjs in Node for `cnn-studio train`: the CPU backend (with our kernels), or WebGPU through the `webgpu`
// package (Dawn) when an adapter exists. navigator.gpu must be set BEFORE tfjs-backend-webgpu is imported.
import type * as tfjs from '@tensorflow/tfjs';
import { chooseBackend, type BackendChoice } from '../train/backend';

export interface NodeTf {
  tf: typeof tfjs;
  choice: BackendChoice;
  adapter?: string;
}

export async function loadTfForNode(backend: 'cpu' | 'webgpu' | 'wasm'): Promise<NodeTf> {
  let adapter: string | undefined;
  const notes: BackendChoice['skipped'] = [];
  if (backend === 'webgpu') {
    try {
      const { create, globals } = (await import('webgpu')) as { create: (o: string[]) => GPU; globals: Record<string, unknown> };
      Object.assign(globalThis, globals);
      const gpu = create([]);
      const g = globalThis as { navigator?: { gpu?: GPU } };
      if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
      else Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
      const a = await gpu.requestAdapter();
      if (!a) throw new Error('no WebGPU adapter on this machine');
      adapter = [a.info?.vendor, a.info?.architecture, a.info?.description].filter(Boolean).join(' ') || 'unknown adapter';
      await import('@tensorflow/tfjs-backend-webgpu');
    } catch (e) {
      notes.push({ backend: 'webgpu', reason: e instanceof Error ? e.message : String(e) });
    }
  }
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm').catch(() => {});
  // Prod mode: no per-op debug checks, and no "install tfjs-node" banner.
  tf.enableProdMode();
  const choice = await chooseBackend(tf, backend, [backend, 'cpu']);
  choice.skipped = [...notes, ...choice.skipped.filter((s) => !notes.some((n) => n.backend === s.backend))];
  return { tf, choice, adapter: choice.backend === 'webgpu' ? adapter : undefined };
}
