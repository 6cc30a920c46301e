// Choosing a tfjs backend: the first of the preferred order that initialises (webgpu → webgl → wasm → cpu by
// default), then our fast training kernels for it. The backend packages themselves are imported by the
// caller (worker or CLI), since which ones exist depends on the platform.
// wasm comes before cpu because with our gradient kernels it trains 2–4× faster than tfjs-cpu (bench/).
import type * as tfjs from '@tensorflow/tfjs';
import { registerFastKernels } from '../kernels/index';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const AUTO_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  backend: BackendName;
  /** Backends tried before it, with why each failed or was passed over. */
  skipped: { backend: BackendName; reason: string }[];
  fastKernels: string[];
}

/**
 * Looks at a backend before it is started (e.g. the WebGL renderer string) and returns why it should be
 * passed over, or undefined to try it. Only backends reached automatically are vetted: one the user
 * named is always tried.
 */
export type BackendVetter = (name: BackendName) => Promise<string | undefined> | string | undefined;

// Software rasterisers (Chrome's SwiftShader, Mesa's llvmpipe/softpipe, Windows' Basic Render Driver, macOS'
// Apple Software Renderer) run WebGL/WebGPU shaders on the CPU — several times slower than wasm with our
// kernels, so a machine without a GPU should not end up on them.
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|lavapipe|software (renderer|rasterizer|adapter)|fallback adapter|basic render driver/i;

/** True when a WebGL renderer / WebGPU adapter description names a software rasteriser. */
export function isSoftwareRenderer(renderer: string | undefined): boolean {
  return !!renderer && SOFTWARE_RENDERER.test(renderer);
}

/** The reason to skip a GPU backend whose renderer is a software one, else undefined. */
export function softwareRendererReason(name: BackendName, renderer: string | undefined): string | undefined {
  if (!isSoftwareRenderer(renderer)) return undefined;
  return `${name} runs on a software renderer (${renderer}), slower than wasm on this CPU — choose ${name} in the settings to use it anyway`;
}

/** `preference` 'auto' or a name; a named backend that fails falls back through the rest of the order. */
export async function chooseBackend(
  tf: typeof tfjs,
  preference: BackendName | 'auto',
  order: BackendName[] = AUTO_ORDER,
  vet?: BackendVetter,
): Promise<BackendChoice> {
  const tryOrder = preference === 'auto' ? order : [preference, ...order.filter((b) => b !== preference)];
  const skipped: BackendChoice['skipped'] = [];
  for (const name of tryOrder) {
    if (!tf.findBackendFactory(name)) {
      skipped.push({ backend: name, reason: 'not available in this build' });
      continue;
    }
    if (vet && name !== preference) {
      const why = await Promise.resolve(vet(name)).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
      if (why) {
        skipped.push({ backend: name, reason: why });
        continue;
      }
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
