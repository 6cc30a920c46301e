// Layers' shape rules and parameter counts agree with the tfjs layers they build (CPU backend), on hand-picked
// params; every registered layer is also checked with its defaults in src/import/everyLayerRoundTrip.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { getPrimitiveLayer } from './registry';
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
  ['DepthwiseConv2D', { kernelSize: 3, padding: 1, useBias: false, activation: 'relu' }, [6, 6, 4]],
  ['Conv2D', { filters: 2, kernelSize: 3, dilation: 2, padding: 2 }, [7, 7, 1]],
  ['Conv2D', { filters: 3, kernelSize: 3, activation: 'gelu' }, [6, 6, 2]],
  ['SeparableConv2D', { filters: 16, kernelSize: 3, padding: 'same' }, [32, 32, 3]],
  ['SeparableConv2D', { filters: 5, kernelSize: 3, strides: 2, padding: 1, depthMultiplier: 2, useBias: false, activation: 'relu6' }, [9, 9, 4]],
  ['SeparableConv2D', { filters: 4, kernelSize: 5, strides: 2, padding: 'valid', activation: 'swish' }, [11, 10, 3]],
  ['Activation', { activation: 'leakyRelu', alpha: 0.1 }, [4, 4, 2]],
  ['Activation', { activation: 'elu' }, [6]],
  ['Activation', { activation: 'softmax' }, [6]],
  ['Activation', { activation: 'relu6' }, [4, 4, 2]],
  ['Activation', { activation: 'hardSigmoid' }, [6]],
  ['Dense', { units: 5, activation: 'selu' }, [7]],
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
  it.each(cases)('%s %j on %j', (type, params, input) => {
    const def = getPrimitiveLayer(type)!;
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
    const def = getPrimitiveLayer(type)!;
    const r = def.outputShape({}, inputs as Shape[]);
    expect(r.ok && r.shape).toEqual(out);
    const xs = (inputs as Shape[]).map((s) => tf.input({ shape: s }));
    const model = tf.model({ inputs: xs, outputs: def.buildTf!({ tf, name: 'merge' }, {}, xs) });
    expect(model.outputs[0].shape.slice(1)).toEqual(out);
  });
});

it('tfjs DepthwiseConv2D ignores dilationRate, which is why our rule refuses dilation there', () => {
  const x = tf.input({ shape: [9, 9, 1] });
  const y = tf.layers.depthwiseConv2d({ kernelSize: 3, dilationRate: 2, padding: 'valid' }).apply(x) as tf.SymbolicTensor;
  // A dilated 3×3 (effective 5×5) would give 5×5; tfjs gives the undilated 7×7.
  expect(y.shape.slice(1, 3)).toEqual([7, 7]);
  expect(getPrimitiveLayer('DepthwiseConv2D')!.outputShape(getPrimitiveLayer('DepthwiseConv2D')!.schema.parse({ dilation: 2 }), [[9, 9, 1]]).ok).toBe(false);
});

// erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), for GELU's x·½(1 + erf(x/√2)).
const erf = (x: number) => {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return Math.sign(x) * y;
};
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => Math.log(1 + Math.exp(x));

describe('activations compute their definitions', () => {
  const formulas: [string, (x: number) => number][] = [
    ['relu6', (x) => Math.min(Math.max(0, x), 6)],
    ['selu', (x) => 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (Math.exp(x) - 1))],
    ['hardSigmoid', (x) => Math.min(Math.max(0, 0.2 * x + 0.5), 1)],
    ['softplus', softplus],
    ['softsign', (x) => x / (1 + Math.abs(x))],
    ['swish', (x) => x * sigmoid(x)],
    ['mish', (x) => x * Math.tanh(softplus(x))],
    ['gelu', (x) => 0.5 * x * (1 + erf(x / Math.SQRT2))],
  ];
  it.each(formulas)('%s', (activation, f) => {
    const def = getPrimitiveLayer('Activation')!;
    const xs = [-8, -3.5, -1, -0.2, 0, 0.3, 1, 2.5, 5.9, 6.5, 9];
    const x = tf.input({ shape: [xs.length] });
    const model = tf.model({ inputs: x, outputs: def.buildTf!({ tf, name: 'act' }, def.schema.parse({ activation }), [x]) });
    const y = (model.predict(tf.tensor2d([xs])) as tf.Tensor).dataSync();
    xs.forEach((v, i) => expect(y[i], `${activation}(${v})`).toBeCloseTo(f(v), 5));
    model.dispose();
  });
});

