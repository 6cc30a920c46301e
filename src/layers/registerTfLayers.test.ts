// A saved model with custom layers loads in a fresh process only after registerCustomTfLayers (this file
// builds nothing, so no buildTf call has registered them as a side effect).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerCustomTfLayers, CUSTOM_TF_LAYER_CLASSES } from './registerTfLayers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// The Keras/tfjs "layers-model" topology of Input(4×4×1) → L2Pooling2D(2) → LocalResponseNormalization, as saved.
const topology = {
  class_name: 'Model',
  keras_version: 'tfjs-layers 4.22.0',
  backend: 'tensor_flow.js',
  config: {
    name: 'saved',
    layers: [
      { class_name: 'InputLayer', name: 'in', inbound_nodes: [], config: { batch_input_shape: [null, 4, 4, 1], dtype: 'float32', sparse: false, name: 'in' } },
      { class_name: 'L2Pooling2D', name: 'l2', inbound_nodes: [[['in', 0, 0, {}]]], config: { name: 'l2', trainable: true, poolSize: 2, strides: 2, pad: 0 } },
      {
        class_name: 'LocalResponseNormalization',
        name: 'lrn',
        inbound_nodes: [[['l2', 0, 0, {}]]],
        config: { name: 'lrn', trainable: true, depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 },
      },
    ],
    input_layers: [['in', 0, 0]],
    output_layers: [['lrn', 0, 0]],
  },
};
const load = () => tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs: [], weightData: new ArrayBuffer(0) }));

describe('registerCustomTfLayers', () => {
  it('is what makes a saved model with custom layers loadable', async () => {
    await expect(load()).rejects.toThrow(/L2Pooling2D/);
    registerCustomTfLayers(tf);
    registerCustomTfLayers(tf); // idempotent
    const model = await load();
    expect(model.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'L2Pooling2D', 'LocalResponseNormalization']);
    expect([...CUSTOM_TF_LAYER_CLASSES].sort()).toEqual(['AveragePooling2DIgnorePad', 'L2Pooling2D', 'LocalResponseNormalization', 'MaxPooling2DIgnorePad']);
    // One channel, so LRN sums only its own square: b = a / (2 + 1e-4·a²)^0.75 with a = √(1 + 4 + 9 + 16) per window.
    const x = tf.tensor4d([1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [1, 4, 4, 1]);
    const y = (model.predict(x) as tf.Tensor).dataSync();
    const a = Math.sqrt(30);
    expect(y[0]).toBeCloseTo(a / Math.pow(2 + 1e-4 * a * a, 0.75), 4);
    expect(y[3]).toBeCloseTo(Math.sqrt(1e-12) / Math.pow(2, 0.75), 6);
  });
});
