// Pooling over a padding the windows ignore (PyTorch's MaxPool2d padding, AvgPool2d count_include_pad=False) and the
// tfjs activations beyond ReLU: each computes its definition in tfjs, and predicts the same after the tfjs, ONNX
// and PyTorch exports and after importing those files back. PyTorch-style ONNX files (Clip as ReLU6, pads,
// ceil_mode, ReduceMean over H and W, opsets 10–18) open and predict what onnxruntime computes from them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { getPrimitiveLayer } from './registry';
import { net } from '../export/testing/nets';
import { maxAbsDiff, randomImages, randomizedModel, toNchw } from '../export/testing/trainedModel';
import { exportTfjs, loadTfjsFromFiles, TFJS_MODEL_JSON, TFJS_SHARD } from '../export/tfjs/exportTfjs';
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from '../export/onnx/exportOnnx';
import { exportPytorch } from '../export/torch/exportPytorch';
import { flattenGraph } from '../export/flatGraph';
import { weightSetFromModel } from '../export/weights/weightSet';
import { importTfjsModel } from '../import/importTfjs';
import { importOnnxModel } from '../import/importOnnx';
import { toProject } from '../import/importModel';
import { ImportError } from '../import/importError';
import { predictImported } from '../import/testing/predictImported';
import { canonicalOnnx, canonicalTfjs } from '../import/testing/canonicalGraph';
import { ForeignOnnx, values } from '../import/testing/foreignOnnx';
import { TrainingSettingsSchema } from '../train/settings';
import { findPython } from '../../node/testing/python';
import { torchPredictions } from '../../node/testing/torchPredict';
import type { Graph } from '../graph/schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** tfjs' build of one layer on a given input, predicted. */
function apply(type: string, params: Record<string, unknown>, data: number[], shape: [number, number, number]): number[] {
  const def = getPrimitiveLayer(type)!;
  const x = tf.input({ shape });
  const model = tf.model({ inputs: x, outputs: def.buildTf!({ tf, name: 'layer' }, def.schema.parse(params), [x]) });
  const y = Array.from((model.predict(tf.tensor4d(data, [1, ...shape])) as tf.Tensor).dataSync());
  model.dispose();
  return y;
}

describe('pooling over an explicit padding P: counted as zeros or ignored', () => {
  const ones = Array<number>(9).fill(1);
  const minus = Array<number>(9).fill(-1);
  it.each([
    // 3×3 input, F = 2, S = 1, P = 1 → 4×4 windows; a corner window holds one pixel and three pads.
    ['AveragePooling2D', { includePad: true }, ones, [0.25, 0.5, 0.5, 0.25]], // Σ / F² (PyTorch count_include_pad=True)
    ['AveragePooling2D', { includePad: false }, ones, [1, 1, 1, 1]], // Σ / in-image count
    ['MaxPooling2D', { includePad: true }, minus, [0, 0, 0, 0]], // a zero pad beats −1
    ['MaxPooling2D', { includePad: false }, minus, [-1, -1, -1, -1]], // pads are never picked (PyTorch, ONNX)
  ] as const)('%s %j: first row %j', (type, extra, input, firstRow) => {
    const y = apply(type, { poolSize: 2, strides: 1, padding: 1, ...extra }, [...input], [3, 3, 1]);
    expect(y.length).toBe(16);
    y.slice(0, 4).forEach((v, i) => expect(v).toBeCloseTo(firstRow[i], 6));
  });

  it('average over ignored pads equals the mean of the in-image pixels of each window', () => {
    const data = Array.from({ length: 20 }, (_, i) => ((i * 37) % 11) - 5);
    const [H, W, F, S, P] = [4, 5, 3, 2, 1];
    const y = apply('AveragePooling2D', { poolSize: F, strides: S, padding: P, includePad: false }, data, [H, W, 1]);
    const [Ho, Wo] = [Math.floor((H + 2 * P - F) / S) + 1, Math.floor((W + 2 * P - F) / S) + 1];
    const want: number[] = [];
    for (let i = 0; i < Ho; i++)
      for (let j = 0; j < Wo; j++) {
        const inside: number[] = [];
        for (let u = 0; u < F; u++)
          for (let v = 0; v < F; v++) {
            const [r, c] = [i * S + u - P, j * S + v - P];
            if (r >= 0 && c >= 0 && r < H && c < W) inside.push(data[r * W + c]);
          }
        want.push(inside.reduce((a, b) => a + b, 0) / inside.length);
      }
    expect(y.length).toBe(want.length);
    want.forEach((v, i) => expect(y[i]).toBeCloseTo(v, 5));
  });
});

