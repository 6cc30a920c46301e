// Categorical cross-entropy on the Output node's softmax probabilities:
//   L = −(1/B) Σ_b Σ_k y_bk · log(clip(p_bk, ε, 1−ε)),  ε = 1e-7 as in Keras (keeps log finite).
import type * as tfjs from '@tensorflow/tfjs';

const EPSILON = 1e-7;

export function crossEntropy(tf: typeof tfjs, yTrue: tfjs.Tensor2D, probs: tfjs.Tensor2D): tfjs.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.log(tf.clipByValue(probs, EPSILON, 1 - EPSILON))), 1))) as tfjs.Scalar);
}

/** ½·λ·Σ‖W‖² over the kernels (not biases or BatchNorm), so its gradient is λ·W: classic weight decay. */
export function l2Penalty(tf: typeof tfjs, kernels: tfjs.Variable[], lambda: number): tfjs.Scalar {
  return tf.tidy(() => tf.mul(0.5 * lambda, tf.addN(kernels.map((k) => tf.sum(tf.square(k))))));
}
