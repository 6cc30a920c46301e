// What GPU a backend would run on, read before tfjs starts it: the WebGPU adapter's description and the
// WebGL renderer string. Chromium on a machine without a usable GPU hands out SwiftShader for both — a
// software rasteriser slower than wasm — and chooseBackend skips it with the reason (softwareRendererReason).
import { softwareRendererReason, type BackendName } from '../../src/train/backend';

export async function webGpuAdapterName(): Promise<string | undefined> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  const a = await gpu?.requestAdapter().catch(() => null);
  if (!a) return undefined;
  // `info` is newer than some DOM typings (older Chromium has requestAdapterInfo() instead).
  const info = (a as GPUAdapter & { info?: GPUAdapterInfo }).info ?? (await (a as unknown as { requestAdapterInfo?: () => Promise<GPUAdapterInfo> }).requestAdapterInfo?.());
  const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'WebGPU adapter';
  return (info as GPUAdapterInfo & { isFallbackAdapter?: boolean })?.isFallbackAdapter ? `${name} (software fallback adapter)` : name;
}

/** The unmasked renderer (WEBGL_debug_renderer_info) where exposed, else RENDERER; undefined without WebGL. */
export function webGlRendererName(): string | undefined {
  if (typeof OffscreenCanvas === 'undefined') return undefined;
  const canvas = new OffscreenCanvas(1, 1);
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return undefined;
  try {
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

/** chooseBackend's vetter for the worker: a GPU backend on a software renderer is passed over. */
export async function vetGpuBackend(name: BackendName): Promise<string | undefined> {
  if (name === 'webgpu') return softwareRendererReason(name, await webGpuAdapterName());
  if (name === 'webgl') return softwareRendererReason(name, webGlRendererName());
  return undefined;
}

/**
 * The machine as far as backend speed goes, for remembering what 'auto' measured: its GPUs as WebGPU and WebGL
 * name them and its cores (wasm's threads follow them, and cross-origin isolation decides whether it has any).
 */
export async function machineIdentity(): Promise<string> {
  const isolated = (self as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return [`webgpu ${(await webGpuAdapterName()) ?? 'none'}`, `webgl ${webGlRendererName() ?? 'none'}`, `${navigator.hardwareConcurrency || 1} cores${isolated ? '' : ', not isolated'}`].join(' | ');
}
