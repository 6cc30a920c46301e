// Calibration for int8 export: every layer's output range (MinMax, as onnxruntime's MinMaxCalibrater without a
// moving average) measured by running the float tfjs model on calibration images, read at each node's output
// tensor (the builder's node → tensor maps, builtNodesOf). Ranges do not depend on the layout, so the NHWC
// tfjs tensors give the ranges of the NCHW ONNX ones.
import type * as tfjs from '@tensorflow/tfjs';
import { builtNodesOf } from '../../train/buildTfModel';
import type { InMemoryDataset } from '../../data/dataset';
import { normalizeInPlace } from '../../train/batches';
import type { Range } from './onnxQdq';

/** Calibration (or validation) images as the model takes them: NHWC floats, normalised, n of them back to back. */
export interface ImageBatch {
  images: Float32Array;
  n: number;
}

/** `indices` of a dataset as model inputs: pixel/255, then the weights' normalisation (what training fed). */
export function modelInputs(ds: InMemoryDataset, indices: readonly number[], normalization?: { mean: number[]; std: number[] }): ImageBatch & { labels: Int32Array } {
  const size = ds.height * ds.width * ds.channels;
  const images = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  indices.forEach((s, i) => {
    labels[i] = ds.labels[s];
    for (let k = 0, off = s * size, o = i * size; k < size; k++) images[o + k] = ds.images[off + k] / 255;
  });
  normalizeInPlace(images, ds.channels, normalization ?? ds.normalization);
  return { images, n: indices.length, labels };
}

/** Evenly spread picks of `count` from `pool` (deterministic: the same images every export). */
export function spreadPick(pool: readonly number[], count: number): number[] {
  if (count >= pool.length) return [...pool];
  return Array.from({ length: count }, (_, i) => pool[Math.floor((i * pool.length) / count)]);
}

const BATCH = 32;

/** Each layer's output [min, max] over the images, keyed by tfjs layer name (= the flat graph's node name). */
export async function calibrateLayerRanges(tf: typeof tfjs, model: tfjs.LayersModel, batch: ImageBatch): Promise<Map<string, Range>> {
  const built = builtNodesOf(model);
  if (!built) throw new Error('calibration needs a model built by buildTfModel');
  // One probe output per tensor: a composite's output is its exit layer's, named twice.
  const namesOf = new Map<tfjs.SymbolicTensor, string[]>();
  for (const [id, sym] of [...built.nodeOutputs, ...built.innerOutputs]) {
    const name = built.nodeLayerNames.get(id) ?? built.innerLayerNames.get(id);
    if (name && sym !== model.inputs[0]) namesOf.set(sym, [...(namesOf.get(sym) ?? []), name]);
  }
  const tensors = [...namesOf.keys()];
  const probe = tf.model({ inputs: model.inputs, outputs: tensors });
  const [h, w, c] = (model.inputs[0].shape as number[]).slice(1);
  const size = h * w * c;
  if (batch.images.length < batch.n * size) throw new Error(`calibration images: expected ${batch.n}×${h}×${w}×${c} values`);
  const lo = new Float64Array(tensors.length).fill(Infinity);
  const hi = new Float64Array(tensors.length).fill(-Infinity);
  for (let start = 0; start < batch.n; start += BATCH) {
    const b = Math.min(BATCH, batch.n - start);
    const stats = tf.tidy(() => {
      const x = tf.tensor4d(batch.images.subarray(start * size, (start + b) * size), [b, h, w, c]);
      const ys = probe.predict(x) as tfjs.Tensor | tfjs.Tensor[];
      const outs = Array.isArray(ys) ? ys : [ys];
      return tf.stack(outs.flatMap((y) => [y.min(), y.max()]));
    });
    const v = await stats.data();
    stats.dispose();
    for (let k = 0; k < tensors.length; k++) {
      lo[k] = Math.min(lo[k], v[2 * k]);
      hi[k] = Math.max(hi[k], v[2 * k + 1]);
    }
  }
  const ranges = new Map<string, Range>(tensors.flatMap((t, k) => namesOf.get(t)!.map((l) => [l, [lo[k], hi[k]] as const])));
  let inLo = Infinity;
  let inHi = -Infinity;
  for (let i = 0; i < batch.n * size; i++) {
    inLo = Math.min(inLo, batch.images[i]);
    inHi = Math.max(inHi, batch.images[i]);
  }
  ranges.set(INPUT_RANGE_KEY, [inLo, inHi]);
  return ranges;
}

/** Where calibrateLayerRanges puts the input images' own range. */
export const INPUT_RANGE_KEY = '\u0000input';
