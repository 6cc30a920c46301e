// WebGPU in Node for the kernel tests: Dawn (the `webgpu` package) as navigator.gpu, then tfjs' webgpu backend.
// Without a GPU Dawn runs on SwiftShader (Vulkan on the CPU; Debian's chromium ships its ICD) — slow, so the
// shapes stay small. Dawn needs the Vulkan loader (Debian: libvulkan1, which .ci/run installs). Where
// SwiftShader's ICD is installed a test must find an adapter — none there is a failure, not a skip; it skips
// (saying why) only on a machine with neither a Vulkan driver chosen (VK_ICD_FILENAMES) nor SwiftShader.
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { loadNodeWebGpu } from '../../../node/train/nodeWebgpu';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Whether this machine should be able to run WebGPU through Dawn (a Vulkan driver is chosen or SwiftShader is here). */
export const hasVulkanDriver = Boolean(process.env.VK_ICD_FILENAMES) || existsSync(SWIFTSHADER_ICD);

/** Sets up Dawn's navigator.gpu and the webgpu backend (SwiftShader unless a driver is chosen); returns why not, if it cannot. */
export async function webgpuUnavailable(): Promise<string | undefined> {
  try {
    process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
    process.env.XDG_RUNTIME_DIR ??= '/tmp';
    return await loadNodeWebGpu(tf);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
