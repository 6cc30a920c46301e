// The robustness curves on real MNIST digits and the trained LeNet-5 fixture equal a direct computation —
// each image transformed by hand, normalised, predicted alone — and repeat exactly with the same seed.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../kernels/index';
import { loadMnist } from '../../node/data/ensureMnist';
import type { InMemoryDataset } from '../data/dataset';
import { lenet5 } from '../templates/lenet5';
import type { BuiltModel } from '../train/buildTfModel';
import { normalizeInPlace } from '../train/batches';
import { trainedLenet5 } from '../learn/testNets';
import { layerActivations } from '../learn/activations';
import { activationSimilarity, cosine, imageRandom, robustnessCurves, tfPredictor, type RobustnessImages } from './robustness';
import { shift, transformById, type ImageTransform } from './transforms';

const graph = lenet5().graph;
let mnist: InMemoryDataset;
let built: BuiltModel;
let set: RobustnessImages;
const N = 48;
const FROM = 1000; // not among the 256 the fixture trained on

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  mnist = await loadMnist();
  built = await trainedLenet5(tf, mnist, graph);
  const data = new Float32Array(N * 784);
  for (let i = 0; i < data.length; i++) data[i] = mnist.images[FROM * 784 + i] / 255;
  set = { data, n: N, height: 28, width: 28, channels: 1, labels: mnist.labels.slice(FROM, FROM + N), normalization: mnist.normalization };
}, 120_000);

/** Image by image: transform, normalise, predict one; accuracy and mean true-class probability. */
function direct(t: ImageTransform | undefined, m: number, ti: number, mi: number, seed: number) {
  let correct = 0;
  let trueProb = 0;
  for (let i = 0; i < N; i++) {
    const img = set.data.slice(i * 784, (i + 1) * 784);
    const x = normalizeInPlace(t ? t.apply(img, 28, 28, 1, m, imageRandom(seed, ti, mi, i)) : img, 1, set.normalization);
    const p = tf.tidy(() => (built.model.predict(tf.tensor4d(x, [1, 28, 28, 1])) as tf.Tensor).dataSync());
    const best = Array.from(p).indexOf(Math.max(...p));
    if (best === set.labels[i]) correct++;
    trueProb += p[set.labels[i]];
  }
  return { accuracy: correct / N, meanTrueProb: trueProb / N };
}

const picked = ['shiftX', 'rotation', 'stroke', 'noise', 'occlusion'].map((id) => transformById(id)!);
const magnitudes = { shiftX: [-3, 0, 2], rotation: [-30, 0, 15], stroke: [-1, 0, 1], noise: [0, 0.2, 0.5], occlusion: [0, 8, 14] };

describe('robustnessCurves (trained LeNet-5, real digits)', () => {
  it('every point equals the direct computation to 1e-6; the identity points equal the untransformed accuracy', { timeout: 120_000 }, async () => {
    const r = await robustnessCurves(tfPredictor(tf, built.model), set, 10, picked, { magnitudes, seed: 7, batchSize: 20 });
    const base = direct(undefined, 0, -1, -1, 7);
    expect(r.accuracy).toBe(base.accuracy);
    expect(r.meanTrueProb).toBeCloseTo(base.meanTrueProb, 6);
    expect(r.accuracy).toBeGreaterThan(0.15); // above chance (0.1): the fixture (one epoch on 256 digits) has learned something
    expect(r.curves.map((c) => c.transform)).toEqual(picked.map((t) => t.id));
    for (const [ti, curve] of r.curves.entries()) {
      const t = picked[ti];
      expect(curve.values).toEqual(magnitudes[t.id as keyof typeof magnitudes]);
      for (const [mi, m] of curve.values.entries()) {
        const d = direct(t, m, ti, mi, 7);
        expect(curve.accuracy[mi], `${t.id} ${m}`).toBe(d.accuracy);
        expect(Math.abs(curve.meanTrueProb[mi] - d.meanTrueProb), `${t.id} ${m}`).toBeLessThanOrEqual(1e-6);
        if (m === t.identity) expect(curve.accuracy[mi]).toBe(r.accuracy);
      }
    }
  });

  it('the same seed gives identical curves (whatever the batch size); another seed changes the noise curve only', { timeout: 120_000 }, async () => {
    const predict = tfPredictor(tf, built.model);
    const opts = { magnitudes: { noise: [0.3, 0.6], shiftX: [2] } };
    const two = [transformById('noise')!, transformById('shiftX')!];
    const a = await robustnessCurves(predict, set, 10, two, { ...opts, seed: 1, batchSize: 16 });
    const b = await robustnessCurves(predict, set, 10, two, { ...opts, seed: 1, batchSize: 48 });
    const c = await robustnessCurves(predict, set, 10, two, { ...opts, seed: 2, batchSize: 16 });
    expect(b.curves.map((x) => x.accuracy)).toEqual(a.curves.map((x) => x.accuracy));
    for (const [i, x] of b.curves.entries()) for (const [k, p] of x.meanTrueProb.entries()) expect(Math.abs(p - a.curves[i].meanTrueProb[k])).toBeLessThanOrEqual(1e-6);
    expect(c.curves[0].meanTrueProb).not.toEqual(a.curves[0].meanTrueProb);
    expect(c.curves[1]).toEqual(a.curves[1]);
  });
});

describe('activationSimilarity', () => {
  it('per layer, the mean cosine to the unshifted image’s activations equals layerActivations image by image', { timeout: 120_000 }, async () => {
    const few = { ...set, n: 6 };
    const shifts = [-2, 0, 3];
    const sims = await activationSimilarity(tf, graph, built.model, few, shifts, { batchSize: 4 });
    expect(sims.map((s) => s.nodeId)).toEqual(built.analysis.order.filter((id) => id !== built.analysis.inputNodeId));
    const want = sims.map(() => shifts.map(() => 0));
    for (let i = 0; i < few.n; i++) {
      const img = few.data.slice(i * 784, (i + 1) * 784);
      const base = await layerActivations(tf, graph, built.model, normalizeInPlace(Float32Array.from(img), 1, few.normalization));
      for (const [si, s] of shifts.entries()) {
        const moved = await layerActivations(tf, graph, built.model, normalizeInPlace(shift(img, 28, 28, 1, s, 0), 1, few.normalization));
        for (const [li, sim] of sims.entries()) {
          const a = moved.find((x) => x.nodeId === sim.nodeId)!.data;
          const b = base.find((x) => x.nodeId === sim.nodeId)!.data;
          want[li][si] += cosine(a, b, 0, a.length) / few.n;
        }
      }
    }
    for (const [li, sim] of sims.entries()) {
      expect(sim.similarity[1]).toBeCloseTo(1, 6);
      for (const [si] of shifts.entries()) expect(Math.abs(sim.similarity[si] - want[li][si]), `${sim.nodeId} ${shifts[si]}`).toBeLessThanOrEqual(1e-6);
    }
    // Shifting by 3 px changes the flattened and dense layers more than the first conv's maps… at least it changes them.
    expect(sims.at(-1)!.similarity[2]).toBeLessThan(1);
  });
});
