// Keras / tfjs Layers models made outside CNN Studio (tf.sequential / tf.model, saved as tensorflowjs_converter's
// layers-model format: model.json + one weights shard): MobileNet- and Xception-style blocks, ReLU(max_value=6),
// every new activation, nested models and Rescaling at the input. Each imports, predicts what the original model
// predicts on the same images, and predicts it again after CNN Studio's ONNX and PyTorch exports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { importTfjsModel, type ImportedModel } from './importTfjs';
import { toProject } from './importModel';
import { ImportError } from './importError';
import { buildTfModel } from '../train/buildTfModel';
import { applyWeights } from '../train/applyWeights';
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from '../export/onnx/exportOnnx';
import { exportPytorch } from '../export/torch/exportPytorch';
import { flattenGraph } from '../export/flatGraph';
import { weightSetFromModel } from '../export/weights/weightSet';
import { maxAbsDiff, toNchw } from '../export/testing/trainedModel';
import { TrainingSettingsSchema } from '../train/settings';
import { findPython } from '../../node/testing/python';
import { torchPredictions, type TorchFiles } from '../../node/testing/torchPredict';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const L = tf.layers;
const sym = (l: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => l.apply(x) as tf.SymbolicTensor;

/** Seeded weights far from the initial ones; variances and gammas positive, as training leaves them. */
function randomize(model: tf.LayersModel, seed: number): void {
  const values = model.weights.map((w, i) => {
    const shape = w.shape as number[];
    return /moving_variance|gamma/.test(w.originalName) ? tf.randomUniform(shape, 0.5, 1.5, 'float32', seed + i) : tf.randomUniform(shape, -0.6, 0.6, 'float32', seed + i);
  });
  model.setWeights(values);
  tf.dispose(values);
}

/** The model as tensorflowjs_converter writes a Keras model: model.json and the weights as one shard. */
async function layersModelFiles(model: tf.LayersModel): Promise<{ json: string; bin: Uint8Array }> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  const json = JSON.stringify({
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: saved!.modelTopology,
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: saved!.weightSpecs }],
  });
  return { json, bin: new Uint8Array(saved!.weightData as ArrayBuffer) };
}

interface Case {
  label: string;
  make(): tf.LayersModel;
  /** The node types the import must give, in order. */
  types: string[];
  /** Rescaling at the input: the original model is fed raw pixels 0–255. */
  pixels?: boolean;
}

const ACTIVATIONS = ['relu6', 'selu', 'hardSigmoid', 'softplus', 'softsign', 'swish', 'mish', 'gelu'] as const;

