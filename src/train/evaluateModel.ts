// Forward pass over a set of samples in batches: mean cross-entropy, accuracy, and each sample's
// predicted class and confidence (for the confusion matrix and the validation grid).
import type * as tfjs from '@tensorflow/tfjs';
import { gatherSamples, type TrainingDataset } from '../data/dataset';
import { makeBatch } from './batches';
import { crossEntropy } from './loss';
import { yieldToEventLoop } from './control';

export interface Predictions {
  loss: number;
  acc: number;
  truth: Int32Array;
  predicted: Int32Array;
  confidence: Float32Array;
}

export async function predictSet(tf: typeof tfjs, model: tfjs.LayersModel, ds: TrainingDataset, indices: number[], batchSize: number): Promise<Predictions> {
  const n = indices.length;
  const truth = new Int32Array(n);
  const predicted = new Int32Array(n);
  const confidence = new Float32Array(n);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    const idx = indices.slice(start, start + batchSize);
    const part = await gatherSamples(ds, idx); // streamed datasets read just this batch
    const batch = makeBatch(tf, part.ds, part.indices);
    const [lossT, argT, maxT] = tf.tidy(() => {
      const p = model.predict(batch.x) as tfjs.Tensor2D;
      return [tf.mul(crossEntropy(tf, batch.y, p), idx.length), tf.argMax(p, 1), tf.max(p, 1)];
    });
    const [l, arg, mx] = await Promise.all([lossT.data(), argT.data(), maxT.data()]);
    tf.dispose([lossT, argT, maxT, batch.x, batch.y]);
    lossSum += l[0];
    for (let i = 0; i < idx.length; i++) {
      truth[start + i] = batch.labels[i];
      predicted[start + i] = arg[i];
      confidence[start + i] = mx[i];
      if (arg[i] === batch.labels[i]) correct++;
    }
    await yieldToEventLoop();
  }
  return { loss: n ? lossSum / n : NaN, acc: n ? correct / n : NaN, truth, predicted, confidence };
}
