// The training loop on real MNIST digits (the embedded 10k set), CPU backend with our fast kernels.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../kernels/index';
import { loadMnist } from '../../node/data/ensureMnist';
import { takeFirst } from '../data/mnist';
import type { InMemoryDataset } from '../data/dataset';
import { train, type BatchReport } from './trainer';
import { TrainingControl } from './control';
import { BatchReportSchema, EpochReportSchema } from './reports';

let mnist: InMemoryDataset;
beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  mnist = await loadMnist();
});

/**
 * conv 8@5×5 → pool → dense 32 → softmax: small enough for seconds per epoch on one core. Seeded initial
 * weights, so an accuracy threshold tests the trainer and not the draw (unseeded, one run in ~10 gave 0.788).
 */
function tinyConvNet(inputSize = 28): tf.LayersModel {
  const input = tf.input({ shape: [inputSize, inputSize, 1] });
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  let h = tf.layers.conv2d({ filters: 8, kernelSize: 5, activation: 'relu', kernelInitializer: init(1) }).apply(input) as tf.SymbolicTensor;
  h = tf.layers.maxPooling2d({ poolSize: 2 }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: init(2) }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(3) }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('train', () => {
  it('learns real digits: > 80% validation accuracy after 2 epochs on 1,000 samples, no tensor leaks', async () => {
    const model = tinyConvNet();
    const tensorsAfterEpoch: number[] = [];
    const batches: BatchReport[] = [];
    const result = await train({
      tf,
      model,
      dataset: takeFirst(mnist, 1250),
      settings: { epochs: 3, batchSize: 32, learningRate: 0.003, validationSplit: 0.2, seed: 7 },
      callbacks: { onBatch: (b) => batches.push(b), onEpoch: () => tensorsAfterEpoch.push(tf.memory().numTensors) },
    });
    expect(result.status).toBe('completed');
    expect(result.history).toHaveLength(3);
    expect(result.history[1].valAcc).toBeGreaterThan(0.8);
    expect(result.evaluation!.accuracy).toBeGreaterThan(0.8);
    // Stratified 20%: 250 validation samples, the confusion matrix counts each once.
    expect(result.validation!.indices).toHaveLength(250);
    expect(result.evaluation!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(250);
    expect(batches).toHaveLength(3 * Math.ceil(1000 / 32));
    expect(batches.at(-1)!.samplesPerSec).toBeGreaterThan(0);
    expect(result.history[2].loss).toBeLessThan(result.history[0].loss);
    // What the loop reports is what the schemas (the worker's messages, the CLI's lines) describe.
    for (const e of result.history) expect(EpochReportSchema.parse(e)).toEqual(e);
    expect(BatchReportSchema.parse(batches[0])).toEqual(batches[0]);
    // Optimizer slots exist from the first step on; nothing more may pile up after that.
    expect(tensorsAfterEpoch[2]).toBe(tensorsAfterEpoch[0]);
    model.dispose();
  });

  it('a streamed dataset trains exactly as the same data in memory, reading each shuffled batch once', async () => {
    const data = takeFirst(mnist, 400);
    const size = data.height * data.width * data.channels;
    const reads: number[] = [];
    const { images, ...rest } = data;
    const streamed = {
      ...rest,
      readSamples: async (idx: readonly number[]) => {
        reads.push(idx.length);
        const out = new Uint8Array(idx.length * size);
        idx.forEach((i, k) => out.set(images.subarray(i * size, (i + 1) * size), k * size));
        return out;
      },
    };
    const settings = { epochs: 2, batchSize: 50, learningRate: 0.003, validationSplit: 0.25, seed: 3 };
    const runs = [];
    for (const dataset of [data, streamed]) {
      const model = tinyConvNet();
      if (runs.length) model.setWeights(runs[0].initial); // same starting weights for both runs
      const initial = model.getWeights().map((w) => w.clone());
      const r = await train({ tf, model, dataset, settings });
      runs.push({ initial, history: r.history.map((h) => [h.loss, h.valLoss]), confusion: r.evaluation!.confusion });
      model.dispose();
    }
    expect(runs[1].history).toEqual(runs[0].history);
    expect(runs[1].confusion).toEqual(runs[0].confusion);
    // 300 training samples in 6 batches × 2 epochs; the 100 validation samples in batches of 64 per evaluation.
    expect(reads.filter((n) => n === 50)).toHaveLength(12);
    expect(reads.filter((n) => n !== 50)).toEqual(expect.arrayContaining([64, 36]));
    expect(reads.filter((n) => n !== 50).reduce((a, n) => a + n, 0) % 100).toBe(0);
  });

  it('stops with nan-loss, naming epoch and batch, when the learning rate is far too high', async () => {
    const model = tinyConvNet();
    const result = await train({ tf, model, dataset: takeFirst(mnist, 600), settings: { optimizer: 'sgd', learningRate: 1e6, epochs: 2, batchSize: 32 } });
    expect(result.status).toBe('failed');
    expect(result.failure).toMatchObject({ code: 'nan-loss', epoch: 0 });
    expect(result.failure!.message).toMatch(/learning rate/);
    expect(result.failure!.message).toMatch(/BatchNormalization/);
    model.dispose();
  });

  it('pauses (no batches while paused), resumes, and stops keeping the best validated weights', async () => {
    const model = tinyConvNet();
    const control = new TrainingControl();
    const seen: BatchReport[] = [];
    let countAtPause = -1;
    let countWhilePaused = -1;
    const run = train({
      tf,
      model,
      control,
      dataset: takeFirst(mnist, 400),
      settings: { epochs: 50, batchSize: 32 },
      callbacks: {
        onBatch: (b) => {
          seen.push(b);
          if (b.epoch === 0 && b.batch === 2 && countAtPause < 0) {
            control.pause();
            countAtPause = seen.length;
            setTimeout(() => {
              countWhilePaused = seen.length;
              control.resume();
            }, 300);
          }
          if (b.epoch === 1 && b.batch === 4) control.stop();
        },
      },
    });
    const result = await run;
    // One batch was already queued when pause was asked (read-back lags by one).
    expect(countWhilePaused - countAtPause).toBeLessThanOrEqual(1);
    expect(result.status).toBe('stopped');
    expect(result.history).toHaveLength(1);
    expect(result.bestEpoch).toBe(0);
    expect(seen.at(-1)!.epoch).toBe(1);
    expect(seen.at(-1)!.batch).toBeLessThanOrEqual(5);
    // Best weights restored: the final evaluation is epoch 0's validation.
    expect(result.evaluation!.accuracy).toBeCloseTo(result.history[0].valAcc!, 6);
    model.dispose();
  });

  it('refuses a model whose input does not take the images, saying which node to change', async () => {
    const model = tinyConvNet(32);
    const result = await train({ tf, model, dataset: takeFirst(mnist, 100), settings: { epochs: 1 } });
    expect(result.failure).toMatchObject({ code: 'model-mismatch' });
    expect(result.failure!.message).toMatch(/Input node takes 32×32×1.*28×28×1/);
    model.dispose();
  });
});
