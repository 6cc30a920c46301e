// The network's whole softmax row for each sample of a set, in batches (src/train/evaluateModel.ts predictSet
// keeps only the top-1): what evaluatePredictions needs for ROC/PR curves and calibration. Batches are built by
// makeBatch, so the input is scaled and normalised exactly as in training (the dataset's `normalization`); a
// streamed dataset reads just each batch's pixels.
import type * as tfjs from '@tensorflow/tfjs';
import { gatherSamples, type TrainingDataset } from '../data/dataset';
import { makeBatch } from '../train/batches';
import { yieldToEventLoop } from '../train/control';

export interface ProbabilityRows {
  /** indices.length × classes, row-major, in the order of `indices`. */
  probabilities: Float32Array;
  truth: Int32Array;
  /** The network's output width. */
  classes: number;
}

export async function predictProbabilities(
  tf: typeof tfjs,
  model: tfjs.LayersModel,
  ds: TrainingDataset,
  indices: number[],
  batchSize: number,
  onProgress?: (done: number, total: number) => void,
): Promise<ProbabilityRows> {
  const n = indices.length;
  const truth = new Int32Array(n);
  let probabilities = new Float32Array(0);
  let classes = 0;
  for (let start = 0; start < n; start += Math.max(1, batchSize)) {
    const idx = indices.slice(start, start + Math.max(1, batchSize));
    const part = await gatherSamples(ds, idx);
    const batch = makeBatch(tf, part.ds, part.indices);
    const p = tf.tidy(() => model.predict(batch.x) as tfjs.Tensor2D);
    tf.dispose([batch.x, batch.y]);
    const rows = await p.data();
    const width = p.shape[1];
    p.dispose();
    if (!classes) {
      classes = width;
      probabilities = new Float32Array(n * classes);
    }
    probabilities.set(rows, start * classes);
    truth.set(batch.labels, start);
    onProgress?.(start + idx.length, n);
    await yieldToEventLoop();
  }
  return { probabilities, truth, classes };
}
