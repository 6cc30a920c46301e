import { describe, expect, it } from 'vitest';
import { backendSentence, canMeasureAgain, measuredDetails, measuringSentence, roundedRates, simdDetail, skippedDetails, type BackendInfo } from './backendLine';
import { softwareRendererReason, type BackendMeasurement } from '../../src/train/backend';
import texts from './i18n';

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

describe('measured backends', () => {
  const m = (backend: BackendMeasurement['backend'], samplesPerSec: number, extra: Partial<BackendMeasurement> = {}): BackendMeasurement => ({ backend, samplesPerSec, steps: 8, ms: 400, ...extra });
  const gpuWon: BackendInfo = { name: 'webgpu', adapter: 'nvidia hopper', skipped: [], measured: [m('webgpu', 5137), m('wasm', 4291), m('webgl', 1200, { cut: 'slower', steps: 4 })] };

  it.each<[string, BackendInfo, string, string | undefined]>([
    ['WebGPU measured fastest', gpuWon, 'backendLine.gpuAdapter', 'backendLine.measured'],
    ['wasm measured fastest, though a hardware GPU exists', { name: 'wasm', threads: 2, skipped: [], measured: [m('wasm', 5100), m('webgpu', 4300)] }, 'backendLine.wasmThreads', 'backendLine.measured'],
    // A measurement wins over "no hardware GPU": WebGL was a software one, WebGPU real but slower.
    ['wasm after a software WebGL and a slower WebGPU', { name: 'wasm', threads: 2, skipped: [{ backend: 'webgl', reason: swiftShaderGl }], measured: [m('wasm', 5100), m('webgpu', 4300)] }, 'backendLine.wasmThreads', 'backendLine.measured'],
    ['only one could be timed: no comparison to show', { name: 'wasm', threads: 2, skipped: [{ backend: 'webgpu', reason: 'failed while training: device lost' }], measured: [m('wasm', 5100)] }, 'backendLine.wasmThreads', 'backendLine.noUsableGpu'],
    ['the one training is not the measured winner (a restart after a lost device)', { name: 'webgl', skipped: [], measured: [m('webgpu', 9000), m('webgl', 4000)] }, 'backendLine.gpu', undefined],
  ])('%s', (_name, info, where, why) => {
    const s = backendSentence(info, 'auto');
    expect(s.where.key).toBe(where);
    expect(s.why?.key).toBe(why);
  });

  it('says the winner and the others, fastest first, at two significant figures', () => {
    expect(backendSentence(gpuWon, 'auto').why).toEqual({
      key: 'backendLine.measured',
      args: { rate: '5,100', others: [{ key: 'backendLine.measuredOther', args: { backend: 'WebAssembly', rate: '4,300' } }, { key: 'backendLine.measuredOther', args: { backend: 'WebGL', rate: '1,200' } }] },
    });
  });

  it.each<[number[], string[]]>([
    [[5137, 4291], ['5,100', '4,300']],
    [[5137, 5092], ['5,140', '5,090']], // equal at two figures: three
    [[812.4, 95.3], ['810', '95']],
    [[7.34, 0], ['7.3', '0']],
  ])('rounds %j to %j', (rates, shown) => expect(roundedRates(rates)).toEqual(shown));

  it('details: each figure, how it ended, why the winner trains, and that it was measured now', () => {
    expect(measuredDetails(gpuWon).map((p) => [p.key, p.args])).toEqual([
      ['backendLine.measuredRate', { backend: 'WebGPU', rate: '5,100', steps: 8, seconds: '0.4' }],
      ['backendLine.measuredRate', { backend: 'WebAssembly', rate: '4,300', steps: 8, seconds: '0.4' }],
      ['backendLine.measuredSlower', { backend: 'WebGL', rate: '1,200', steps: 4, seconds: '0.4' }],
      ['backendLine.measuredWinner', { backend: 'WebGPU', times: '1.2', next: 'WebAssembly' }],
      ['backendLine.measuredNow', { seconds: '1.2' }],
    ]);
  });

  it('details: a first-step-only figure, and a remembered measurement with its date', () => {
    const info: BackendInfo = { name: 'wasm', skipped: [], measured: [m('wasm', 5000), m('webgl', 300, { steps: 1, firstStepOnly: true, cut: 'budget' })], rememberedAt: '2025-01-02T03:04:05.000Z' };
    const lines = measuredDetails(info, '2 Jan 2025');
    expect(lines[1]).toEqual({ key: 'backendLine.measuredFirstStep', args: { backend: 'WebGL', rate: '300', steps: 1, seconds: '0.4' } });
    expect(lines[2].args?.times).toBe(17);
    expect(lines.at(-1)).toEqual({ key: 'backendLine.measuredRemembered', args: { date: '2 Jan 2025' } });
    expect(measuredDetails({ name: 'wasm', skipped: [] })).toEqual([]);
  });

  it('a backend given up on before its first step came back: an upper bound, said as one', () => {
    const info: BackendInfo = { name: 'wasm', threads: 2, skipped: [], measured: [m('wasm', 3300), m('webgpu', 5.6, { steps: 0, firstStepOnly: true, cut: 'budget', ms: 1300 })] };
    expect(backendSentence(info, 'auto').why?.args?.others).toEqual([{ key: 'backendLine.measuredOtherUnder', args: { backend: 'WebGPU', rate: '5.6' } }]);
    expect(measuredDetails(info)[1]).toEqual({ key: 'backendLine.measuredUnfinished', args: { backend: 'WebGPU', rate: '5.6', steps: 0, seconds: '1.3' } });
    expect(measuredDetails(info)[2]).toEqual({ key: 'backendLine.measuredWinnerAtLeast', args: { backend: 'WebAssembly', times: 589, next: 'WebGPU' } });
  });

  it('with only one timed (the budget spent): no "measured fastest", the untimed said as such, nothing to measure again', () => {
    const info: BackendInfo = { name: 'webgpu', adapter: 'apple m2', skipped: [], measured: [m('webgpu', 900, { steps: 1, firstStepOnly: true, cut: 'budget', ms: 3400 }), m('wasm', 0, { steps: 0, notTimed: true, cut: 'budget', ms: 20 })] };
    expect(backendSentence(info, 'auto').why).toBeUndefined();
    expect(measuredDetails(info).map((p) => p.key)).toEqual(['backendLine.measuredFirstStep', 'backendLine.measuredNotTimed', 'backendLine.measuredOnlyTimed', 'backendLine.measuredNotKept']);
    expect(measuredDetails(info)[1].args).toEqual({ backend: 'WebAssembly', budget: 3 });
    expect(canMeasureAgain(info)).toBe(false);
    expect(canMeasureAgain(gpuWon)).toBe(true);
    expect(canMeasureAgain({ name: 'wasm', skipped: [] })).toBe(false);
  });

  it('a timed one and one left untimed after it: compared by the sentence as "not timed"', () => {
    const info: BackendInfo = { name: 'wasm', skipped: [], measured: [m('wasm', 3000), m('webgl', 200), m('webgpu', 0, { steps: 0, notTimed: true })] };
    expect(backendSentence(info, 'auto').why?.args?.others).toEqual([
      { key: 'backendLine.measuredOther', args: { backend: 'WebGL', rate: '200' } },
      { key: 'backendLine.measuredOtherNotTimed', args: { backend: 'WebGPU', rate: '0' } },
    ]);
  });

  it('names what is being timed while it is', () => {
    expect(measuringSentence({ name: '', skipped: [], measuring: ['webgpu', 'wasm'] })).toEqual({ key: 'backendLine.measuring', args: { backends: 'WebGPU, WebAssembly', seconds: 3 } });
  });
});

