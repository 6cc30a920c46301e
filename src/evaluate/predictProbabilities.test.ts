// predictProbabilities on real MNIST digits (CPU backend, our kernels): each row equals predicting the sample
// alone with the dataset's normalisation applied by hand; its argmax/max are predictSet's; a streamed dataset
// gives the same rows as the in-memory one; the order of `indices` is kept; no tensor is left behind.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../kernels/index';
import { loadMnist } from '../../node/data/ensureMnist';
import { takeFirst } from '../data/mnist';
import type { InMemoryDataset, StreamedDataset } from '../data/dataset';
import { predictSet } from '../train/evaluateModel';
import { predictProbabilities } from './predictProbabilities';
import { evaluatePredictions } from './evaluatePredictions';

let digits: InMemoryDataset;
const normalization = { mean: [0.1307], std: [0.3081] };
beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  digits = { ...takeFirst(await loadMnist(), 120), normalization };
});

function tinyConvNet(): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1] });
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  let h = tf.layers.conv2d({ filters: 4, kernelSize: 5, activation: 'relu', kernelInitializer: init(1) }).apply(input) as tf.SymbolicTensor;
  h = tf.layers.maxPooling2d({ poolSize: 4 }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(3) }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('predictProbabilities', () => {
  it('gives each sample’s softmax row as predicting it alone, normalised as in training; argmax/max = predictSet', async () => {
    const model = tinyConvNet();
    const indices = [5, 0, 119, 42, 7, 8, 9, 100, 3];
    const before = tf.memory().numTensors;
    const progress: [number, number][] = [];
    const rows = await predictProbabilities(tf, model, digits, indices, 4, (done, total) => progress.push([done, total]));
    expect(tf.memory().numTensors).toBe(before);
    expect(rows.classes).toBe(10);
    expect(rows.probabilities).toHaveLength(indices.length * 10);
    expect(progress).toEqual([
      [4, 9],
      [8, 9],
      [9, 9],
    ]);
    for (const [j, i] of indices.entries()) {
      expect(rows.truth[j]).toBe(digits.labels[i]);
      const x = Float32Array.from(digits.images.subarray(i * 784, (i + 1) * 784), (v) => (v / 255 - normalization.mean[0]) / normalization.std[0]);
      const alone = tf.tidy(() => (model.predict(tf.tensor4d(x, [1, 28, 28, 1])) as tf.Tensor).dataSync());
      for (let k = 0; k < 10; k++) expect(rows.probabilities[j * 10 + k]).toBeCloseTo(alone[k], 6);
    }
    const set = await predictSet(tf, model, digits, indices, 4);
    const e = evaluatePredictions({ probabilities: rows.probabilities, truth: rows.truth, classNames: digits.classNames, source: 'test' });
    expect(e.accuracy).toBeCloseTo(set.acc, 12);
    expect(e.loss).toBeCloseTo(set.loss, 5);
    for (const m of e.misclassified) {
      expect(m.predicted).toBe(set.predicted[m.index]);
      expect(m.confidence).toBeCloseTo(set.confidence[m.index], 6);
    }
    model.dispose();
  });

  it('reads a streamed dataset batch by batch and gives the same rows', async () => {
    const model = tinyConvNet();
    const reads: number[][] = [];
    const { images, ...rest } = digits;
    const streamed: StreamedDataset = {
      ...rest,
      async readSamples(idx) {
        reads.push([...idx]);
        const out = new Uint8Array(idx.length * 784);
        idx.forEach((i, k) => out.set(images.subarray(i * 784, (i + 1) * 784), k * 784));
        return out;
      },
    };
    const indices = Array.from({ length: 50 }, (_, k) => 119 - 2 * k);
    const fromMemory = await predictProbabilities(tf, model, digits, indices, 16);
    const fromStream = await predictProbabilities(tf, model, streamed, indices, 16);
    expect(reads.map((r) => r.length)).toEqual([16, 16, 16, 2]);
    expect(Array.from(fromStream.truth)).toEqual(Array.from(fromMemory.truth));
    expect(Array.from(fromStream.probabilities)).toEqual(Array.from(fromMemory.probabilities));
    model.dispose();
  });
});
