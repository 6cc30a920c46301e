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

/**
 * Builds the graph and replaces every weight with seeded noise (moving variances in [0.5, 1.5]): as far from
 * the initial weights as training would take them, without minutes of CPU backprop for the larger nets.
 */
export function randomizedModel(graph: Graph, seed = 5): tf.LayersModel {
  const model = buildTfModel(graph, tf);
  let k = seed;
  model.setWeights(
    model.weights.map((w) => {
      const shape = w.shape as number[];
      const fanIn = shape.length > 1 ? shape.slice(0, -1).reduce((a, b) => a * b, 1) : 1;
      const scale = Math.sqrt(3 / fanIn);
      if (/moving_variance$/.test(w.originalName)) return tf.randomUniform(shape, 0.5, 1.5, 'float32', k++);
      if (/gamma$/.test(w.originalName)) return tf.randomUniform(shape, 0.5, 1.5, 'float32', k++);
      return tf.randomUniform(shape, -scale, scale, 'float32', k++);
    }),
  );
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
