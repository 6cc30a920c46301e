// Choosing a tfjs backend, then our fast training kernels for it. The backend packages themselves are imported
// by the caller (worker or CLI), since which ones exist depends on the platform.
// 'auto' without a workload to time: the first of webgpu → webgl → wasm → cpu that starts. With one (a
// measurer): every contender that is built in, passes the vetter and starts is timed on a few training steps of
// the user's model within one budget, and the fastest trains — a stock GPU backend can lose to wasm with our
// kernels (LeNet-5: ~4,300 samples/s on an H100's WebGPU, ~5,100 on wasm with 2 cores). The result can be
// remembered (per machine and model size) so the next run skips the warm-up.
// wasm comes before cpu because with our gradient kernels it trains 2–4× faster than tfjs-cpu (bench/).
import type * as tfjs from '@tensorflow/tfjs';
import { z } from 'zod';
import { registerFastKernels } from '../kernels/index';

export const BackendNameSchema = z.enum(['webgpu', 'webgl', 'wasm', 'cpu']);
export type BackendName = z.infer<typeof BackendNameSchema>;
export const AUTO_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** What 'auto' times against each other: cpu is only the last resort (wasm with our kernels beats it 2–4×). */
export const MEASURED_BACKENDS: BackendName[] = ['webgpu', 'webgl', 'wasm'];
/** The whole warm-up: every contender's start, model build, steps and clean-up together. */
export const MEASURE_BUDGET_MS = 3000;

/** A timer's figures for one backend (src/train/backendTiming.ts), in this worker or a timing worker of its own. */
export const TimedStepsSchema = z.object({
  /** Training samples per second over the steps after the first (compile and warm-up left out). */
  samplesPerSec: z.number().min(0),
  /** Training steps run, the first one included. */
  steps: z.number().int().min(0),
  /** Stopped before its full count of steps: clearly slower than the best so far, or its share of the budget ran out. */
  cut: z.enum(['slower', 'budget']).optional(),
  /** Only its first step fitted in its share: the rate includes compiling, so it is a lower bound. */
  firstStepOnly: z.boolean().optional(),
});
export type TimedSteps = z.infer<typeof TimedStepsSchema>;

/** One backend's timed warm-up. */
export const BackendMeasurementSchema = TimedStepsSchema.extend({
  backend: BackendNameSchema,
  /** What it cost of the budget: its start, model build, steps and clean-up. */
  ms: z.number().min(0),
  /** The budget was spent before its turn: not timed (rate 0), so it could not win this time. */
  notTimed: z.boolean().optional(),
});
export type BackendMeasurement = z.infer<typeof BackendMeasurementSchema>;

export interface BackendChoice {
  backend: BackendName;
  /** Backends tried before it (or instead of it), with why each failed or was passed over. */
  skipped: { backend: BackendName; reason: string }[];
  fastKernels: string[];
  /** 'auto' with two or more contenders: each one's figures, fastest first (this run's, or remembered). */
  measured?: BackendMeasurement[];
  /** `measured` came from memory: when it was measured (ISO date). */
  rememberedAt?: string;
}

/**
 * Looks at a backend before it is started (e.g. the WebGL renderer string) and returns why it should be
 * passed over, or undefined to try it. Only backends reached automatically are vetted: one the user
 * named is always tried.
 */
export type BackendVetter = (name: BackendName) => Promise<string | undefined> | string | undefined;

/** A measurement kept for the next run (per machine and model size); read back through the schema, as storage may hold anything. */
export const RememberedChoiceSchema = z.object({ backend: BackendNameSchema, measured: z.array(BackendMeasurementSchema), at: z.string() });
export type RememberedChoice = z.infer<typeof RememberedChoiceSchema>;

/** Where the timer should stop: after the step that ends past `until` (a `now()` time), or once clearly below `best` samples/s. */
export interface TimingLimits {
  until: number;
  best?: number;
}

/** Times training on the backend just set (tf.getBackend() === name). */
export type BackendTimer = (name: BackendName, limits: TimingLimits) => Promise<TimedSteps>;

export interface MeasureOptions {
  time: BackendTimer;
  /**
   * The backends timed against each other, in the order they are timed (default MEASURED_BACKENDS; see
   * timingOrder in ./backendTiming); the rest of `order` is fallback only.
   */
  contenders?: BackendName[];
  budgetMs?: number;
  recall?: () => Promise<RememberedChoice | undefined> | RememberedChoice | undefined;
  remember?: (r: RememberedChoice) => Promise<void> | void;
  /** Called as the warm-up begins (not when memory answers), with the backends about to be timed. */
  onMeasure?: (contenders: BackendName[]) => void;
  now?: () => number;
}

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

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * `preference` 'auto' or a name; a named backend that fails falls back through the rest of the order. 'auto'
 * with `measure` times the contenders and trains on the fastest; a named backend is never timed.
 */
