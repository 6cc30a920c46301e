// tfjs' webgpu backend in Node through Dawn (the `webgpu` package): navigator.gpu must exist before
// @tensorflow/tfjs-backend-webgpu is imported (it registers itself only then). Which Vulkan driver Dawn uses is
// the caller's (VK_ICD_FILENAMES: a GPU's, or SwiftShader's on a machine without one).
import type * as tfjs from '@tensorflow/tfjs';

/** Returns why WebGPU is unavailable, or undefined once the backend is registered. */
export async function loadNodeWebGpu(tf: typeof tfjs): Promise<string | undefined> {
  if (tf.findBackendFactory('webgpu')) return undefined;
  const g = globalThis as unknown as { navigator?: { gpu?: unknown } };
  if (!g.navigator?.gpu) {
    const dawn = (await import('webgpu')) as unknown as { create(flags: string[]): unknown; globals: object };
    Object.assign(globalThis, dawn.globals);
    const gpu = dawn.create([]);
    if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
    else (globalThis as Record<string, unknown>).navigator = { gpu };
  }
  const adapter = await (g.navigator!.gpu as { requestAdapter(): Promise<object | null> }).requestAdapter();
  if (!adapter) return 'no WebGPU adapter (set VK_ICD_FILENAMES for SwiftShader, or run on a GPU machine)';
  await import('@tensorflow/tfjs-backend-webgpu');
  return tf.findBackendFactory('webgpu') ? undefined : '@tensorflow/tfjs-backend-webgpu did not register';
}
