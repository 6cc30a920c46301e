import { describe, expect, it } from 'vitest';
import { backendSentence, skippedDetails, type BackendInfo } from './backendLine';
import { softwareRendererReason } from '../../src/train/backend';

const swiftShaderGl = softwareRendererReason('webgl', 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')!;
const swiftShaderGpu = softwareRendererReason('webgpu', 'google swiftshader Subzero (software fallback adapter)')!;
const llvmpipe = softwareRendererReason('webgl', 'llvmpipe (LLVM 15.0.7, 256 bits)')!;
const basic = softwareRendererReason('webgl', 'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11)')!;

describe('backendSentence', () => {
  it.each<[string, BackendInfo, string, string, string | undefined]>([
    ['wasm after SwiftShader on both GPU backends', { name: 'wasm', threads: 2, skipped: [{ backend: 'webgpu', reason: swiftShaderGpu }, { backend: 'webgl', reason: swiftShaderGl }] }, 'auto', 'backendLine.wasmThreads', 'backendLine.noHardwareGpu'],
    ['wasm after llvmpipe', { name: 'wasm', threads: 4, skipped: [{ backend: 'webgpu', reason: 'no adapter' }, { backend: 'webgl', reason: llvmpipe }] }, 'auto', 'backendLine.wasmThreads', 'backendLine.noHardwareGpu'],
    ['wasm after Microsoft Basic Render Driver', { name: 'wasm', threads: 1, skipped: [{ backend: 'webgl', reason: basic }] }, 'auto', 'backendLine.wasm', 'backendLine.noHardwareGpu'],
    ['wasm after GPU backends that failed to start', { name: 'wasm', threads: 2, skipped: [{ backend: 'webgpu', reason: 'failed to initialise' }, { backend: 'webgl', reason: 'failed to initialise' }] }, 'auto', 'backendLine.wasmThreads', 'backendLine.noUsableGpu'],
    ['wasm chosen in the settings: nothing tried before it', { name: 'wasm', threads: 2, skipped: [] }, 'wasm', 'backendLine.wasmThreads', undefined],
    ['WebGPU chosen but it failed', { name: 'wasm', threads: 2, skipped: [{ backend: 'webgpu', reason: 'device lost' }] }, 'webgpu', 'backendLine.wasmThreads', 'backendLine.chosenFailed'],
    ['cpu chosen', { name: 'cpu', skipped: [] }, 'cpu', 'backendLine.cpu', undefined],
    ['a hardware WebGPU adapter', { name: 'webgpu', adapter: 'nvidia ampere', skipped: [] }, 'auto', 'backendLine.gpuAdapter', undefined],
    ['hardware WebGL (no adapter string)', { name: 'webgl', skipped: [{ backend: 'webgpu', reason: 'no adapter' }] }, 'auto', 'backendLine.gpu', undefined],
  ])('%s', (_name, info, preference, where, why) => {
    const s = backendSentence(info, preference);
    expect(s.where.key).toBe(where);
    expect(s.why?.key).toBe(why);
  });

  it('fills in the thread count and the adapter', () => {
    expect(backendSentence({ name: 'wasm', threads: 2, skipped: [] }, 'auto').where.args).toEqual({ threads: 2 });
    expect(backendSentence({ name: 'webgpu', adapter: 'apple m2', skipped: [] }, 'auto').where.args).toEqual({ backend: 'WebGPU', adapter: 'apple m2' });
  });
});

describe('skippedDetails', () => {
  it('names the software renderer alone, keeps other reasons, and says what is not built in', () => {
    const lines = skippedDetails({ name: 'wasm', skipped: [{ backend: 'webgl', reason: swiftShaderGl }, { backend: 'webgpu', reason: 'failed to initialise' }, { backend: 'cpu', reason: 'not available in this build' }] });
    expect(lines).toEqual([
      { key: 'backendLine.softwareRenderer', args: { backend: 'WebGL', renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)' } },
      { key: 'backendLine.failed', args: { backend: 'WebGPU', reason: 'failed to initialise' } },
      { key: 'backendLine.notInBuild', args: { backend: 'CPU' } },
    ]);
  });
});
