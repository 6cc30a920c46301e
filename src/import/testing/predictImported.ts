// What an importer's result predicts: the imported graph built again with the imported weights, the way the
// app rebuilds an opened model. The round-trip tests compare this with the exported model's predictions.
import type * as tfjs from '@tensorflow/tfjs';
import type { ImportResult } from '../importModel';
import { buildTfModel } from '../../train/buildTfModel';
import { applyWeights } from '../../train/applyWeights';

export function predictImported(tf: typeof tfjs, r: ImportResult, x: tfjs.Tensor4D): Float32Array {
  if (!r.weights) throw new Error(`${r.doc.name}: the import brought no weights to predict with`);
  const rebuilt = buildTfModel(r.doc.graph, tf);
  try {
    applyWeights(tf, rebuilt, r.weights);
    return tf.tidy(() => (rebuilt.predict(x) as tfjs.Tensor).dataSync() as Float32Array);
  } finally {
    rebuilt.dispose();
  }
}
