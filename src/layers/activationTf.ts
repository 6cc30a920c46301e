// Fused activations are built as a separate tfjs layer so export formats see one op each.
import type * as tfjs from '@tensorflow/tfjs';
import type { ActivationName } from './spatial';

export function applyTfActivation(tf: typeof tfjs, act: ActivationName, x: tfjs.SymbolicTensor, name: string): tfjs.SymbolicTensor {
  if (act === 'linear') return x;
  if (act === 'leakyRelu') return tf.layers.leakyReLU({ alpha: 0.2, name: `${name}_act` }).apply(x) as tfjs.SymbolicTensor;
  return tf.layers.activation({ activation: act, name: `${name}_act` }).apply(x) as tfjs.SymbolicTensor;
}