const cases: Case[] = [
  {
    label: 'MobileNet v1 block: Conv2D → BN → ReLU(max_value=6) → DepthwiseConv2D → BN → ReLU6 → 1×1 Conv2D',
    make: () =>
      tf.sequential({
        layers: [
          L.conv2d({ inputShape: [9, 8, 3], filters: 6, kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'conv1' }),
          L.batchNormalization({ name: 'conv1_bn' }),
          L.reLU({ maxValue: 6, name: 'conv1_relu' }),
          L.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, name: 'conv_dw_1' }),
          L.batchNormalization({ name: 'conv_dw_1_bn' }),
          L.reLU({ maxValue: 6, name: 'conv_dw_1_relu' }),
          L.conv2d({ filters: 8, kernelSize: 1, useBias: false, name: 'conv_pw_1' }),
          L.batchNormalization({ name: 'conv_pw_1_bn' }),
          L.activation({ activation: 'relu6', name: 'conv_pw_1_relu' }),
          L.globalAveragePooling2d({ name: 'gap' }),
          L.dense({ units: 4, activation: 'softmax', name: 'predictions' }),
        ],
      }),
    types: ['Input', 'Conv2D', 'BatchNormalization', 'Activation', 'DepthwiseConv2D', 'BatchNormalization', 'Activation', 'Conv2D', 'BatchNormalization', 'Activation', 'GlobalAveragePooling2D', 'Output'],
  },
  {
    // keras.applications' MobileNet / MobileNetV2 pad ((0, 1), (0, 1)) before each stride-2 'valid' conv.
    label: 'MobileNetV2 stem: ZeroPadding2D((0, 1), (0, 1)) → Conv2D /2 valid → BN → ReLU6',
    make: () =>
      tf.sequential({
        layers: [
          L.zeroPadding2d({ inputShape: [8, 8, 3], padding: [[0, 1], [0, 1]], name: 'Conv1_pad' }),
          L.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'valid', useBias: false, name: 'Conv1' }),
          L.batchNormalization({ name: 'bn_Conv1' }),
          L.reLU({ maxValue: 6, name: 'Conv1_relu' }),
          L.globalAveragePooling2d({ name: 'gap' }),
          L.dense({ units: 4, activation: 'softmax', name: 'predictions' }),
        ],
      }),
    types: ['Input', 'ZeroPadding2D', 'Conv2D', 'BatchNormalization', 'Activation', 'GlobalAveragePooling2D', 'Output'],
  },
  {
    label: 'ZeroPadding2D((1, 2), (0, 1)): padding no convolution setting matches stays its own layer',
    make: () =>
      tf.sequential({
        layers: [
          L.zeroPadding2d({ inputShape: [6, 7, 2], padding: [[1, 2], [0, 1]], name: 'pad' }),
          L.conv2d({ filters: 4, kernelSize: 3, padding: 'valid', name: 'conv' }),
          L.flatten({ name: 'flat' }),
          L.dense({ units: 3, activation: 'softmax', name: 'out' }),
        ],
      }),
    types: ['Input', 'ZeroPadding2D', 'Conv2D', 'Flatten', 'Output'],
  },
  {
    label: 'Xception block (functional): SeparableConv2D ×2 with depth multiplier, strided 1×1 shortcut, Add, average pooling',
    make: () => {
      const x = tf.input({ shape: [8, 8, 3], name: 'img' });
      const a = sym(L.separableConv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'sep1' }), x);
      const b = sym(L.separableConv2d({ filters: 8, kernelSize: 3, padding: 'same', strides: 2, depthMultiplier: 2, useBias: false, name: 'sep2' }), a);
      const bn = sym(L.batchNormalization({ name: 'sep2_bn' }), b);
      const sc = sym(L.conv2d({ filters: 8, kernelSize: 1, strides: 2, name: 'shortcut' }), a);
      const s = sym(L.add({ name: 'add' }), [bn, sc]);
      const p = sym(L.averagePooling2d({ poolSize: 2, name: 'pool' }), s);
      const y = sym(L.dense({ units: 3, activation: 'softmax', name: 'out' }), sym(L.flatten({ name: 'flat' }), p));
      return tf.model({ inputs: x, outputs: y, name: 'xception_block' });
    },
    types: ['Input', 'SeparableConv2D', 'SeparableConv2D', 'BatchNormalization', 'Conv2D', 'Add', 'AveragePooling2D', 'Flatten', 'Output'],
  },
  {
    label: "nested: Rescaling(1/127.5, −1) → a Sequential base (SeparableConv2D, ReLU6, depthwise, BN) → head",
    make: () => {
      const base = tf.sequential({
        name: 'base',
        layers: [
          L.separableConv2d({ inputShape: [8, 7, 3], filters: 5, kernelSize: 3, padding: 'same', name: 'b_sep' }),
          L.reLU({ maxValue: 6, name: 'b_relu6' }),
          L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, name: 'b_dw' }),
          L.batchNormalization({ name: 'b_bn' }),
        ],
      });
      const x = tf.input({ shape: [8, 7, 3], name: 'img' });
      const r = sym(L.rescaling({ scale: 1 / 127.5, offset: -1, name: 'rescale' }), x);
      const g = sym(L.globalAveragePooling2d({ name: 'gap' }), sym(base, r));
      return tf.model({ inputs: x, outputs: sym(L.dense({ units: 3, activation: 'softmax', name: 'head' }), g) });
    },
    types: ['Input', 'SeparableConv2D', 'Activation', 'DepthwiseConv2D', 'BatchNormalization', 'GlobalAveragePooling2D', 'Output'],
    pixels: true,
  },
  {
    label: 'nested: a functional model (with its own input) as the first layer of a Sequential',
    make: () => {
      const xi = tf.input({ shape: [6, 6, 2], name: 'inner_in' });
      const c = sym(L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu6', name: 'inner_conv' }), xi);
      const inner = tf.model({ inputs: xi, outputs: sym(L.maxPooling2d({ poolSize: 2, name: 'inner_pool' }), c), name: 'inner' });
      return tf.sequential({ layers: [inner, L.flatten({ name: 'flat' }), L.dense({ units: 5, name: 'logits' }), L.activation({ activation: 'softmax', name: 'probs' })] });
    },
    types: ['Input', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Output'],
  },
  ...ACTIVATIONS.map(
    (act): Case => ({
      label: `activation ${act}: fused into Conv2D and Dense, and as an Activation layer`,
      make: () =>
        tf.sequential({
          layers: [
            L.conv2d({ inputShape: [5, 5, 2], filters: 3, kernelSize: 3, activation: act, name: 'conv' }),
            L.activation({ activation: act, name: 'act' }),
            L.flatten({ name: 'flat' }),
            L.dense({ units: 6, activation: act, name: 'fc' }),
            L.dense({ units: 3, activation: 'softmax', name: 'out' }),
          ],
        }),
      types: ['Input', 'Conv2D', 'Activation', 'Flatten', 'Dense', 'Output'],
    }),
  ),
];

interface Imported {
  label: string;
  imported: ImportedModel;
  /** The CNN Studio model built from the import, with its weights. */
  model: tf.LayersModel;
  /** The input the imported model is fed (the original's, scaled as the import's normalisation says). */
  x: tf.Tensor4D;
  want: Float32Array;
}
const done: Imported[] = [];
afterAll(() => {
  for (const d of done) {
    d.model.dispose();
    d.x.dispose();
  }
});

/** (pixel/255 − mean)/std per channel, CNN Studio's input scaling (src/export/inputScale.ts). */
function normalized(pixels: tf.Tensor4D, n: { mean: number[]; std: number[] } | undefined): tf.Tensor4D {
  return tf.tidy(() => {
    const unit = tf.div(pixels, 255);
    return (n ? tf.div(tf.sub(unit, tf.tensor1d(n.mean)), tf.tensor1d(n.std)) : unit) as tf.Tensor4D;
  });
}

describe('Keras / tfjs Layers models made outside CNN Studio', () => {
  it.each(cases.map((c, i) => [c.label, c, i] as const))('%s: imports and predicts as the original', async (_label, c, i) => {
    const original = c.make();
    randomize(original, 11 + 31 * i);
    const shape = (original.inputs[0].shape as number[]).slice(1);
    const raw = c.pixels ? tf.randomUniform([3, ...shape], 0, 255, 'float32', 5) : tf.randomUniform([3, ...shape], -1.5, 1.5, 'float32', 5);
    const want = tf.tidy(() => (original.predict(raw) as tf.Tensor).dataSync() as Float32Array);
    const { json, bin } = await layersModelFiles(original);
    original.dispose();
    const imported = importTfjsModel(json, bin);
    const { doc, weights } = toProject(tf, imported);
    expect(doc.graph.nodes.map((n) => n.type)).toEqual(c.types);
    const norm = imported.weights?.normalization;
    if (c.pixels) {
      // scale 1/127.5, offset −1: pixel/127.5 − 1 = (pixel/255 − 0.5)/0.5
      for (const m of norm!.mean) expect(m).toBeCloseTo(0.5, 6);
      for (const s of norm!.std) expect(s).toBeCloseTo(0.5, 6);
    } else expect(norm).toBeUndefined();
    const x = c.pixels ? normalized(raw as tf.Tensor4D, norm) : (raw as tf.Tensor4D);
    if (x !== raw) raw.dispose();
    const model = buildTfModel(doc.graph, tf);
    applyWeights(tf, model, weights!);
    const got = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
    expect(Math.max(...want) - Math.min(...want)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(1e-4);
    done.push({ label: c.label, imported, model, x, want });
  });

  it('predicts the same after CNN Studio exports it to ONNX (onnxruntime)', async () => {
    expect(done.length).toBe(cases.length);
    for (const d of done) {
      const bytes = exportOnnx(flattenGraph(d.imported.graph), weightSetFromModel(d.model));
      const session = await ort.InferenceSession.create(bytes);
      try {
        const [n, h, w, c] = d.x.shape;
        const got = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', toNchw(d.x), [n, c, h, w]) });
        expect(maxAbsDiff(got[ONNX_OUTPUT].data as Float32Array, d.want), d.label).toBeLessThanOrEqual(1e-4);
      } finally {
        await session.release();
      }
    }
  });

  const python = findPython(['torch', 'safetensors']);
  it.skipIf(!python)('predicts the same after CNN Studio exports it to PyTorch (model.py in torch; skipped without torch)', () => {
    expect(done.length).toBe(cases.length);
    const settings = TrainingSettingsSchema.parse({});
    // One torch process per input (cases of one shape share the same seeded images).
    const byInput = new Map<string, Imported[]>();
    for (const d of done) {
      const key = Array.from(toNchw(d.x).subarray(0, 8)).join() + d.x.shape.join();
      byInput.set(key, [...(byInput.get(key) ?? []), d]);
    }
    for (const group of byInput.values()) {
      // A spread: the export's files as the plain file map torchPredictions writes out.
      const files: TorchFiles[] = group.map((d) => ({ ...exportPytorch(flattenGraph(d.imported.graph), weightSetFromModel(d.model), settings) }));
      const [n, h, w, c] = group[0].x.shape;
      const got = torchPredictions(python!, files, toNchw(group[0].x), [n, c, h, w]);
      group.forEach((d, k) => expect(maxAbsDiff(got[k], d.want), d.label).toBeLessThanOrEqual(1e-4));
    }
  }, 300_000);
});

describe('Keras configs CNN Studio cannot hold are refused, naming them', () => {
  const refused: [string, () => tf.LayersModel, RegExp][] = [
    ['ReLU(max_value=4)', () => tf.sequential({ layers: [L.reLU({ inputShape: [3, 3, 1], maxValue: 4 }), L.flatten(), L.dense({ units: 2, activation: 'softmax' })] }), /ReLU\(max_value=4/],
    [
      'Rescaling after a convolution',
      () => tf.sequential({ layers: [L.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 3 }), L.rescaling({ scale: 2 }), L.flatten(), L.dense({ units: 2, activation: 'softmax' })] }),
      /Rescaling \(not directly after the model input\)/,
    ],
    [
      'Rescaling on one branch while another takes the raw input',
      () => {
        const x = tf.input({ shape: [4, 4, 1] });
        const a = sym(L.conv2d({ filters: 2, kernelSize: 3 }), sym(L.rescaling({ scale: 1 / 255 }), x));
        const b = sym(L.conv2d({ filters: 2, kernelSize: 3 }), x);
        return tf.model({ inputs: x, outputs: sym(L.dense({ units: 2, activation: 'softmax' }), sym(L.flatten(), sym(L.add(), [a, b]))) });
      },
      /the model input is also used unscaled/,
    ],
    ['gelu_new (tanh approximation)', () => tf.sequential({ layers: [L.conv2d({ inputShape: [3, 3, 1], filters: 2, kernelSize: 3, activation: 'gelu_new' }), L.flatten(), L.dense({ units: 2, activation: 'softmax' })] }), /Conv2D\(activation=gelu_new\)/],
  ];
  it.each(refused)('%s', async (_label, make, message) => {
    const m = make();
    const { json, bin } = await layersModelFiles(m);
    m.dispose();
    expect(() => importTfjsModel(json, bin)).toThrow(ImportError);
    expect(() => importTfjsModel(json, bin)).toThrow(message);
  });

  it("Keras 3's hard_sigmoid (x/6 + 0.5) is refused; Keras 2's (0.2x + 0.5) is read", async () => {
    const m = tf.sequential({ layers: [L.conv2d({ inputShape: [3, 3, 1], filters: 2, kernelSize: 3, activation: 'hardSigmoid', name: 'fc' }), L.flatten(), L.dense({ units: 2, activation: 'softmax', name: 'out' })] });
    const { json, bin } = await layersModelFiles(m);
    m.dispose();
    expect(importTfjsModel(json, bin).graph.nodes.find((n) => n.id === 'fc')?.params.activation).toBe('hardSigmoid');
    const keras3 = JSON.parse(json);
    keras3.modelTopology.keras_version = '3.3.3';
    expect(() => importTfjsModel(JSON.stringify(keras3), bin)).toThrow(/hard_sigmoid: Keras 3's is x\/6 \+ 0\.5/);
  });
});

describe('Keras 3 style model.json', () => {
  it('reads InputLayer batch_shape, module / registered_name wrappers, keras_history inbound nodes and a flat output_layers', async () => {
    const x = tf.input({ shape: [6, 6, 2], name: 'input_layer' });
    const c = sym(L.separableConv2d({ filters: 3, kernelSize: 3, activation: 'relu6', name: 'sep' }), x);
    const y = sym(L.dense({ units: 2, activation: 'softmax', name: 'out' }), sym(L.flatten({ name: 'flat' }), c));
    const m = tf.model({ inputs: x, outputs: y });
    randomize(m, 3);
    const input = tf.randomUniform([2, 6, 6, 2], -1, 1, 'float32', 9);
    const want = tf.tidy(() => (m.predict(input) as tf.Tensor).dataSync() as Float32Array);
    const { json, bin } = await layersModelFiles(m);
    m.dispose();
    // Rewrite as Keras 3 saves a Functional model.
    const j = JSON.parse(json);
    const t = j.modelTopology;
    t.class_name = 'Functional';
    t.keras_version = '3.4.1';
    t.config.output_layers = ['out', 0, 0];
    t.config.input_layers = ['input_layer', 0, 0];
    t.config.layers = t.config.layers.map((l: any) => {
      const k3: any = { module: 'keras.layers', class_name: l.class_name, config: { ...l.config }, registered_name: null, name: l.name };
      if (l.class_name === 'InputLayer') {
        k3.config.batch_shape = l.config.batch_input_shape;
        delete k3.config.batch_input_shape;
      }
      k3.inbound_nodes = (l.inbound_nodes ?? []).map((node: any[]) => ({
        args: node.map(([name, n, i]: any[]) => ({ class_name: '__keras_tensor__', config: { shape: [null], dtype: 'float32', keras_history: [name, n, i] } })),
        kwargs: {},
      }));
      if (typeof k3.config.activation === 'string') k3.config.activation = { module: 'keras.activations', class_name: 'function', config: k3.config.activation, registered_name: 'function' };
      return k3;
    });
    const imported = importTfjsModel(JSON.stringify(j), bin);
    const r = toProject(tf, imported);
    expect(r.doc.graph.nodes.map((n) => [n.type, n.params.activation])).toEqual([
      ['Input', undefined],
      ['SeparableConv2D', 'relu6'],
      ['Flatten', undefined],
      ['Output', undefined],
    ]);
    const model = buildTfModel(r.doc.graph, tf);
    applyWeights(tf, model, r.weights!);
    expect(maxAbsDiff(tf.tidy(() => (model.predict(input) as tf.Tensor).dataSync()), want)).toBeLessThanOrEqual(1e-5);
    model.dispose();
    input.dispose();
  });
});

describe('Keras input preprocessing and converter weight names', () => {
  /** Input(5×5×3) → Conv2D → Flatten → Dense softmax as a functional model with seeded weights, and its files. */
  async function small() {
    const input = tf.input({ shape: [5, 5, 3], name: 'img' });
    const c = sym(L.conv2d({ filters: 2, kernelSize: 3, name: 'conv' }), input);
    const m = tf.model({ inputs: input, outputs: sym(L.dense({ units: 3, activation: 'softmax', name: 'out' }), sym(L.flatten({ name: 'flat' }), c)) });
    randomize(m, 17);
    const files = await layersModelFiles(m);
    return { m, files };
  }
  const pixels = () => tf.randomUniform([2, 5, 5, 3], 0, 255, 'float32', 4) as tf.Tensor4D;
  /** model.json with a Keras Normalization between the input and the convolution. */
  const withNormalization = (json: string, config: Record<string, unknown>) => {
    const j = JSON.parse(json);
    const layers = j.modelTopology.config.layers;
    layers.splice(1, 0, { name: 'norm', class_name: 'Normalization', config: { name: 'norm', axis: -1, ...config }, inbound_nodes: [[['img', 0, 0, {}]]] });
    layers.find((l: any) => l.name === 'conv').inbound_nodes = [[['norm', 0, 0, {}]]];
    return j;
  };
  const mean = [120, 100, 80];
  const variance = [3600, 2500, 1600];

  it.each([
    ['in its config (Keras 3, given at construction)', false],
    ['as its adapted weights mean, variance and an int32 count (converted Keras 2)', true],
  ])('Normalization %s becomes the input normalisation (pixel/255 − mean/255)/(√variance/255)', async (_label, asWeights) => {
    const x = pixels();
    const { m, files } = await small();
    // The original network is fed (pixel − mean)/√variance.
    const want = tf.tidy(() => (m.predict(tf.div(tf.sub(x, tf.tensor1d(mean)), tf.sqrt(tf.tensor1d(variance)))) as tf.Tensor).dataSync() as Float32Array);
    m.dispose();
    const j = withNormalization(files.json, asWeights ? {} : { mean, variance });
    let bin = files.bin;
    if (asWeights) {
      const stats = new Float32Array([...mean, ...variance]);
      const count = new Int32Array([1000]);
      j.weightsManifest[0].weights.unshift({ name: 'norm/mean', shape: [3], dtype: 'float32' }, { name: 'norm/variance', shape: [3], dtype: 'float32' }, { name: 'norm/count', shape: [], dtype: 'int32' });
      bin = new Uint8Array([...new Uint8Array(stats.buffer), ...new Uint8Array(count.buffer), ...files.bin]);
    }
    const imported = importTfjsModel(JSON.stringify(j), bin);
    const n = imported.weights!.normalization!;
    n.mean.forEach((v, i) => expect(v).toBeCloseTo(mean[i] / 255, 6));
    n.std.forEach((v, i) => expect(v).toBeCloseTo(Math.sqrt(variance[i]) / 255, 6));
    expect(imported.weights!.weightSpecs.map((w) => w.name)).toEqual(['conv/kernel', 'conv/bias', 'out/kernel', 'out/bias']);
    const r = toProject(tf, imported);
    expect(r.doc.graph.nodes.map((nd) => nd.type)).toEqual(['Input', 'Conv2D', 'Flatten', 'Output']);
    expect(r.weights!.normalization).toEqual(n); // the project's weights keep the scaling: training and exports use it
    const xs = normalized(x, n);
    const model = buildTfModel(r.doc.graph, tf);
    applyWeights(tf, model, r.weights!);
    expect(maxAbsDiff(tf.tidy(() => (model.predict(xs) as tf.Tensor).dataSync()), want)).toBeLessThanOrEqual(1e-4);
    tf.dispose([x, xs]);
    model.dispose();
  });

  it('weights named under a nested model ("base/conv/kernel", as the converter may write them) load by their layer', async () => {
    const x = tf.randomUniform([2, 5, 5, 3], -1, 1, 'float32', 6) as tf.Tensor4D;
    const { m, files } = await small();
    const want = tf.tidy(() => (m.predict(x) as tf.Tensor).dataSync() as Float32Array);
    m.dispose();
    const j = JSON.parse(files.json);
    for (const w of j.weightsManifest[0].weights) w.name = `base/${w.name}`;
    const r = toProject(tf, importTfjsModel(JSON.stringify(j), files.bin));
    const model = buildTfModel(r.doc.graph, tf);
    applyWeights(tf, model, r.weights!);
    expect(maxAbsDiff(tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync()), want)).toBeLessThanOrEqual(1e-6);
    model.dispose();
    x.dispose();
  });

  it('an int32 weight of a layer that stays is refused as before', async () => {
    const { m, files } = await small();
    m.dispose();
    const j = JSON.parse(files.json);
    j.weightsManifest[0].weights[0].dtype = 'int32';
    expect(() => importTfjsModel(JSON.stringify(j), files.bin)).toThrow(/conv\/kernel are not plain float32/);
  });
});
