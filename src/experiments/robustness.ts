// The robustness lab's evaluation (issue #17): accuracy and the true class's mean probability of a trained
// model on transformed copies of a set of images, one curve per transform over its magnitudes; and how similar
// each layer's activations stay (cosine to the untransformed image's) as the image shifts. The model is any
// batch → probabilities function (tfPredictor wraps a tfjs model; tfjs is passed in, no backend is imported).
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph } from '../graph/schema';
import { normalizeInPlace } from '../train/batches';
import { mulberry32, type Random } from '../train/random';
import { nodeTensors, type Tf } from '../learn/nodeTensors';
import { analysisOf } from '../learn/activations';
import type { ImageTransform } from './transforms';
import { shift } from './transforms';

/** n images HWC back to back (n·h·w·c values) → n·classes probabilities. */
export type PredictBatch = (images: Float32Array, n: number) => Promise<Float32Array>;

export interface RobustnessImages {
  /** n images, HWC, in pixel scale 0..1 (pixel/255), back to back. */
  data: Float32Array;
  n: number;
  height: number;
  width: number;
  channels: number;
  labels: ArrayLike<number>;
  /** The weights' normalisation, applied after each transform (as training applies it). */
  normalization?: { mean: number[]; std: number[] };
}

export interface RobustnessCurve {
  transform: string;
  values: number[];
  accuracy: number[];
  meanTrueProb: number[];
}

export interface RobustnessResult {
  /** On the untransformed images. */
  accuracy: number;
  meanTrueProb: number;
  curves: RobustnessCurve[];
}

export interface RobustnessOptions {
  /** Each transform's magnitudes (by id); its own defaults otherwise. */
  magnitudes?: Partial<Record<string, readonly number[]>>;
  /** Seeds the random transforms (noise): the same seed gives the same curves. */
  seed?: number;
  batchSize?: number;
  /** After each (transform, magnitude) is done: how many of all are. */
  onProgress?(done: number, total: number): void;
}

/** The generator for one (transform, magnitude, image): curves do not depend on the batch size or order. */
export function imageRandom(seed: number, transform: number, magnitude: number, image: number): Random {
  return mulberry32((seed ^ Math.imul(transform + 1, 0x9e3779b1) ^ Math.imul(magnitude + 1, 0x85ebca6b) ^ Math.imul(image + 1, 0xc2b2ae35)) >>> 0);
}

/** Image i of the set, transformed and normalised, written into `out` at `offset`. */
function prepared(set: RobustnessImages, i: number, t: ImageTransform | undefined, m: number, rng: Random, out: Float32Array, offset: number): void {
  const size = set.height * set.width * set.channels;
  const img = set.data.subarray(i * size, (i + 1) * size);
  const x = t ? t.apply(img, set.height, set.width, set.channels, m, rng) : Float32Array.from(img);
  out.set(normalizeInPlace(x, set.channels, set.normalization), offset);
}

/** Correct count and the true class's probability sum for one batch's probabilities. */
function score(probs: Float32Array, classes: number, labels: ArrayLike<number>, from: number, n: number): { correct: number; trueProb: number } {
  let correct = 0;
  let trueProb = 0;
  for (let j = 0; j < n; j++) {
    const row = j * classes;
    let best = 0;
    for (let k = 1; k < classes; k++) if (probs[row + k] > probs[row + best]) best = k;
    const label = labels[from + j];
    if (best === label) correct++;
    trueProb += probs[row + label];
  }
  return { correct, trueProb };
}

/** Accuracy and mean true-class probability of `predict` on the set with one transform at one magnitude (none: untransformed). */
async function evaluate(predict: PredictBatch, set: RobustnessImages, classes: number, t: ImageTransform | undefined, ti: number, mi: number, m: number, seed: number, batchSize: number): Promise<{ accuracy: number; meanTrueProb: number }> {
  const size = set.height * set.width * set.channels;
  const buf = new Float32Array(Math.min(batchSize, set.n) * size);
  let correct = 0;
  let trueProb = 0;
  for (let from = 0; from < set.n; from += batchSize) {
    const n = Math.min(batchSize, set.n - from);
    for (let j = 0; j < n; j++) prepared(set, from + j, t, m, imageRandom(seed, ti, mi, from + j), buf, j * size);
    const probs = await predict(n === buf.length / size ? buf : buf.subarray(0, n * size), n);
    const s = score(probs, classes, set.labels, from, n);
    correct += s.correct;
    trueProb += s.trueProb;
  }
  return { accuracy: set.n ? correct / set.n : 0, meanTrueProb: set.n ? trueProb / set.n : 0 };
}

