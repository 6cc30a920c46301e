// Every layer's shape rule and parameter count agree with the tfjs layer it builds (CPU backend).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { layers, getLayer } from './registry';
import type { Shape } from '../graph/schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// [type, params, input shape]
const cases: [string, Record<string, unknown>, Shape][] = [
  ['Conv2D', { filters: 6, kernelSize: 5 }, [32, 32, 3]],
  ['Conv2D', { filters: 4, kernelSize: 3, strides: 2, padding: 1 }, [5, 5, 2]],
  ['Conv2D', { filters: 4, kernelSize: 3, strides: 2, padding: 'same', dilation: 1, activation: 'relu' }, [9, 9, 2]],
  ['Conv2D', { filters: 3, kernelSize: 3, dilation: 2, useBias: false }, [11, 11, 2]],
  ['DepthwiseConv2D', { kernelSize: 3, depthMultiplier: 2 }, [8, 8, 3]],
  ['DepthwiseConv2D', { kernelSize: 3, strides: 2, padding: 'valid' }, [9, 9, 3]],
  ['Activation', { activation: 'leakyRelu', alpha: 0.1 }, [4, 4, 2]],
  ['Activation', { activation: 'elu' }, [6]],
  ['Activation', { activation: 'softmax' }, [6]],
  ['MaxPooling2D', { poolSize: 2 }, [28, 28, 6]],
  ['MaxPooling2D', { poolSize: 3, strides: 2, padding: 'same' }, [112, 112, 8]],
  ['MaxPooling2D', { poolSize: 3, strides: 2, padding: 1 }, [9, 9, 2]],
  ['AveragePooling2D', { poolSize: 2, strides: 1 }, [5, 5, 2]],
  ['L2Pooling2D', { poolSize: 2 }, [8, 8, 3]],
  ['L2Pooling2D', { poolSize: 3, strides: 2, padding: 'same' }, [7, 7, 2]],
  ['GlobalAveragePooling2D', {}, [7, 7, 5]],
  ['GlobalMaxPooling2D', {}, [7, 7, 5]],
  ['ZeroPadding2D', { padding: 2 }, [28, 28, 1]],
  ['Flatten', {}, [5, 5, 16]],
  ['Dense', { units: 120, activation: 'relu' }, [400]],
  ['Dense', { units: 10, useBias: false }, [84]],
  ['Dropout', { rate: 0.3 }, [4, 4, 2]],
  ['BatchNormalization', {}, [8, 8, 16]],
  ['LocalResponseNormalization', {}, [13, 13, 8]],
  ['Output', { classes: 10 }, [84]],
];

describe('each layer equals its tfjs build in output shape and parameter count', () => {
  it('covers every single-input, non-composite layer in the registry', () => {
    const covered = new Set(cases.map((c) => c[0]));
    const missing = layers.filter((l) => l.arity.max === 1 && l.arity.min === 1 && !l.expand && !covered.has(l.type));
    expect(missing.map((l) => l.type)).toEqual([]);
  });

  it.each(cases)('%s %j on %j', (type, params, input) => {
    const def = getLayer(type)!;
    const p = def.schema.parse(params);
    const r = def.outputShape(p, [input]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const x = tf.input({ shape: input });
    const model = tf.model({ inputs: x, outputs: def.buildTf!({ tf, name: 'layer' }, p, [x]) });
    expect(model.outputs[0].shape.slice(1)).toEqual(r.shape);
    const count = def.paramCount(p, [input], r.shape);
    expect(count.trainable + count.nonTrainable).toBe(model.countParams());
    const y = tf.tidy(() => (model.predict(tf.randomNormal([2, ...input])) as tf.Tensor).shape);
    expect(y.slice(1)).toEqual(r.shape);
    model.dispose();
  });

  it.each([
    ['Add', [[4, 4, 8], [4, 4, 8]], [4, 4, 8]],
    ['Concatenate', [[4, 4, 8], [4, 4, 3], [4, 4, 1]], [4, 4, 12]],
  ])('%s of %j → %j (tfjs agrees)', (type, inputs, out) => {
    const def = getLayer(type)!;
    const r = def.outputShape({}, inputs as Shape[]);
    expect(r.ok && r.shape).toEqual(out);
    const xs = (inputs as Shape[]).map((s) => tf.input({ shape: s }));
    const model = tf.model({ inputs: xs, outputs: def.buildTf!({ tf, name: 'merge' }, {}, xs) });
    expect(model.outputs[0].shape.slice(1)).toEqual(out);
  });
});

describe('custom layers compute what the lecture defines', () => {
  it('L2 pooling is √(Σ x²) over each window', () => {
    const def = getLayer('L2Pooling2D')!;
    const x = tf.input({ shape: [2, 2, 1] });
    const model = tf.model({ inputs: x, outputs: def.buildTf!({ tf, name: 'l2' }, def.schema.parse({ poolSize: 2 }), [x]) });
    const y = (model.predict(tf.tensor4d([3, 4, 0, 12], [1, 2, 2, 1])) as tf.Tensor).dataSync();
    expect(y[0]).toBeCloseTo(13, 4); // √(9 + 16 + 0 + 144)
  });

  it('LRN is a / (k + α·Σ a²)^β across n neighbouring channels', () => {
    const def = getLayer('LocalResponseNormalization')!;
    const p = def.schema.parse({ size: 3, k: 2, alpha: 0.1, beta: 0.75 });
    const x = tf.input({ shape: [1, 1, 3] });
    const model = tf.model({ inputs: x, outputs: def.buildTf!({ tf, name: 'lrn' }, p, [x]) });
    const a = [1, 2, 3];
    const y = (model.predict(tf.tensor4d(a, [1, 1, 1, 3])) as tf.Tensor).dataSync();
    const expected = a.map((v, c) => {
      const s = a.slice(Math.max(0, c - 1), c + 2).reduce((acc, u) => acc + u * u, 0);
      return v / Math.pow(2 + 0.1 * s, 0.75);
    });
    expected.forEach((e, i) => expect(y[i]).toBeCloseTo(e, 5));
  });

  it('custom layers survive a save/load round trip', async () => {
    const x = tf.input({ shape: [8, 8, 3] });
    const l2 = getLayer('L2Pooling2D')!;
    const lrn = getLayer('LocalResponseNormalization')!;
    const h = lrn.buildTf!({ tf, name: 'lrn' }, lrn.schema.parse({}), [x]);
    const model = tf.model({ inputs: x, outputs: l2.buildTf!({ tf, name: 'l2' }, l2.schema.parse({}), [h]) });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const input = tf.randomUniform([1, 8, 8, 3]);
    const d = tf.sub(model.predict(input) as tf.Tensor, loaded.predict(input) as tf.Tensor).abs().max().dataSync()[0];
    expect(d).toBeLessThan(1e-6);
  });
});
