// One start → train → stop → dispose cycle with the real trainer (src/train/trainer.ts), and a memory
// sample; shared by the leak test (main/recovery/cycles.test.ts) and the soak run (bench/soak.ts).
import type * as tfjs from '@tensorflow/tfjs';
import type { InMemoryDataset } from '../../src/data/dataset';
import { train, type TrainResult } from '../../src/train/trainer';
import { TrainingControl } from '../../src/train/control';

type Tf = typeof tfjs;

/** conv 8@3×3 → pool → dense 16 → softmax: a few ms per batch on one CPU core. */
export function tinyConvNet(tf: Tf, ds: Pick<InMemoryDataset, 'height' | 'width' | 'channels' | 'classNames'>): tfjs.LayersModel {
  const input = tf.input({ shape: [ds.height, ds.width, ds.channels] });
  let h = tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }).apply(input) as tfjs.SymbolicTensor;
  h = tf.layers.maxPooling2d({ poolSize: 2 }).apply(h) as tfjs.SymbolicTensor;
  h = tf.layers.flatten().apply(h) as tfjs.SymbolicTensor;
  h = tf.layers.dense({ units: 16, activation: 'relu' }).apply(h) as tfjs.SymbolicTensor;
  const out = tf.layers.dense({ units: ds.classNames.length, activation: 'softmax' }).apply(h) as tfjs.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

export interface CycleOptions {
  /** Stop after this many batches (a user pressing Stop); absent: run the epochs out. */
  stopAfterBatches?: number;
  epochs?: number;
  batchSize?: number;
  /** Reuse one model across cycles (continue training) instead of building a fresh one. */
  model?: tfjs.LayersModel;
}

/** Builds (or reuses) a model, trains, stops, and disposes what it built. */
export async function trainingCycle(tf: Tf, ds: InMemoryDataset, o: CycleOptions = {}): Promise<TrainResult & { batches: number }> {
  const model = o.model ?? tinyConvNet(tf, ds);
  const control = new TrainingControl();
  let batches = 0;
  try {
    const result = await train({
      tf,
      model,
      dataset: ds,
      control,
      settings: { epochs: o.epochs ?? 1, batchSize: o.batchSize ?? 32, validationSplit: 0.2, seed: 1 },
      callbacks: {
        onBatch: () => {
          if (++batches === o.stopAfterBatches) control.stop();
        },
      },
    });
    return { ...result, batches };
  } finally {
    if (!o.model) model.dispose();
  }
}

export interface MemorySample {
  seconds: number;
  rssMB: number;
  heapMB: number;
  numTensors: number;
  tensorMB: number;
}

export function memorySample(tf: Tf, startedMs: number): MemorySample {
  const m = process.memoryUsage();
  const t = tf.memory();
  return { seconds: (performance.now() - startedMs) / 1000, rssMB: m.rss / 2 ** 20, heapMB: m.heapUsed / 2 ** 20, numTensors: t.numTensors, tensorMB: t.numBytes / 2 ** 20 };
}

/** A full GC when the runtime allows it (node --expose-gc, or turned on here via V8 flags). */
export async function collectGarbage(): Promise<boolean> {
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  if (typeof gc !== 'function') return false;
  gc();
  gc();
  return true;
}
