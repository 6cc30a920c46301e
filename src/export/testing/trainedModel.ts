// Test support: a template's tfjs model trained a few steps, so exported weights are not the initial ones
// (and BatchNormalization's moving statistics have moved).
import * as tf from '@tensorflow/tfjs';
import { buildTfModel } from '../../train/buildTfModel';
import { loadTemplates } from '../../project/templates';
import { parseImageBin } from '../../data/mnist';
import type { Graph } from '../../graph/schema';
import type { ProjectDoc } from '../../project/schema';

export async function templateDoc(id: string): Promise<ProjectDoc> {
  const t = (await loadTemplates()).find((x) => x.id === id);
  if (!t) throw new Error(`no template ${id}`);
  return t.makeDoc();
}

/** Where the embedded MNIST sample lies (tests read it: src/ itself never touches the file system). */
export const MNIST_BIN = 'resources/data/mnist-10k.bin';

/** Real MNIST digits (`bytes` = the MNIST_BIN file) as NHWC floats in 0…1 and one-hot labels. */
export function mnistBatch(bytes: Uint8Array, n: number, offset = 0): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const ds = parseImageBin(new Uint8Array(bytes));
  const size = 28 * 28;
  const xs = new Float32Array(n * size);
  for (let i = 0; i < n * size; i++) xs[i] = ds.images[offset * size + i] / 255;
  const labels = Array.from(ds.labels.subarray(offset, offset + n));
  return { x: tf.tensor4d(xs, [n, 28, 28, 1]), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 10) as tf.Tensor2D };
}

/** Seeded uniform inputs in [0, 1): images of the model's input shape. */
export function randomImages(n: number, [h, w, c]: number[], seed = 7): tf.Tensor4D {
  return tf.randomUniform([n, h, w, c], 0, 1, 'float32', seed) as tf.Tensor4D;
}

/** Builds the graph and runs a few SGD steps on (x, y) (random labels when y is absent). */
export async function trainedModel(graph: Graph, data?: { x: tf.Tensor4D; y: tf.Tensor2D }, steps = 2): Promise<tf.LayersModel> {
  const model = buildTfModel(graph, tf);
  const [h, w, c] = (model.inputs[0].shape as number[]).slice(1);
  const classes = model.outputs[0].shape[1] as number;
  const x = data?.x ?? randomImages(4, [h, w, c], 3);
  const y = data?.y ?? (tf.oneHot(tf.tensor1d(Array.from({ length: x.shape[0] }, (_, i) => i % classes), 'int32'), classes) as tf.Tensor2D);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  await model.fit(x, y, { epochs: steps, batchSize: x.shape[0], verbose: 0, shuffle: false });
  if (!data) tf.dispose([x, y]);
  return model;
}

/** Seeded uniform floats in [lo, hi) (mulberry32): ~100× faster than tf.randomUniform's seeded path, which matters at VGG's 138 M weights. */
function uniform(n: number, lo: number, hi: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let a = seed >>> 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

/**
 * Builds the graph and replaces every weight with seeded noise (moving variances and gammas in [0.5, 1.5],
 * biases and betas up to ±1.7): as far from the initial weights as training would take them.
 */
export function randomizedModel(graph: Graph, seed = 5): tf.LayersModel {
  const model = buildTfModel(graph, tf);
  let k = seed * 7919;
  const values = model.weights.map((w) => {
    const shape = w.shape as number[];
    const n = shape.reduce((a, b) => a * b, 1);
    const fanIn = shape.length > 1 ? shape.slice(0, -1).reduce((a, b) => a * b, 1) : 1;
    const scale = Math.sqrt(3 / fanIn);
    const positive = /moving_variance$|gamma$/.test(w.originalName);
    return tf.tensor(positive ? uniform(n, 0.5, 1.5, k++) : uniform(n, -scale, scale, k++), shape);
  });
  model.setWeights(values);
  tf.dispose(values);
  return model;
}

/**
 * randomizedModel, then real SGD steps on seeded random images and labels: every weight (and BatchNorm's
 * moving statistics) is what training left, not what the builder or the randomizer wrote. `batch` 1 keeps
 * the 224×224 templates affordable (one VGG-16 step ≈ 16 s on wasm with the fast kernels).
 */
export async function randomizedTrainedModel(graph: Graph, { steps = 1, batch = 2, learningRate = 1e-3, seed = 5 } = {}): Promise<tf.LayersModel> {
  const model = randomizedModel(graph, seed);
  const [h, w, c] = (model.inputs[0].shape as number[]).slice(1);
  const classes = model.outputs[0].shape[1] as number;
  const x = randomImages(batch, [h, w, c], seed + 100);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => (i * 7 + seed) % classes), 'int32'), classes) as tf.Tensor2D;
  model.compile({ optimizer: tf.train.sgd(learningRate), loss: 'categoricalCrossentropy' });
  await model.fit(x, y, { epochs: steps, batchSize: batch, verbose: 0, shuffle: false });
  tf.dispose([x, y]);
  return model;
}

export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** NHWC → NCHW data for ONNX / PyTorch inputs. */
export function toNchw(x: tf.Tensor4D): Float32Array {
  return tf.tidy(() => tf.transpose(x, [0, 3, 1, 2]).dataSync() as Float32Array);
}
