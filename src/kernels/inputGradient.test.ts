// A conv that reads the network's input: same outputs and weight gradients as tfjs' fused conv layer, no
// Conv2DBackpropInput in the backward pass, and still an input gradient when one is asked for (saliency).
// fedByWeights over small graphs: through weightless layers, past a conv, past a frozen layer.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fedByWeights, withoutInputGradient } from './inputGradient';
import { registerFastKernels } from './index';
import { relativeError } from './testing/compare';
import { templates } from '../templates';
import { buildTfModel } from '../train/buildTfModel';
import { crossEntropy } from '../train/loss';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf, { backends: ['cpu'] });
});
afterAll(() => tf.disposeVariables());

// fusedDx: tfjs' layer computes dx anyway (its fused conv; with an activation in the layer it runs unfused ops).
const CASES = [
  { name: 'LeNet C1: 5×5, 6 filters, valid, bias', x: [2, 12, 12, 1], conv: { filters: 6, kernelSize: 5, padding: 'valid' as const }, fusedDx: true },
  { name: '3×3 same, stride 2, no bias', x: [3, 9, 9, 3], conv: { filters: 4, kernelSize: 3, strides: 2, padding: 'same' as const, useBias: false }, fusedDx: true },
  { name: 'with an activation in the layer', x: [1, 7, 7, 2], conv: { filters: 3, kernelSize: 3, padding: 'same' as const, activation: 'relu' as const }, fusedDx: false },
];

/** The backward pass's kernel names and values: grads of Σ r·layer(x) for the layer's weights and, if asked, x. */
async function backward(layer: tf.layers.Layer, x: tf.Tensor, r: tf.Tensor, withInput: boolean) {
  const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const f = () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, r)) as tf.Scalar;
  let grads: tf.Tensor[] = [];
  const profile = await tf.profile(() => {
    grads = withInput ? tf.grads((a: tf.Tensor) => tf.sum(tf.mul(layer.apply(a) as tf.Tensor, r)))([x]) : Object.values(tf.variableGrads(f, weights).grads);
  });
  const values = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  return { kernels: profile.kernels.map((k) => k.name), values };
}

describe('withoutInputGradient', () => {
  it.each(CASES)('$name: the fused layer’s outputs and weight gradients, without Conv2DBackpropInput', async (c) => {
    const fused = tf.layers.conv2d(c.conv);
    const x = tf.randomUniform(c.x, -1, 1, 'float32', 3);
    const y = fused.apply(x) as tf.Tensor;
    const r = tf.randomUniform(y.shape, -1, 1, 'float32', 4);
    const plain = withoutInputGradient(tf, tf.layers.conv2d(c.conv));
    plain.apply(x);
    plain.setWeights(fused.getWeights());
    expect(relativeError((plain.apply(x) as tf.Tensor).dataSync(), y.dataSync())).toBeLessThan(1e-6);

    const want = await backward(fused, x, r, false);
    const got = await backward(plain, x, r, false);
    expect(want.kernels.includes('Conv2DBackpropInput')).toBe(c.fusedDx);
    expect(got.kernels).not.toContain('Conv2DBackpropInput');
    expect(got.kernels).toContain('Conv2DBackpropFilter');
    got.values.forEach((g, i) => expect(relativeError(g, want.values[i])).toBeLessThan(1e-5));

    // Asked for, the input gradient is still there (a saliency map), and equal.
    const [wantDx] = (await backward(fused, x, r, true)).values;
    const [gotDx] = (await backward(plain, x, r, true)).values;
    expect(relativeError(gotDx, wantDx)).toBeLessThan(1e-5);
  });
});

describe('fedByWeights', () => {
  it('is false through weightless layers, true past a conv or a frozen conv', () => {
    const input = tf.input({ shape: [8, 8, 1] });
    const padded = tf.layers.zeroPadding2d({ padding: 1 }).apply(input) as tf.SymbolicTensor;
    const c1 = tf.layers.conv2d({ filters: 2, kernelSize: 3 }).apply(padded) as tf.SymbolicTensor;
    const frozen = tf.layers.conv2d({ filters: 2, kernelSize: 3, trainable: false });
    const c2 = frozen.apply(input) as tf.SymbolicTensor;
    const relu = tf.layers.reLU().apply(c1) as tf.SymbolicTensor;
    expect(fedByWeights(input)).toBe(false);
    expect(fedByWeights(padded)).toBe(false);
    expect(fedByWeights(relu)).toBe(true);
    expect(fedByWeights(c2)).toBe(true);
  });

  it('LeNet-5 as built: its first conv runs no input gradient, the second does', async () => {
    const model = buildTfModel(templates.find((t) => t.id === 'lenet5')!.build().graph, tf);
    const [h, w, ch] = (model.inputs[0].shape as number[]).slice(1);
    const x = tf.randomUniform([2, h, w, ch], 0, 1, 'float32', 5);
    const y = tf.oneHot(tf.tensor1d([1, 7], 'int32'), model.outputs[0].shape[1] as number) as tf.Tensor2D;
    const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
    const profile = await tf.profile(() => {
      tf.dispose(tf.variableGrads(() => crossEntropy(tf, y, model.apply(x, { training: true }) as tf.Tensor2D), vars).grads);
    });
    const names = profile.kernels.map((k) => k.name);
    expect(names.filter((n) => n === 'Conv2DBackpropFilter')).toHaveLength(2);
    expect(names.filter((n) => n === 'Conv2DBackpropInput')).toHaveLength(1);
    model.dispose();
  });
});