export async function chooseBackend(
  tf: typeof tfjs,
  preference: BackendName | 'auto',
  order: BackendName[] = AUTO_ORDER,
  vet?: BackendVetter,
  measure?: MeasureOptions,
): Promise<BackendChoice> {
  const tryOrder = preference === 'auto' ? order : [preference, ...order.filter((b) => b !== preference)];
  const skipped: BackendChoice['skipped'] = [];
  const out = new Set<BackendName>();
  const pass = (backend: BackendName, reason: string) => (skipped.push({ backend, reason }), out.add(backend), false);
  const vetted = new Map<BackendName, boolean>();
  const usable = async (name: BackendName): Promise<boolean> => {
    if (vetted.has(name)) return vetted.get(name)!;
    let ok = true;
    if (!tf.findBackendFactory(name)) ok = pass(name, 'not available in this build');
    else if (vet && name !== preference) {
      const why = await Promise.resolve(vet(name)).catch(message);
      if (why) ok = pass(name, why);
    }
    vetted.set(name, ok);
    return ok;
  };
  const start = async (name: BackendName): Promise<boolean> => {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return true;
      }
      return pass(name, 'failed to initialise');
    } catch (e) {
      return pass(name, message(e));
    }
  };
  // Skips listed in the order tried, whichever pass found them.
  const finish = (backend: BackendName, extra: Partial<BackendChoice> = {}): BackendChoice => ({
    backend,
    skipped: skipped.sort((a, b) => tryOrder.indexOf(a.backend) - tryOrder.indexOf(b.backend)),
    fastKernels: registerFastKernels(tf),
    ...extra,
  });

  if (preference === 'auto' && measure) {
    const wanted = measure.contenders ?? MEASURED_BACKENDS;
    const contenders: BackendName[] = [];
    for (const name of wanted) if (tryOrder.includes(name) && (await usable(name))) contenders.push(name);
    if (contenders.length > 1) {
      const won = await measureContenders(tf, contenders, measure, start, pass);
      if (won) return finish(won.backend, won);
    }
  }
  for (const name of tryOrder) {
    if (out.has(name) || !(await usable(name))) continue;
    if (await start(name)) return finish(name);
  }
  throw new Error(`No tfjs backend could start (${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}).`);
}

/** The remembered or the fastest measured contender (set as tf's backend); undefined when fewer than two could start. */
async function measureContenders(
  tf: typeof tfjs,
  contenders: BackendName[],
  measure: MeasureOptions,
  start: (name: BackendName) => Promise<boolean>,
  pass: (name: BackendName, reason: string) => boolean,
): Promise<Pick<BackendChoice, 'backend' | 'measured' | 'rememberedAt'> | undefined> {
  const now = measure.now ?? (() => performance.now());
  const memory = await Promise.resolve(measure.recall?.()).catch(() => undefined);
  // A remembered winner that is still a contender and starts: no warm-up. One that no longer starts is timed
  // no more (it is listed as skipped) and the rest are measured.
  if (memory && contenders.includes(memory.backend) && (await start(memory.backend))) return { backend: memory.backend, measured: memory.measured, rememberedAt: memory.at };
  const started: { name: BackendName; ms: number }[] = [];
  for (const name of contenders) {
    if (name === memory?.backend) continue;
    const t = now();
    if (await start(name)) started.push({ name, ms: now() - t });
  }
  if (started.length < 2) return undefined;
  measure.onMeasure?.(started.map((s) => s.name));
  registerFastKernels(tf); // before any step: stock wasm cannot train a conv at all (no Conv2DBackpropFilter)
  const budget = measure.budgetMs ?? MEASURE_BUDGET_MS;
  let spent = started.reduce((a, s) => a + s.ms, 0);
  // In the contenders' order: where the budget runs out before the last, the ones left are not timed and cannot win.
  const measured: BackendMeasurement[] = [];
  for (let i = 0; i < started.length; i++) {
    const { name, ms: startMs } = started[i];
    const t = now();
    // A first step cannot be interrupted where it blocks (a WebGL compile, a wasm step): one that overran leaves
    // the rest untimed rather than the warm-up growing by a first step each.
    if (spent >= budget && measured.length) {
      measured.push({ backend: name, samplesPerSec: 0, steps: 0, ms: startMs, cut: 'budget', notTimed: true });
      continue;
    }
    const share = Math.max(0, budget - spent) / (started.length - i);
    try {
      await tf.setBackend(name);
      const best = measured.length ? Math.max(...measured.map((m) => m.samplesPerSec)) : undefined;
      const r = await measure.time(name, { until: t + share, best });
      measured.push({ backend: name, ...r, ms: startMs + (now() - t) });
    } catch (e) {
      pass(name, `failed while training: ${message(e)}`);
    }
    spent += now() - t;
  }
  if (!measured.length) return undefined;
  // Real figures first, then those given up on before a first step came back (their rate an upper bound), then
  // the untimed; by rate within each.
  const tier = (m: BackendMeasurement) => (m.notTimed ? 2 : m.steps === 0 ? 1 : 0);
  measured.sort((a, b) => tier(a) - tier(b) || b.samplesPerSec - a.samplesPerSec);
  const backend = measured[0].backend;
  await tf.setBackend(backend);
  // Kept only when every contender was timed: the next run measures the one left out again (shader caches make
  // a GPU's first step cheaper the second time).
  if (measured.length > 1 && !measured.some((m) => m.notTimed)) await Promise.resolve(measure.remember?.({ backend, measured, at: new Date().toISOString() })).catch(() => undefined);
  return { backend, measured };
}