describe('the texts', () => {
  // Every key the line can say exists in both languages with the same placeholders.
  const keys = Object.keys(texts.en.backendLine) as (keyof typeof texts.en.backendLine)[];
  it.each(keys)('%s: en and ko take the same arguments', (key) => {
    const args = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((x) => x[1]).sort();
    expect(args(texts.ko.backendLine[key])).toEqual(args(texts.en.backendLine[key]));
  });
});

describe('simdDetail', () => {
  it.each<[string, BackendInfo, unknown]>([
    ['relaxed SIMD on 2 threads', { name: 'wasm', threads: 2, simd: { relaxed: true, threads: 2 }, skipped: [] }, { key: 'backendLine.simdRelaxed', args: { threads: [{ key: 'backendLine.nThreads', args: { threads: 2 } }] } }],
    ['SIMD128 only, one thread', { name: 'wasm', threads: 1, simd: { relaxed: false, threads: 1 }, skipped: [] }, { key: 'backendLine.simdPlain', args: { threads: [{ key: 'backendLine.oneThread' }] } }],
    ['wasm without our module (the JavaScript loops serve)', { name: 'wasm', threads: 2, skipped: [] }, undefined],
    ['not on wasm', { name: 'webgpu', simd: { relaxed: true, threads: 2 }, skipped: [] }, undefined],
  ])('%s', (_name, info, phrase) => {
    expect(simdDetail(info)).toEqual(phrase);
  });
});
