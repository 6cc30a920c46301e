// The one calm sentence about where training runs ("Training on WebAssembly, 2 threads — no hardware GPU
// found"), and the details behind it. A GPU backend passed over for a software renderer (SwiftShader,
// llvmpipe, Basic Render Driver) is the normal fallback on a machine without a GPU, not an alarm.
import { isSoftwareRenderer } from '../../src/train/backend';

export interface BackendInfo {
  name: string;
  /** The WebGPU adapter, or for wasm "n threads" (details only). */
  adapter?: string;
  /** XNNPACK threads on wasm. */
  threads?: number;
  skipped: { backend: string; reason: string }[];
}

/** An i18n key in the 'training' namespace with its arguments. */
export interface Phrase {
  key: string;
  args?: Record<string, string | number>;
}

const GPU_BACKENDS = ['webgpu', 'webgl'];
export const BACKEND_LABEL: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' };
const NOT_IN_BUILD = 'not available in this build';

/** The sentence as parts: where it trains, and (on wasm/cpu) why not on a GPU. `preference` is the settings' backend. */
export function backendSentence(b: BackendInfo, preference: string): { where: Phrase; why?: Phrase } {
  const label = BACKEND_LABEL[b.name] ?? b.name;
  if (GPU_BACKENDS.includes(b.name)) return { where: b.adapter ? { key: 'backendLine.gpuAdapter', args: { backend: label, adapter: b.adapter } } : { key: 'backendLine.gpu', args: { backend: label } } };
  const where: Phrase =
    b.name === 'wasm' ? (b.threads && b.threads > 1 ? { key: 'backendLine.wasmThreads', args: { threads: b.threads } } : { key: 'backendLine.wasm' }) : b.name === 'cpu' ? { key: 'backendLine.cpu' } : { key: 'backendLine.other', args: { backend: label } };
  const gpuSkips = b.skipped.filter((s) => GPU_BACKENDS.includes(s.backend));
  // The user named a GPU backend and it did not start: that is worth saying plainly.
  const chosen = gpuSkips.find((s) => s.backend === preference);
  if (chosen && chosen.reason !== NOT_IN_BUILD) return { where, why: { key: 'backendLine.chosenFailed', args: { backend: BACKEND_LABEL[chosen.backend] } } };
  if (gpuSkips.length === 0) return { where };
  if (gpuSkips.some((s) => isSoftwareRenderer(s.reason))) return { where, why: { key: 'backendLine.noHardwareGpu' } };
  return { where, why: { key: 'backendLine.noUsableGpu' } };
}

/** One line per backend passed over, with its reason, in words. */
export function skippedDetails(b: BackendInfo): Phrase[] {
  return b.skipped.map((s): Phrase => {
    const backend = BACKEND_LABEL[s.backend] ?? s.backend;
    if (s.reason === NOT_IN_BUILD) return { key: 'backendLine.notInBuild', args: { backend } };
    if (isSoftwareRenderer(s.reason)) {
      // softwareRendererReason's "… runs on a software renderer (NAME), slower than …": the name alone.
      const renderer = /software renderer \((.*)\), slower/.exec(s.reason)?.[1] ?? s.reason;
      return { key: 'backendLine.softwareRenderer', args: { backend, renderer } };
    }
    return { key: 'backendLine.failed', args: { backend, reason: s.reason } };
  });
}
