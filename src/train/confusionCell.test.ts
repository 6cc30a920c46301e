// A cell's samples: sorted and paged on a small hand-made table, then, on a real short training run on MNIST
// digits, every cell's list has exactly the matrix's count (both come from the same predictions).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../kernels/index';
import { loadMnist } from '../../node/data/ensureMnist';
import { takeFirst } from '../data/mnist';
import type { InMemoryDataset } from '../data/dataset';
import { train } from './trainer';
import { confusionCellSamples } from './confusionCell';

// Dataset labels by index; validation = samples 10..15 in the trainer's order.
const labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 5, 3, 3];
const validation = {
  indices: [10, 11, 12, 13, 14, 15],
  predicted: Int32Array.from([5, 5, 3, 5, 5, 3]),
  confidence: Float32Array.from([0.6, 0.9, 0.99, 0.7, 0.6, 0.5]),
};

describe('confusionCellSamples', () => {
  it.each([
    { name: 'true 3 → 5: most confident first, ties by index', t: 3, p: 5, page: {}, total: 3, indices: [11, 10, 14] },
    { name: 'the diagonal cell', t: 3, p: 3, page: {}, total: 2, indices: [12, 15] },
    { name: 'true 5 → 5 (its only sample)', t: 5, p: 5, page: {}, total: 1, indices: [13] },
    { name: 'an empty cell', t: 0, p: 5, page: {}, total: 0, indices: [] },
    { name: 'a page', t: 3, p: 5, page: { offset: 1, limit: 1 }, total: 3, indices: [10] },
    { name: 'a page past the end', t: 3, p: 5, page: { offset: 5, limit: 60 }, total: 3, indices: [] },
  ])('$name', ({ t, p, page, total, indices }) => {
    const cell = confusionCellSamples(validation, labels, t, p, page);
    expect(cell.total).toBe(total);
    expect(cell.indices).toEqual(indices);
    expect(cell.labels).toEqual(indices.map(() => t));
    expect(cell.predicted).toEqual(indices.map(() => p));
    expect(cell.confidence).toEqual(indices.map((i) => validation.confidence[validation.indices.indexOf(i)]));
  });

  it('refuses predictions that do not line up with the indices', () => {
    expect(() => confusionCellSamples({ ...validation, predicted: [1] }, labels, 3, 5)).toThrow(/6 validation samples but 1 predictions/);
  });
});

describe('confusionCellSamples on a real run', () => {
  let mnist: InMemoryDataset;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerFastKernels(tf);
    mnist = await loadMnist();
  });

  it("every cell's list holds exactly evaluation.confusion[t][p] samples, each of that true and predicted class", async () => {
    const input = tf.input({ shape: [28, 28, 1] });
    const init = (seed: number) => tf.initializers.glorotUniform({ seed });
    let h = tf.layers.conv2d({ filters: 4, kernelSize: 5, strides: 2, activation: 'relu', kernelInitializer: init(1) }).apply(input) as tf.SymbolicTensor;
    h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(2) }).apply(h) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const dataset = takeFirst(mnist, 600);
    // Two epochs: the evaluation comes from the best epoch's weights (restored), the path that could disagree.
    const result = await train({ tf, model, dataset, settings: { epochs: 2, batchSize: 50, learningRate: 0.003, validationSplit: 0.25, seed: 11 } });
    model.dispose();
    const { confusion } = result.evaluation!;
    const v = result.validation!;
    expect(v.indices).toHaveLength(150);
    let listed = 0;
    let offDiagonal = 0;
    for (let t = 0; t < 10; t++)
      for (let p = 0; p < 10; p++) {
        const cell = confusionCellSamples(v, dataset.labels, t, p);
        expect(cell.total, `cell ${t}→${p}`).toBe(confusion[t][p]);
        expect(cell.indices).toHaveLength(confusion[t][p]);
        expect(new Set(cell.labels.concat(t))).toEqual(new Set([t]));
        expect(new Set(cell.predicted.concat(p))).toEqual(new Set([p]));
        for (let i = 1; i < cell.confidence.length; i++) expect(cell.confidence[i]).toBeLessThanOrEqual(cell.confidence[i - 1]);
        listed += cell.total;
        if (t !== p) offDiagonal += cell.total;
      }
    // Each validation sample lands in one cell; a short run leaves mistakes to list.
    expect(listed).toBe(150);
    expect(offDiagonal).toBeGreaterThan(0);
  });
});