describe('custom layers compute what the lecture defines', () => {
  it('L2 pooling is √(Σ x²) over each window', () => {
    const def = getPrimitiveLayer('L2Pooling2D')!;
    const x = tf.input({ shape: [2, 2, 1] });
    const model = tf.model({ inputs: x, outputs: def.buildTf!({ tf, name: 'l2' }, def.schema.parse({ poolSize: 2 }), [x]) });
    const y = (model.predict(tf.tensor4d([3, 4, 0, 12], [1, 2, 2, 1])) as tf.Tensor).dataSync();
    expect(y[0]).toBeCloseTo(13, 4); // √(9 + 16 + 0 + 144)
  });

  // Naive √(Σ x²) over each window of a zero-padded H×W×C image ('same' pads as TensorFlow: the extra pixel after).
  const naiveL2 = (x: number[][][], F: number, S: number, pad: [number, number]) => {
    const [H, W, C] = [x.length, x[0].length, x[0][0].length];
    const at = (i: number, j: number, c: number) => (i < 0 || j < 0 || i >= H || j >= W ? 0 : x[i][j][c]);
    const Ho = Math.floor((H + pad[0] + pad[1] - F) / S) + 1;
    const Wo = Math.floor((W + pad[0] + pad[1] - F) / S) + 1;
    const out: number[] = [];
    for (let i = 0; i < Ho; i++)
      for (let j = 0; j < Wo; j++)
        for (let c = 0; c < C; c++) {
          let s = 0;
          for (let u = 0; u < F; u++) for (let v = 0; v < F; v++) s += at(i * S + u - pad[0], j * S + v - pad[0], c) ** 2;
          out.push(Math.sqrt(s));
        }
    return out;
  };

  it.each([
    [{ poolSize: 2 }, [0, 0]],
    [{ poolSize: 3, strides: 1 }, [0, 0]],
    [{ poolSize: 3, strides: 2, padding: 1 }, [1, 1]],
    [{ poolSize: 2, strides: 2, padding: 'same' }, [0, 1]], // W = 5: TF pads one column after
  ] as const)('L2 pooling %j equals a naive √(Σ x²) loop', (params, pad) => {
    const def = getPrimitiveLayer('L2Pooling2D')!;
    const shape: Shape = [5, 5, 2];
    const x = tf.input({ shape });
    const model = tf.model({ inputs: x, outputs: def.buildTf!({ tf, name: 'l2' }, def.schema.parse(params), [x]) });
    const data = tf.randomNormal([1, ...shape]);
    const y = Array.from((model.predict(data) as tf.Tensor).dataSync());
    const expected = naiveL2((data.arraySync() as number[][][][])[0], params.poolSize, 'strides' in params ? params.strides : params.poolSize, pad as [number, number]);
    expect(y.length).toBe(expected.length);
    expected.forEach((e, i) => expect(y[i]).toBeCloseTo(e, 4));
  });

  it('L2 pooling has a finite gradient on an all-zero window', () => {
    const def = getPrimitiveLayer('L2Pooling2D')!;
    const x = tf.input({ shape: [2, 2, 1] });
    const model = tf.model({ inputs: x, outputs: def.buildTf!({ tf, name: 'l2' }, def.schema.parse({ poolSize: 2 }), [x]) });
    const g = tf.grad((t: tf.Tensor) => (model.apply(t) as tf.Tensor).sum())(tf.zeros([1, 2, 2, 1]));
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
  });

  it('LRN with AlexNet defaults equals the formula on 7 channels', () => {
    const def = getPrimitiveLayer('LocalResponseNormalization')!;
    const x = tf.input({ shape: [1, 1, 7] });
    const model = tf.model({ inputs: x, outputs: def.buildTf!({ tf, name: 'lrn' }, def.schema.parse({}), [x]) });
    const a = [10, -20, 30, 5, 0, 40, -7];
    const y = (model.predict(tf.tensor4d(a, [1, 1, 1, 7])) as tf.Tensor).dataSync();
    // b_c = a_c / (2 + 1e-4·Σ_{|c'−c| ≤ 2} a_c'²)^0.75  (Krizhevsky et al. 2012, §3.3)
    a.forEach((v, c) => {
      const s = a.slice(Math.max(0, c - 2), c + 3).reduce((acc, u) => acc + u * u, 0);
      expect(y[c]).toBeCloseTo(v / Math.pow(2 + 1e-4 * s, 0.75), 4);
    });
  });

  it('LRN is a / (k + α·Σ a²)^β across n neighbouring channels', () => {
    const def = getPrimitiveLayer('LocalResponseNormalization')!;
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
    const l2 = getPrimitiveLayer('L2Pooling2D')!;
    const lrn = getPrimitiveLayer('LocalResponseNormalization')!;
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
