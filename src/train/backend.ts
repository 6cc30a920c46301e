// Choosing a tfjs backend: the first of the preferred order that initialises (webgpu → webgl → cpu by
// default), then our fast training kernels for it. The backend packages themselves are imported by the
// caller (worker or CLI), since which ones exist depends on the platform.
import type * as tfjs from '@tensorflow/tfjs';
import { registerFastKernels } from '../kernels/index';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const AUTO_ORDER: BackendName[] = ['webgpu', 'webgl', 'cpu'];

export interface BackendChoice {
  backend: BackendName;
  /** Backends tried before it, with why each failed. */
  skipped: { backend: BackendName; reason: string }[];
  fastKernels: string[];
}

/** `preference` 'auto' or a name; a named backend that fails falls back through the rest of the order. */
export async function chooseBackend(tf: typeof tfjs, preference: BackendName | 'auto', order: BackendName[] = AUTO_ORDER): Promise<BackendChoice> {
  const tryOrder = preference === 'auto' ? order : [preference, ...order.filter((b) => b !== preference)];
  const skipped: BackendChoice['skipped'] = [];
  for (const name of tryOrder) {
    if (!tf.findBackendFactory(name)) {
      skipped.push({ backend: name, reason: 'not available in this build' });
      continue;
    }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { backend: name, skipped, fastKernels: registerFastKernels(tf) };
      }
      skipped.push({ backend: name, reason: 'failed to initialise' });
    } catch (e) {
      skipped.push({ backend: name, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  throw new Error(`No tfjs backend could start (${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}).`);
}