/** Accuracy and the true class's mean probability against each transform's magnitudes. */
export async function robustnessCurves(predict: PredictBatch, set: RobustnessImages, classes: number, transforms: readonly ImageTransform[], options: RobustnessOptions = {}): Promise<RobustnessResult> {
  const seed = options.seed ?? 0;
  const batchSize = options.batchSize ?? 256;
  const base = await evaluate(predict, set, classes, undefined, -1, -1, 0, seed, batchSize);
  const plan = transforms.map((t) => ({ t, values: [...(options.magnitudes?.[t.id] ?? t.magnitudes)] }));
  const total = plan.reduce((s, p) => s + p.values.length, 0);
  let done = 0;
  const curves: RobustnessCurve[] = [];
  for (const [ti, { t, values }] of plan.entries()) {
    const curve: RobustnessCurve = { transform: t.id, values, accuracy: [], meanTrueProb: [] };
    for (const [mi, m] of values.entries()) {
      // The identity magnitude leaves every image unchanged (transforms.test.ts checks each): the untransformed result.
      const r = m === t.identity ? base : await evaluate(predict, set, classes, t, ti, mi, m, seed, batchSize);
      curve.accuracy.push(r.accuracy);
      curve.meanTrueProb.push(r.meanTrueProb);
      options.onProgress?.(++done, total);
    }
    curves.push(curve);
  }
  return { accuracy: base.accuracy, meanTrueProb: base.meanTrueProb, curves };
}

/** A tfjs model as a PredictBatch: the whole batch in one graph run and one tf.tidy, the probabilities read asynchronously. */
export function tfPredictor(tf: Tf, model: tfjs.LayersModel): PredictBatch {
  const shape = model.inputs[0].shape.slice(1).map((d) => d ?? 1);
  return async (images, n) => {
    const y = tf.tidy(() => {
      // batchSize n: predict's default (32) slices the batch and runs the graph per slice, 5× slower for LeNet-5.
      const out = model.predict(tf.tensor4d(images, [n, ...shape] as [number, number, number, number]), { batchSize: n });
      return Array.isArray(out) ? out[0] : out;
    });
    try {
      return (await y.data()) as Float32Array;
    } finally {
      y.dispose();
    }
  };
}

export interface LayerSimilarity {
  nodeId: string;
  /** Mean over the images of cos(activation of the shifted image, activation of the original), per shift. */
  similarity: number[];
}

/** cos(a, b) = a·b / (|a| |b|); 1 when both are all zeros (nothing changed), 0 when only one is. */
export function cosine(a: Float32Array, b: Float32Array, from: number, to: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = from; i < to; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 && nb === 0) return 1;
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}

/**
 * Per layer, the mean cosine similarity of its activations for the image shifted by each of `shifts` pixels
 * (along x, or y with axis 'y') to its activations for the untransformed image: how shift-invariant each layer
 * is (Zhang, "Making convolutional networks shift-invariant again", ICML 2019, measures the same with cosine).
 * Layers: every top-level node after the Input, read from the model's own tensors (src/learn/nodeTensors).
 */
export async function activationSimilarity(tf: Tf, graph: Graph, model: tfjs.LayersModel, set: RobustnessImages, shifts: readonly number[], options: { axis?: 'x' | 'y'; batchSize?: number } = {}): Promise<LayerSimilarity[]> {
  const analysis = analysisOf(graph);
  const { outputs } = nodeTensors(graph, model);
  const inputId = model.inputs[0].id;
  const nodes = analysis.order.map((id) => ({ id, sym: outputs.get(id) })).filter((n): n is { id: string; sym: tfjs.SymbolicTensor } => !!n.sym && n.sym.id !== inputId);
  const probe = tf.model({ inputs: model.inputs, outputs: nodes.map((n) => n.sym), name: 'cnn_studio_similarity_probe' });
  const size = set.height * set.width * set.channels;
  const batchSize = options.batchSize ?? 128;
  const sums = nodes.map(() => shifts.map(() => 0));
  const run = async (buf: Float32Array, n: number): Promise<Float32Array[]> => {
    const ys = tf.tidy(() => {
      const out = probe.predict(tf.tensor4d(buf.subarray(0, n * size), [n, set.height, set.width, set.channels]), { batchSize: n });
      return Array.isArray(out) ? out : [out];
    });
    try {
      return (await Promise.all(ys.map((y) => y.data()))) as Float32Array[];
    } finally {
      for (const y of ys) y.dispose();
    }
  };
  const buf = new Float32Array(Math.min(batchSize, set.n) * size);
  for (let from = 0; from < set.n; from += batchSize) {
    const n = Math.min(batchSize, set.n - from);
    for (let j = 0; j < n; j++) prepared(set, from + j, undefined, 0, () => 0, buf, j * size);
    const base = await run(buf, n);
    for (const [si, s] of shifts.entries()) {
      for (let j = 0; j < n; j++) {
        const img = set.data.subarray((from + j) * size, (from + j + 1) * size);
        const moved = options.axis === 'y' ? shift(img, set.height, set.width, set.channels, 0, s) : shift(img, set.height, set.width, set.channels, s, 0);
        buf.set(normalizeInPlace(moved, set.channels, set.normalization), j * size);
      }
      const acts = await run(buf, n);
      for (const [li, a] of acts.entries()) {
        const per = a.length / n;
        for (let j = 0; j < n; j++) sums[li][si] += cosine(a, base[li], j * per, (j + 1) * per);
      }
    }
  }
  return nodes.map((node, li) => ({ nodeId: node.id, similarity: sums[li].map((s) => (set.n ? s / set.n : 0)) }));
}