const IMAGE = { height: 7, width: 6, channels: 2 };
const around = (type: string, params: Record<string, unknown>): Graph =>
  net([
    ['input', 'Input', IMAGE, []],
    ['layer', type, params, ['input']],
    ['flatten', 'Flatten', {}, ['layer']],
    ['output', 'Output', { classes: 4 }, ['flatten']],
  ]);
const withConv = (activation: string): Graph =>
  net([
    ['input', 'Input', IMAGE, []],
    ['conv', 'Conv2D', { filters: 3, kernelSize: 3, activation }, ['input']],
    ['act', 'Activation', { activation }, ['conv']],
    ['flatten', 'Flatten', {}, ['act']],
    ['fc', 'Dense', { units: 5, activation }, ['flatten']],
    ['output', 'Output', { classes: 4 }, ['fc']],
  ]);

// swish, mish and GELU export as several ops (no single op at opset 17) and import back as one Activation
// (src/import/onnx/activationChains.ts), unfused from the conv / dense they followed: the same function.
const ACTIVATIONS = ['relu6', 'selu', 'hardSigmoid', 'softplus', 'softsign', 'swish', 'mish', 'gelu'];

const graphs: [string, Graph, boolean][] = [
  ['MaxPooling2D 3×3 /2, P = 1 ignored', around('MaxPooling2D', { poolSize: 3, strides: 2, padding: 1, includePad: false }), true],
  ['AveragePooling2D 3×3 /2, P = 1 ignored', around('AveragePooling2D', { poolSize: 3, strides: 2, padding: 1, includePad: false }), true],
  ['AveragePooling2D 2×2 /1, P = 1 counted', around('AveragePooling2D', { poolSize: 2, strides: 1, padding: 1, includePad: true }), true],
  // 7×6: ⌈(7 − 3)/2⌉ + 1 = 3 rows as floor, ⌈(6 − 3)/2⌉ + 1 = 3 columns where floor gives 2 (a partial window).
  ['MaxPooling2D 3×3 /2 ceil mode', around('MaxPooling2D', { poolSize: 3, strides: 2, padding: 'valid', ceilMode: true }), true],
  // P = 1: (7 + 2 − 3)/2 is whole; (6 + 2 − 3)/2 = 2.5 gives 4 columns, not 3.
  ['MaxPooling2D 3×3 /2, P = 1 ignored, ceil mode', around('MaxPooling2D', { poolSize: 3, strides: 2, padding: 1, includePad: false, ceilMode: true }), true],
  ['SeparableConv2D m = 2, /2, P = 1, relu6', around('SeparableConv2D', { filters: 4, kernelSize: 3, strides: 2, padding: 1, depthMultiplier: 2, activation: 'relu6' }), false],
  ...ACTIVATIONS.map((a): [string, Graph, boolean] => [`${a}: in Conv2D, as a layer and in Dense`, withConv(a), true]),
];

const models: { label: string; graph: Graph; model: tf.LayersModel; want: Float32Array }[] = [];
const x = randomImages(3, [IMAGE.height, IMAGE.width, IMAGE.channels], 21);
afterAll(() => {
  for (const m of models) m.model.dispose();
  x.dispose();
});
/** Graphs compared as their ONNX function, ids aside (an imported standalone activation is named after its op). */
const byFunction = (g: Graph) => Object.values(canonicalOnnx(g).nodes).map((n) => JSON.stringify(n)).sort();

describe.each(graphs.map(([label, graph, onnxBack]) => [label, graph, onnxBack] as const))('%s', (label, graph, onnxBack) => {
  it('tfjs: saved model loads and imports back as the same graph, with the same predictions', async () => {
    const model = randomizedModel(graph, 9);
    const want = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
    expect(Math.max(...want) - Math.min(...want)).toBeGreaterThan(1e-3);
    models.push({ label, graph, model, want });
    const files = await exportTfjs(tf, model);
    const loaded = await loadTfjsFromFiles(tf, { json: files[TFJS_MODEL_JSON], bin: files[TFJS_SHARD] });
    expect(maxAbsDiff(tf.tidy(() => (loaded.predict(x) as tf.Tensor).dataSync()), want)).toBeLessThanOrEqual(1e-6);
    loaded.dispose();
    const imported = importTfjsModel(files[TFJS_MODEL_JSON], files[TFJS_SHARD]);
    expect(canonicalTfjs(imported.graph)).toEqual(canonicalTfjs(graph));
    expect(maxAbsDiff(predictImported(tf, toProject(tf, imported), x), want)).toBeLessThanOrEqual(1e-6);
  });

  it(`ONNX: onnxruntime predicts the same${onnxBack ? '; the file imports back as the same function' : ''}`, async () => {
    const { model, want } = models.find((m) => m.label === label)!;
    const bytes = exportOnnx(flattenGraph(graph), weightSetFromModel(model));
    const session = await ort.InferenceSession.create(bytes);
    const [n, h, w, c] = x.shape;
    const got = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', toNchw(x), [n, c, h, w]) });
    await session.release();
    expect(maxAbsDiff(got[ONNX_OUTPUT].data as Float32Array, want)).toBeLessThanOrEqual(1e-4);
    if (!onnxBack) return;
    const imported = importOnnxModel(bytes);
    expect(byFunction(imported.graph)).toEqual(byFunction(graph));
    expect(maxAbsDiff(predictImported(tf, toProject(tf, imported), x), want)).toBeLessThanOrEqual(1e-5);
  });
});

