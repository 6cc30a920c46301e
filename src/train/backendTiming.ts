// Timing training on a backend, for chooseBackend's 'auto': a few real steps of the user's model at the run's
// batch size, through the trainer itself (its optimizer, batching, read-back one step late, yields), on
// synthetic pixels of the model's input shape. The first step is left out of the rate: it compiles shaders
// (GPU) or warms caches. And the key a measurement is remembered under: the machine and the model's size.
import type * as tfjs from '@tensorflow/tfjs';
import type { BackendName, BackendTimer, TimingLimits } from './backend';
import type { StreamedDataset } from '../data/dataset';
import type { Graph } from '../graph/schema';
import { buildTfModelWithAnalysis } from './buildTfModel';
import { TrainingSettingsSchema, type TrainingSettings } from './settings';
import { TrainingControl } from './control';
import { mulberry32, withSeededRandom } from './random';
import { train } from './trainer';

// The core compiles without DOM or Node typings; both have these timers.
const timers = globalThis as unknown as { setTimeout(f: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };

/** Most steps timed per backend, the first included: enough for a steady rate, cheap on a small model. */
export const TIMED_STEPS = 8;
/** A backend below this share of the best rate so far is clearly slower: timing it further changes nothing. */
export const CLEARLY_SLOWER = 0.5;

export interface TimingWorkload {
  graph: Graph;
  /** The run's settings: the batch size, optimizer, weight decay and augmentation cost what they cost. */
  settings: Partial<TrainingSettings>;
}

/** A batch of seeded random pixels served for every read: `steps` batches of the model's input shape, one buffer. */
function syntheticDataset(shape: { height: number; width: number; channels: number }, classes: number, batch: number, steps: number): StreamedDataset {
  const rand = mulberry32(1);
  const pixels = Uint8Array.from({ length: batch * shape.height * shape.width * shape.channels }, () => Math.floor(rand() * 256));
  const n = batch * steps;
  const labels = classes > 256 ? new Uint16Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % classes;
  const size = shape.height * shape.width * shape.channels;
  return { ...shape, n, labels, classNames: Array.from({ length: classes }, (_, k) => String(k)), readSamples: async (indices) => pixels.subarray(0, indices.length * size) };
}

/** chooseBackend's timer: trains `workload`'s model on whichever backend is set, up to `maxSteps` steps. */
export function trainingTimer(tf: typeof tfjs, workload: TimingWorkload, { maxSteps = TIMED_STEPS, now = () => performance.now() }: { maxSteps?: number; now?: () => number } = {}): BackendTimer {
  return async (_name, limits: TimingLimits) => {
    const s = TrainingSettingsSchema.parse({ ...workload.settings, epochs: 1, validationSplit: 0, earlyStoppingPatience: 0 });
    // Seeded so the timing's build draws nothing from Math.random (the run's own build is seeded apart).
    const model = withSeededRandom(s.seed, () => buildTfModelWithAnalysis(workload.graph, tf).model);
    const [, height, width, channels] = model.inputs[0].shape as number[];
    const classes = (model.outputs[0].shape as number[]).at(-1)!;
    const dataset = syntheticDataset({ height, width, channels }, classes, s.batchSize, maxSteps);
    const control = new TrainingControl();
    const reads: number[] = [];
    let cut: 'slower' | 'budget' | undefined;
    // Over the read-backs after the first: each interval is one step at the trainer's steady pace.
    const rate = () => (s.batchSize * (reads.length - 1) * 1000) / Math.max(1e-6, reads.at(-1)! - reads[0]);
    const t0 = now();
    const figures = (): Awaited<ReturnType<BackendTimer>> => {
      // No step back yet (given up waiting): its first step takes longer than this, so the rate is at most this.
      const samplesPerSec = reads.length > 1 ? rate() : (s.batchSize * 1000) / Math.max(1e-6, (reads[0] ?? now()) - t0);
      return { samplesPerSec, steps: reads.length, ...(cut ? { cut } : {}), ...(reads.length <= 1 ? { firstStepOnly: true } : {}) };
    };
    const training = train({
      tf,
      model,
      dataset,
      settings: s,
      control,
      graph: workload.graph,
      now,
      callbacks: {
        onBatch: () => void reads.push(now()),
        afterStep: (step) => {
          if (step + 1 >= maxSteps || control.stopRequested) return;
          if (now() >= limits.until) cut = 'budget';
          else if (limits.best && reads.length >= 3 && rate() < CLEARLY_SLOWER * limits.best) cut = 'slower';
          if (cut) control.stop();
        },
      },
    });
    void training.finally(() => model.dispose()).catch(() => {});
    // A GPU step waits on its read-back: one still out at the share's end is not waited for (it finishes, and its
    // model goes, in the background), so a backend that is slow to compile or run costs its share and no more.
    // A step that blocks (wasm, cpu, a WebGL compile) ends before this can fire; afterStep stops after it then.
    let watchdog: unknown;
    const givenUp = new Promise<'given up'>((resolve) => {
      watchdog = timers.setTimeout(() => {
        if (control.stopRequested) return;
        cut = 'budget';
        control.stop();
        resolve('given up');
      }, Math.max(0, Math.min(limits.until - now(), 2 ** 31 - 1)));
    });
    try {
      const result = await Promise.race([training, givenUp]);
      if (result !== 'given up' && !reads.length) throw new Error(result.failure?.message ?? `training stopped (${result.status})`);
      return figures();
    } finally {
      timers.clearTimeout(watchdog);
    }
  };
}

/** wasm training with our kernels, per XNNPACK thread (LeNet-5 on 2 threads: ~3 GFLOP/s each; big convs more). */
const WASM_FLOPS_PER_THREAD = 5e9;
/** A wasm step estimated under this is timed first: several steps fit in its share of MEASURE_BUDGET_MS. */
const WASM_FIRST_MS = 250;

/**
 * The order to time the contenders in, for a model of `macs` multiply-adds per sample: wasm first where its
 * steps are short (the motivating case: a small model, where it may well win) — it starts at once, its figure
 * is the bar a GPU backend is cut short against, and no GPU work given up on is still running beside it. For a
 * larger model the GPUs first: a wasm step blocks and cannot be given up on, and would spend the budget.
 */
export function timingOrder(size: { macs: number; batchSize: number }, wasmThreads: number): BackendName[] {
  // A training step: forward 2 FLOPs per multiply-add, backward about twice the forward.
  const wasmStepMs = ((6 * size.macs * size.batchSize) / (WASM_FLOPS_PER_THREAD * Math.max(1, wasmThreads))) * 1000;
  return wasmStepMs <= WASM_FIRST_MS ? ['wasm', 'webgpu', 'webgl'] : ['webgpu', 'webgl', 'wasm'];
}

/** To the nearest half power of two: models within ~±19% of each other share a bucket. */
const bucket = (v: number) => (v > 0 ? Math.round(Math.log2(v) * 2) / 2 : 0);

/**
 * The key a measurement is remembered under: the machine (its GPUs and cores, as the caller describes them)
 * and the model's size — trainable weights, multiply-adds per sample (input size × depth) and batch size,
 * each bucketed so a small edit keeps the measurement and another model size measures anew.
 */
export function measurementKey(machine: string, size: { params: number; macs: number; batchSize: number }): string {
  return `v1|${machine}|params 2^${bucket(size.params)}|macs 2^${bucket(size.macs)}|batch 2^${bucket(size.batchSize)}`;
}
