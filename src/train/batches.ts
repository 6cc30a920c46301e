// Mini-batches as tensors: uint8 HWC samples → float32 [b,h,w,c] in 0..1 (augmented when asked),
// labels → one-hot [b, classes]. The caller disposes both.
import type * as tfjs from '@tensorflow/tfjs';
import type { InMemoryDataset } from '../data/dataset';
import { augmentSample, isIdentity, type Augmentation } from './augment';
import type { Random } from './random';

export interface Batch {
  x: tfjs.Tensor4D;
  y: tfjs.Tensor2D;
  labels: Int32Array;
}

export function makeBatch(tf: typeof tfjs, ds: InMemoryDataset, indices: ArrayLike<number>, aug?: { a: Augmentation; rand: Random }): Batch {
  const { height: h, width: w, channels: c } = ds;
  const size = h * w * c;
  const b = indices.length;
  const xs = new Float32Array(b * size);
  const labels = new Int32Array(b);
  const augment = aug && !isIdentity(aug.a) ? aug : undefined;
  for (let i = 0; i < b; i++) {
    const s = indices[i];
    labels[i] = ds.labels[s];
    if (augment) augmentSample(ds.images, s * size, h, w, c, augment.a, augment.rand, xs, i * size);
    else for (let k = 0, off = s * size, o = i * size; k < size; k++) xs[o + k] = ds.images[off + k] / 255;
  }
  normalizeInPlace(xs, c, ds.normalization);
  const classes = ds.classNames.length;
  const oneHot = new Float32Array(b * classes);
  for (let i = 0; i < b; i++) oneHot[i * classes + labels[i]] = 1;
  return { x: tf.tensor4d(xs, [b, h, w, c]), y: tf.tensor2d(oneHot, [b, classes]), labels };
}

/** x = (x − mean[c]) / std[c] over HWC floats already in 0..1; nothing to do for the identity (0..1 input). */
export function normalizeInPlace(xs: Float32Array, channels: number, n?: { mean: number[]; std: number[] }): Float32Array {
  if (!n || (n.mean.every((m) => m === 0) && n.std.every((s) => s === 1))) return xs;
  const scale = n.std.map((s) => 1 / s);
  for (let i = 0; i < xs.length; i += channels) for (let k = 0; k < channels; k++) xs[i + k] = (xs[i + k] - n.mean[k]) * scale[k];
  return xs;
}