const python = findPython(['torch', 'safetensors']);
it.skipIf(!python)('PyTorch: every model.py above predicts the same in torch (skipped without torch)', () => {
  expect(models.length).toBe(graphs.length);
  const settings = TrainingSettingsSchema.parse({});
  const files = models.map((m) => ({ ...exportPytorch(flattenGraph(m.graph), weightSetFromModel(m.model), settings) }));
  const [n, h, w, c] = x.shape;
  const got = torchPredictions(python!, files, toNchw(x), [n, c, h, w]);
  models.forEach((m, i) => expect(maxAbsDiff(got[i], m.want), m.label).toBeLessThanOrEqual(1e-4));
}, 300_000);

describe('ONNX files as PyTorch writes them', () => {
  // Weights up to ±3: outputs well past 6, so a Clip(0, 6) read as anything but ReLU6 predicts differently.
  const conv = (g: ForeignOnnx, name: string, O: number, I: number, seed: number) => [g.init(`${name}.weight`, [O, I, 3, 3], values(O * I * 9, seed, 3)), g.init(`${name}.bias`, [O], values(O, seed + 1))];
  const head = (g: ForeignOnnx, from: string, C: number) => {
    const z = g.node('Gemm', [from, g.init('fc.weight', [3, C], values(3 * C, 50, 2)), g.init('fc.bias', [3], values(3, 51))], ['z'], { transB: { i: 1 } }, '/fc/Gemm');
    return g.node('Softmax', [z], ['out'], { axis: { i: 1 } }, '/Softmax');
  };
  const files: { label: string; opset: number; types: string[]; activations: string[]; make(g: ForeignOnnx): void }[] = [
    {
      label: 'opset 13: Clip(0, 6) with Constant bounds, MaxPool pads 1, AveragePool pads 1 count_include_pad 0, ceil_mode that changes nothing, ReduceMean(keepdims 0)',
      opset: 13,
      types: ['Input', 'Conv2D', 'Activation', 'MaxPooling2D', 'AveragePooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'Output'],
      activations: ['relu6'],
      make: (g) => {
        const c = g.node('Conv', ['input', ...conv(g, 'c1', 4, 3, 30)], ['c'], { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } }, '/c1/Conv');
        const r = g.node('Clip', [c, g.constant('/Constant_output_0', [], [0]), g.constant('/Constant_1_output_0', [], [6])], ['r'], {}, '/relu6/Clip');
        const m = g.node('MaxPool', [r], ['m'], { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] } }, '/pool/MaxPool');
        const a = g.node('AveragePool', [m], ['a'], { kernel_shape: { ints: [2, 2] }, strides: { ints: [1, 1] }, pads: { ints: [1, 1, 1, 1] }, count_include_pad: { i: 0 } }, '/avg/AveragePool');
        const b = g.node('AveragePool', [a], ['b'], { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, ceil_mode: { i: 1 } }, '/avg2/AveragePool');
        const gap = g.node('ReduceMean', [b], ['gap'], { axes: { ints: [2, 3] }, keepdims: { i: 0 } }, '/ReduceMean');
        head(g, gap, 4);
      },
    },
    {
      label: 'opset 18: ReduceMean with axes as input and keepdims 1 then Flatten; HardSigmoid, Selu, Softplus, Softsign',
      opset: 18,
      types: ['Input', 'Conv2D', 'Activation', 'Activation', 'Activation', 'Activation', 'GlobalAveragePooling2D', 'Output'],
      activations: ['hardSigmoid', 'selu', 'softplus', 'softsign'],
      make: (g) => {
        const c = g.node('Conv', ['input', ...conv(g, 'c1', 4, 3, 31)], ['c'], { kernel_shape: { ints: [3, 3] } }, '/c1/Conv');
        const s = g.node('Selu', [g.node('HardSigmoid', [c], ['hs'], { alpha: { f: 0.2 }, beta: { f: 0.5 } }, '/HardSigmoid')], ['s'], {}, '/Selu');
        const sp = g.node('Softsign', [g.node('Softplus', [s], ['sp'], {}, '/Softplus')], ['ss'], {}, '/Softsign');
        const gap = g.node('ReduceMean', [sp, g.init('axes', [2], [-2, -1], 'int64')], ['gap'], {}, '/ReduceMean');
        head(g, g.node('Flatten', [gap], ['f'], { axis: { i: 1 } }, '/Flatten'), 4);
      },
    },
    {
      label: 'opset 10: Clip(0, 6) with min and max as attributes',
      opset: 10,
      types: ['Input', 'Conv2D', 'Activation', 'GlobalAveragePooling2D', 'Output'],
      activations: ['relu6'],
      make: (g) => {
        const c = g.node('Conv', ['input', ...conv(g, 'c1', 4, 3, 32)], ['c'], { kernel_shape: { ints: [3, 3] } }, '/c1/Conv');
        const r = g.node('Clip', [c], ['r'], { min: { f: 0 }, max: { f: 6 } }, '/Clip');
        head(g, g.node('Flatten', [g.node('GlobalAveragePool', [r], ['gap'], {}, '/gap')], ['f'], {}, '/Flatten'), 4);
      },
    },
  ];

  it.each(files)('$label: opens and predicts what onnxruntime computes', async ({ opset, types, activations, make }) => {
    const g = new ForeignOnnx();
    make(g);
    const bytes = g.encode({ name: 'input', dims: ['N', 3, 8, 8] }, { name: 'out', dims: ['N', 3] }, opset);
    const input = randomImages(2, [8, 8, 3], 13);
    const session = await ort.InferenceSession.create(bytes);
    const want = (await session.run({ input: new ort.Tensor('float32', toNchw(input), [2, 3, 8, 8]) })).out.data as Float32Array;
    await session.release();
    const imported = importOnnxModel(bytes);
    expect(imported.graph.nodes.map((n) => n.type)).toEqual(types);
    expect(imported.graph.nodes.filter((n) => n.type === 'Activation').map((n) => n.params.activation)).toEqual(activations);
    expect(maxAbsDiff(predictImported(tf, toProject(tf, imported), input), want)).toBeLessThanOrEqual(1e-5);
    input.dispose();
  });

  it.each([
    ['HardSigmoid as F.hardsigmoid writes it (α = 1/6)', (g: ForeignOnnx, c: string) => g.node('HardSigmoid', [c], ['y'], { alpha: { f: 1 / 6 } }, '/hs'), /HardSigmoid\(alpha=0\.1666/],
    ['Clip(−1, 1)', (g: ForeignOnnx, c: string) => g.node('Clip', [c, g.init('lo', [], [-1]), g.init('hi', [], [1])], ['y'], {}, '/clip'), /Clip\(min=-1, max=1/],
    // Max pooling has a ceil mode; average pooling's partial-window divisor has no CNN Studio form.
    ['AveragePool ceil_mode that adds a partial window', (g: ForeignOnnx, c: string) => g.node('AveragePool', [c], ['y'], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] }, ceil_mode: { i: 1 } }, '/pool'), /AveragePool\(ceil_mode=1/],
    ['MaxPool ceil_mode with asymmetric pads', (g: ForeignOnnx, c: string) => g.node('MaxPool', [c], ['y'], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] }, pads: { ints: [1, 0, 0, 0] }, ceil_mode: { i: 1 } }, '/pool'), /MaxPool\(ceil_mode=1, pads \[1,0,0,0\]/],
    ['ReduceMean over channels', (g: ForeignOnnx, c: string) => g.node('ReduceMean', [c], ['y'], { axes: { ints: [1] } }, '/mean'), /ReduceMean\(axes \[1\]/],
  ] as const)('%s is refused, naming it', (_label, op, message) => {
    const g = new ForeignOnnx();
    const c = g.node('Conv', ['input', g.init('w', [2, 3, 3, 3], values(54, 7))], ['c'], { kernel_shape: { ints: [3, 3] } }, '/c');
    const y = op(g, c);
    const f = g.node('Flatten', [g.node('GlobalAveragePool', [y], ['gap'], {}, '/gap')], ['f'], {}, '/f');
    g.node('Softmax', [g.node('Gemm', [f, g.init('W', [2, 2], values(4, 8)), g.init('b', [2], values(2, 9))], ['z'], { transB: { i: 1 } }, '/fc')], ['out'], { axis: { i: 1 } }, '/sm');
    const bytes = g.encode({ name: 'input', dims: ['N', 3, 7, 7] }, { name: 'out', dims: ['N', 2] }, 13);
    expect(() => importOnnxModel(bytes)).toThrow(ImportError);
    expect(() => importOnnxModel(bytes)).toThrow(message);
  });
});
