// The one calm sentence about where training runs ("Training on WebAssembly, 2 threads — no hardware GPU
// found", or after 'auto' timed the backends "… — measured fastest: 5,100 samples/s vs WebGPU 4,300"), and the
// details behind it. A GPU backend passed over for a software renderer (SwiftShader, llvmpipe, Basic Render
// Driver) is the normal fallback on a machine without a GPU, not an alarm.
import { isSoftwareRenderer, MEASURE_BUDGET_MS, type BackendMeasurement } from '../../src/train/backend';
import type { SimdModuleInfo } from '../worker/messages';

export interface BackendInfo {
  /** '' while `measuring`. */
  name: string;
  /** The WebGPU adapter, or for wasm "n threads" (details only). */
  adapter?: string;
  /** XNNPACK threads on wasm. */
  threads?: number;
  /** On wasm: our SIMD module's build and the threads it runs on (details only). */
  simd?: SimdModuleInfo;
  skipped: { backend: string; reason: string }[];
  /** 'auto' is timing these on the run's model; the choice follows. */
  measuring?: string[];
  /** What 'auto' timed, fastest first (this run's, or remembered from `rememberedAt`). */
  measured?: BackendMeasurement[];
  rememberedAt?: string;
  /** "Measure again" was pressed: the next training times the backends anew. */
  forgotten?: boolean;
}

/** An i18n key in the 'training' namespace with its arguments; a list of phrases is said one by one, comma-joined. */
export interface Phrase {
  key: string;
  args?: Record<string, string | number | Phrase[]>;
}

const GPU_BACKENDS = ['webgpu', 'webgl'];
export const BACKEND_LABEL: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' };
const NOT_IN_BUILD = 'not available in this build';

/** The sentence as parts: where it trains, and (on wasm/cpu) why not on a GPU. `preference` is the settings' backend. */
export function backendSentence(b: BackendInfo, preference: string): { where: Phrase; why?: Phrase } {
  const label = BACKEND_LABEL[b.name] ?? b.name;
  if (GPU_BACKENDS.includes(b.name)) {
    const where: Phrase = b.adapter ? { key: 'backendLine.gpuAdapter', args: { backend: label, adapter: b.adapter } } : { key: 'backendLine.gpu', args: { backend: label } };
    return { where, why: measuredWhy(b) };
  }
  const where: Phrase =
    b.name === 'wasm' ? (b.threads && b.threads > 1 ? { key: 'backendLine.wasmThreads', args: { threads: b.threads } } : { key: 'backendLine.wasm' }) : b.name === 'cpu' ? { key: 'backendLine.cpu' } : { key: 'backendLine.other', args: { backend: label } };
  const why = measuredWhy(b);
  if (why) return { where, why };
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

/** The measured comparison behind the choice: only where two or more were timed and the one training won. */
function measuredWhy(b: BackendInfo): Phrase | undefined {
  const m = b.measured;
  if (!m || m.filter((x) => !x.notTimed).length < 2 || m[0].backend !== b.name) return undefined;
  const rates = roundedRates(m.map((x) => x.samplesPerSec));
  // steps 0: given up on before its first step came back, so its figure is an upper bound.
  const others = m.slice(1).map((x, i): Phrase => ({
    key: x.notTimed ? 'backendLine.measuredOtherNotTimed' : x.steps === 0 ? 'backendLine.measuredOtherUnder' : 'backendLine.measuredOther',
    args: { backend: BACKEND_LABEL[x.backend] ?? x.backend, rate: rates[i + 1] },
  }));
  return { key: 'backendLine.measured', args: { rate: rates[0], others } };
}

/**
 * Rates as shown: two significant figures (a warm-up of a few steps is not more exact than that), three where
 * two would show the winner equal to another.
 */
export function roundedRates(rates: number[]): string[] {
  const at = (digits: number) => rates.map((r) => (r > 0 ? Number(r.toPrecision(digits)) : 0));
  const two = at(2);
  const shown = two.slice(1).includes(two[0]) ? at(3) : two;
  return shown.map((r) => r.toLocaleString('en-US', { maximumFractionDigits: r < 10 ? 1 : 0 }));
}

/** "Measure again" means something: the measurement was kept (one with a backend left untimed was not). */
export const canMeasureAgain = (b: BackendInfo): boolean => (b.measured?.length ?? 0) > 1 && !b.measured!.some((x) => x.notTimed);

/** On wasm, what our own SIMD kernels run with: fused multiply-adds (relaxed SIMD) or not, and on how many threads. */
export function simdDetail(b: BackendInfo): Phrase | undefined {
  if (b.name !== 'wasm' || !b.simd) return undefined;
  const threads: Phrase = b.simd.threads === 1 ? { key: 'backendLine.oneThread' } : { key: 'backendLine.nThreads', args: { threads: b.simd.threads } };
  return { key: b.simd.relaxed ? 'backendLine.simdRelaxed' : 'backendLine.simdPlain', args: { threads: [threads] } };
}

/** While 'auto' times the backends: what it is doing and why the start takes a moment. */
export function measuringSentence(b: BackendInfo): Phrase {
  return { key: 'backendLine.measuring', args: { backends: (b.measuring ?? []).map((n) => BACKEND_LABEL[n] ?? n).join(', '), seconds: MEASURE_BUDGET_MS / 1000 } };
}

/**
 * The measurement in the details: each backend's figures, fastest first, why the winner trains, and whether this
 * run measured or remembered (`date`: rememberedAt as the reader's locale writes it).
 */
export function measuredDetails(b: BackendInfo, date?: string): Phrase[] {
  const m = b.measured;
  if (!m || m.length < 2) return [];
  const rates = roundedRates(m.map((x) => x.samplesPerSec));
  const lines = m.map((x, i): Phrase => {
    const args = { backend: BACKEND_LABEL[x.backend] ?? x.backend, rate: rates[i], steps: x.steps, seconds: (x.ms / 1000).toFixed(1) };
    if (x.notTimed) return { key: 'backendLine.measuredNotTimed', args: { backend: args.backend, budget: MEASURE_BUDGET_MS / 1000 } };
    if (x.steps === 0) return { key: 'backendLine.measuredUnfinished', args };
    if (x.firstStepOnly) return { key: 'backendLine.measuredFirstStep', args };
    if (x.cut === 'slower') return { key: 'backendLine.measuredSlower', args };
    return { key: 'backendLine.measuredRate', args };
  });
  const [first, second] = m;
  if (second.notTimed) lines.push({ key: 'backendLine.measuredOnlyTimed', args: { backend: BACKEND_LABEL[first.backend] ?? first.backend } });
  else {
    const times = first.samplesPerSec / second.samplesPerSec;
    lines.push({ key: second.steps === 0 ? 'backendLine.measuredWinnerAtLeast' : 'backendLine.measuredWinner', args: { backend: BACKEND_LABEL[first.backend] ?? first.backend, times: times >= 10 ? Math.round(times) : times.toFixed(times < 1.1 ? 2 : 1), next: BACKEND_LABEL[second.backend] ?? second.backend } });
  }
  if (b.rememberedAt) lines.push({ key: 'backendLine.measuredRemembered', args: { date: date ?? b.rememberedAt } });
  else lines.push({ key: m.some((x) => x.notTimed) ? 'backendLine.measuredNotKept' : 'backendLine.measuredNow', args: { seconds: (m.reduce((a, x) => a + x.ms, 0) / 1000).toFixed(1) } });
  return lines;
}
