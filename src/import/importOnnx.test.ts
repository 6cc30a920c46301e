// ONNX import: CNN Studio's own ONNX exports come back as graphs that compute the same function (same layer
// types and connections; padding compared as the pads it produces) and, with the imported weights, the same
// predictions; a model with ops CNN Studio lacks is refused with every such op named. Files as other tools
// write them (odd names, Constant nodes, MatMul + Add, NHWC, logits) predict what onnxruntime computes.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { importOnnxModel } from './importOnnx';
import { toProject } from './importModel';
import { ImportError } from './importError';
import { exportOnnx } from '../export/onnx/exportOnnx';
import { OnnxModelBuilder } from '../export/onnx/modelBuilder';
import { flattenGraph } from '../export/flatGraph';
import { weightSetFromModel } from '../export/weights/weightSet';
import { buildTfModel } from '../train/buildTfModel';
import { applyWeights } from '../train/applyWeights';
import { canonicalOnnx as canonical, withoutDropout } from './testing/canonicalGraph';
import { maxAbsDiff, mnistBatch, randomImages, randomizedModel, templateDoc, toNchw, trainedModel, MNIST_BIN } from '../export/testing/trainedModel';
import { mixedNet, vectorNet } from '../export/testing/nets';
import { patternNet } from '../templates';
import type { Graph } from '../graph/schema';
import * as ort from 'onnxruntime-node';
import { ForeignOnnx, values } from './testing/foreignOnnx';
import { predictImported } from './testing/predictImported';
import { getLayer } from '../layers/registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('importOnnxModel', () => {
  const cases: [string, () => Promise<Graph>, boolean][] = [
    ['LeNet-5 (MNIST-trained)', async () => (await templateDoc('lenet5')).graph, true],
    ['pattern net, L2 pooling', async () => patternNet({ pool: 'l2', convFilters: [6, 8], fcUnits: [16] }).graph, false],
    ['pattern net, avg pooling', async () => patternNet({ pool: 'avg', input: [13, 11, 2], convFilters: [6], fcUnits: [16], k: 1 }).graph, false],
    ['flattened vectors: BN, Add, Concatenate', async () => vectorNet(), false],
  ];
  for (const [label, make, mnist] of cases)
    it(`${label}: export → import gives the same graph and predictions`, async () => {
      const graph = await make();
      const data = mnist ? mnistBatch(readFileSync(MNIST_BIN), 16) : undefined;
      const model = data ? await trainedModel(graph, data) : randomizedModel(graph);
      const bytes = exportOnnx(flattenGraph(graph), weightSetFromModel(model), { modelName: label });
      const imported = importOnnxModel(bytes);
      expect(canonical(imported.graph)).toEqual(canonical(withoutDropout(graph)));
      const { weights } = toProject(tf, imported);
      const rebuilt = buildTfModel(imported.graph, tf);
      applyWeights(tf, rebuilt, weights!);
      const x = data?.x ?? randomImages(3, (model.inputs[0].shape as number[]).slice(1), 4);
      const diff = maxAbsDiff((rebuilt.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync());
      console.log(`ONNX import round trip ${label}: max abs diff ${diff}`);
      expect(diff).toBeLessThanOrEqual(1e-5);
      model.dispose();
      rebuilt.dispose();
    });

  it.each([
    ['ResNet-20', async () => (await templateDoc('resnet20')).graph],
    ['inception', async () => (await templateDoc('inception')).graph],
    ['LRN + depthwise + concat + every padding', async () => mixedNet()],
  ])('%s: the imported (expanded) graph predicts the same', async (_label, make) => {
    const graph = await make();
    const model = randomizedModel(graph);
    const imported = importOnnxModel(exportOnnx(flattenGraph(graph), weightSetFromModel(model)));
    const { weights } = toProject(tf, imported);
    const rebuilt = buildTfModel(imported.graph, tf);
    applyWeights(tf, rebuilt, weights!);
    const x = randomImages(2, (model.inputs[0].shape as number[]).slice(1), 6);
    expect(maxAbsDiff((rebuilt.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync())).toBeLessThanOrEqual(1e-5);
    model.dispose();
    rebuilt.dispose();
  });

  it('names every unsupported op and imports nothing', () => {
    const b = new OnnxModelBuilder();
    const r = b.node('Resize', ['input'], 'up');
    const s = b.node('HardSwish', [r], 'hs');
    b.node('Identity', [s], 'probabilities', {}, true);
    const bytes = b.encode({ graphName: 'g', input: { name: 'input', shape: ['N', 1, 8, 8] }, output: { name: 'probabilities', shape: ['N', 1, 8, 8] }, metadata: {} });
    let error: unknown;
    try {
      importOnnxModel(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).unsupported).toEqual(expect.arrayContaining(['Resize']));
    expect((error as Error).message).toMatch(/Resize/);
  });
});

// Files written as other tools write them (src/import/testing/foreignOnnx.ts): each opens and predicts what
// onnxruntime computes from the same file, or is refused with the node, the op and what to do named.
describe('importOnnxModel: other tools\' files', () => {
  const N = 2;
  /** Conv weights O×I×F×F and bias, deterministic. */
  const conv = (g: ForeignOnnx, name: string, O: number, I: number, F: number, seed: number) => [g.init(`${name}.weight`, [O, I, F, F], values(O * I * F * F, seed)), g.init(`${name}.bias`, [O], values(O, seed + 1))];

  const opens: { label: string; nhwc?: boolean; logits?: boolean; batch1?: boolean; make(): { bytes: Uint8Array; input: [number, number, number] } }[] = [
    {
      label: 'Identity on weights, Constant bias and shape, odd and empty names, Dropout(ratio, training_mode), MatMul + Add, dynamic batch',
      make: () => {
        const g = new ForeignOnnx();
        g.init('onnx::Conv_7', [4, 2, 3, 3], values(72, 3));
        const w = g.node('Identity', ['onnx::Conv_7'], ['w:id'], {}, '');
        const b = g.constant('/c1/Constant_output_0', [4], values(4, 9), 'float', '/c1/Constant');
        const c = g.node('Conv', ['x.in', w, b], ['/c1/Conv_output_0'], { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } }, '/c1/Conv');
        const r = g.node('Relu', [c], ['r'], {}, '');
        const ratio = g.constant('ratio', [], [0.5]);
        const training = g.constant('training', [], [0], 'bool');
        const d = g.node('Dropout', [r, ratio, training], ['dropped'], {}, 'drop:0');
        const shape = g.constant('shape', [2], [0, -1], 'int64');
        const f = g.node('Reshape', [d, shape], ['flat'], {}, 'a/b.c:d');
        g.init('fc.W', [4 * 6 * 6, 5], values(144 * 5, 11, 0.2));
        g.init('fc.b', [5], values(5, 12));
        const mm = g.node('MatMul', [f, 'fc.W'], ['mm'], {}, '/fc/MatMul');
        const z = g.node('Add', ['fc.b', mm], ['z'], {}, '/fc/Add');
        g.node('Softmax', [z], ['prob'], { axis: { i: 1 } }, '');
        return { bytes: g.encode({ name: 'x.in', dims: ['batch_size', 2, 6, 6] }, { name: 'prob', dims: ['batch_size', 5] }, 13), input: [6, 6, 2] };
      },
    },
    {
      label: 'tf2onnx NHWC: Transpose in, conv, pool, Transpose out, Reshape [-1, k], MatMul + Add, Softmax(axis −1)',
      nhwc: true,
      make: () => {
        const g = new ForeignOnnx();
        const t = g.node('Transpose', ['input_1'], ['nchw'], { perm: { ints: [0, 3, 1, 2] } }, 'model/conv2d/Conv2D__6');
        const c = g.node('Conv', [t, ...conv(g, 'model/conv2d/Conv2D', 4, 3, 3, 20)], ['conv'], { kernel_shape: { ints: [3, 3] }, pads: { ints: [1, 1, 1, 1] } }, 'model/conv2d/BiasAdd');
        const r = g.node('Relu', [c], ['relu'], {}, 'model/conv2d/Relu');
        const p = g.node('MaxPool', [r], ['pool'], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }, 'model/max_pooling2d/MaxPool');
        const back = g.node('Transpose', [p], ['nhwc'], { perm: { ints: [0, 2, 3, 1] } }, 'model/max_pooling2d/MaxPool__12');
        g.init('const_fold_opt__20', [2], [-1, 4 * 4 * 4], 'int64');
        const f = g.node('Reshape', [back, 'const_fold_opt__20'], ['flat'], {}, 'model/flatten/Reshape');
        g.init('model/dense/MatMul/ReadVariableOp:0', [64, 6], values(64 * 6, 21, 0.3));
        g.init('model/dense/BiasAdd/ReadVariableOp:0', [6], values(6, 22));
        const mm = g.node('MatMul', [f, 'model/dense/MatMul/ReadVariableOp:0'], ['mm'], {}, 'model/dense/MatMul');
        const z = g.node('Add', [mm, 'model/dense/BiasAdd/ReadVariableOp:0'], ['z'], {}, 'model/dense/BiasAdd');
        g.node('Softmax', [z], ['dense'], { axis: { i: -1 } }, 'model/dense/Softmax');
        return { bytes: g.encode({ name: 'input_1', dims: ['unk__27', 8, 8, 3] }, { name: 'dense', dims: ['unk__28', 6] }, 13), input: [8, 8, 3] };
      },
    },
    {
      label: 'BatchNormalization × constant, Sigmoid, LeakyRelu, GlobalAveragePool, Flatten, Gemm(transB=0) returning logits, batch fixed at 1',
      logits: true,
      batch1: true,
      make: () => {
        const g = new ForeignOnnx();
        const c = g.node('Conv', ['input', ...conv(g, 'c', 6, 3, 3, 30)], ['c'], { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] } }, 'c');
        const bn = g.node('BatchNormalization', [c, g.init('bn.g', [6], values(6, 31).map((v) => v + 1)), g.init('bn.b', [6], values(6, 32)), g.init('bn.m', [6], values(6, 33)), g.init('bn.v', [6], values(6, 34).map((v) => v + 1))], ['bn'], { epsilon: { f: 1e-5 } }, 'bn');
        // A per-channel scale after BN folds into γ and β.
        const scaled = g.node('Mul', [bn, g.init('bn.scale', [1, 6, 1, 1], [2, 0.5, 1, 3, -1, 1.5])], ['bn_scaled'], {}, 'bn/Mul');
        const s = g.node('Sigmoid', [scaled], ['s'], {}, 's');
        const l = g.node('LeakyRelu', [s], ['l'], { alpha: { f: 0.1 } }, 'l');
        const gap = g.node('GlobalAveragePool', [l], ['gap'], {}, 'gap');
        const f = g.node('Flatten', [gap], ['f'], { axis: { i: 1 } }, 'f');
        g.node('Gemm', [f, g.init('fc.W', [6, 4], values(24, 35, 3)), g.init('fc.b', [4], values(4, 36))], ['logits'], { transB: { i: 0 } }, 'fc');
        return { bytes: g.encode({ name: 'input', dims: [1, 3, 9, 9] }, { name: 'logits', dims: [1, 4] }, 11), input: [9, 9, 3] };
      },
    },
    {
      label: 'zero Pad (pads as input), depthwise Conv(group = channels), Add of two tensors, Concat on channels, Tanh',
      make: () => {
        const g = new ForeignOnnx();
        const pads = g.constant('pads', [8], [0, 0, 1, 1, 0, 0, 1, 1], 'int64');
        const p = g.node('Pad', ['input', pads], ['p'], {}, 'pad');
        const dw = g.node('Conv', [p, ...conv(g, 'dw', 4, 1, 3, 40)], ['dw'], { kernel_shape: { ints: [3, 3] }, group: { i: 4 } }, 'dw');
        const a = g.node('Add', [dw, 'input'], ['a'], {}, 'add');
        const t = g.node('Tanh', [a], ['t'], {}, 'tanh');
        const cat = g.node('Concat', [t, 'input'], ['cat'], { axis: { i: 1 } }, 'cat');
        const gap = g.node('GlobalAveragePool', [cat], ['gap'], {}, 'gap');
        const f = g.node('Flatten', [gap], ['f'], {}, 'flat');
        const z = g.node('Gemm', [f, g.init('fc.W', [3, 8], values(24, 41, 2)), g.init('fc.b', [3], values(3, 42))], ['z'], { transB: { i: 1 } }, 'fc');
        g.node('Softmax', [z], ['out'], {}, 'sm');
        return { bytes: g.encode({ name: 'input', dims: ['N', 4, 6, 6] }, { name: 'out', dims: ['N', 3] }, 13), input: [6, 6, 4] };
      },
    },
    {
      label: 'constant Add / Mul / Sub / Div after Conv and Gemm folded into their weights (tf2onnx bias Add, x * 0.5), Gemm → Mul → Softmax',
      make: () => {
        const g = new ForeignOnnx();
        const c1 = g.node('Conv', ['input', g.init('c1.w', [4, 3, 3, 3], values(108, 60))], ['c1'], { kernel_shape: { ints: [3, 3] } }, 'c1');
        const b1 = g.node('Add', [g.init('c1.b', [1, 4, 1, 1], values(4, 61)), c1], ['b1'], {}, 'c1/BiasAdd');
        const m1 = g.node('Mul', [b1, g.init('half', [], [0.5])], ['m1'], {}, '/Mul');
        const r = g.node('Relu', [m1], ['r'], {}, '/Relu');
        const c2 = g.node('Conv', [r, ...conv(g, 'c2', 4, 4, 1, 62)], ['c2'], { kernel_shape: { ints: [1, 1] } }, 'c2');
        const s2 = g.node('Sub', [c2, g.init('mean', [4, 1, 1], values(4, 63))], ['s2'], {}, '/Sub');
        const d2 = g.node('Div', [s2, g.init('std', [1, 4, 1, 1], [0.5, 1, 2, 4])], ['d2'], {}, '/Div');
        const f = g.node('Flatten', [g.node('GlobalAveragePool', [d2], ['gap'], {}, 'gap')], ['f'], {}, 'flat');
        const z = g.node('Gemm', [f, g.init('fc.W', [5, 4], values(20, 64, 2)), g.init('fc.b', [5], values(5, 65))], ['z'], { transB: { i: 1 } }, 'fc');
        const t = g.node('Mul', [z, g.init('temperature', [5], [3, 2, 1, 2, 3])], ['t'], {}, '/Mul_1');
        g.node('Softmax', [t], ['out'], { axis: { i: -1 } }, '/Softmax');
        return { bytes: g.encode({ name: 'input', dims: ['N', 3, 6, 6] }, { name: 'out', dims: ['N', 5] }, 13), input: [6, 6, 3] };
      },
    },
  ];

  it.each(opens)('$label: opens and predicts what onnxruntime computes', async ({ nhwc, logits, batch1, make }) => {
    const { bytes, input } = make();
    const [H, W, C] = input;
    const x = randomImages(N, input, 13);
    const session = await ort.InferenceSession.create(bytes);
    const run = async (v: Float32Array, n: number) => (await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', v, nhwc ? [n, H, W, C] : [n, C, H, W]) }))[session.outputNames[0]].data as Float32Array;
    const flat = nhwc ? (x.dataSync() as Float32Array) : toNchw(x);
    const per = H * W * C;
    const raw = batch1 ? Float32Array.from([...(await run(flat.slice(0, per), 1)), ...(await run(flat.slice(per), 1))]) : await run(flat, N);
    const want = logits ? (tf.tidy(() => tf.softmax(tf.tensor2d(raw, [N, raw.length / N])).dataSync()) as Float32Array) : raw;
    const imported = importOnnxModel(bytes);
    const out = imported.graph.nodes.find((n) => n.type === 'Output')!;
    expect(out.params.returns).toBe(logits ? 'logits' : undefined);
    expect(getLayer('Output')!.summary!(out.params)).toMatch(logits ? /classes, logits$/ : /classes, softmax$/);
    const r = toProject(tf, imported);
    const got = predictImported(tf, r, x);
    expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(1e-5);
    // The predictions are not all alike (which a wrong weight order could still match).
    expect(Math.max(...want) - Math.min(...want)).toBeGreaterThan(0.05);
    await session.release();
  });

  const refused: { label: string; make(): Uint8Array; names: string[]; says: RegExp }[] = [
    {
      label: 'ConvTranspose',
      make: () => {
        const g = new ForeignOnnx();
        g.node('ConvTranspose', ['input', g.init('up.weight', [2, 2, 2, 2], values(16, 1))], ['y'], { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } }, '/up/ConvTranspose');
        return g.encode({ name: 'input', dims: ['N', 2, 4, 4] }, { name: 'y', dims: ['N', 2, 8, 8] });
      },
      names: ['ConvTranspose'],
      says: /ONNX node "\/up\/ConvTranspose" \(ConvTranspose\): ConvTranspose — CNN Studio has no transposed-convolution/,
    },
    {
      label: 'a grouped Conv (group 2 of 4 channels)',
      make: () => {
        const g = new ForeignOnnx();
        g.node('Conv', ['input', g.init('w', [4, 2, 3, 3], values(72, 2))], ['y'], { kernel_shape: { ints: [3, 3] }, group: { i: 2 } }, 'grouped');
        return g.encode({ name: 'input', dims: ['N', 4, 6, 6] }, { name: 'y', dims: ['N', 4, 4, 4] });
      },
      names: ['Conv(group=2)'],
      says: /ONNX node "grouped" \(Conv\): Conv\(group=2\) — .*split a grouped convolution/,
    },
    {
      label: 'Mul by a constant',
      make: () => {
        const g = new ForeignOnnx();
        const m = g.node('Mul', ['input', g.init('scale', [1], [0.5])], ['m'], {}, '/Mul');
        g.node('Relu', [m], ['y'], {}, '/Relu');
        return g.encode({ name: 'input', dims: ['N', 1, 4, 4] }, { name: 'y', dims: ['N', 1, 4, 4] });
      },
      names: ['Mul'],
      // The Relu after it is not read either, only because of the Mul: counted, not listed as a cause.
      says: /ONNX node "\/Mul" \(Mul\): Mul — a multiplication[^\n]*\n\(1 later node reads their results and was not read either\.\)$/,
    },
    {
      label: 'a Reshape that is not a Flatten',
      make: () => {
        const g = new ForeignOnnx();
        g.node('Reshape', ['input', g.init('s', [3], [0, 2, -1], 'int64')], ['y'], {}, 'r');
        return g.encode({ name: 'input', dims: ['N', 4, 2, 2] }, { name: 'y', dims: ['N', 2, 8] });
      },
      names: ['Reshape(to [0, 2, -1])'],
      says: /ONNX node "r" \(Reshape\): Reshape\(to \[0, 2, -1\]\) — CNN Studio reads Reshape only as Flatten/,
    },
  ];
  it.each(refused)('$label: refused, the node named with what to do', ({ make, names, says }) => {
    let error: unknown;
    try {
      importOnnxModel(make());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).unsupported).toEqual(names);
    expect((error as Error).message).toMatch(says);
  });

  it.each([
    ['Softmax after global pooling (SqueezeNet style)', 'Softmax', /ends in a Softmax \("sm"\) after a GlobalAveragePooling2D \("gap"\), not after a fully connected layer/],
    ['a convolution', 'Relu', /ends in an Activation \("relu"\)\. Nothing was imported — CNN Studio graphs end in a classifier head/],
  ])('a model ending in %s is refused saying how it must end', (_label, last, says) => {
    const g = new ForeignOnnx();
    const c = g.node('Conv', ['input', ...conv(g, 'c', 3, 2, 1, 50)], ['c'], { kernel_shape: { ints: [1, 1] } }, 'c');
    if (last === 'Softmax') g.node('Softmax', [g.node('Flatten', [g.node('GlobalAveragePool', [c], ['gap'], {}, 'gap')], ['f'], {}, 'f')], ['y'], {}, 'sm');
    else g.node('Relu', [c], ['y'], {}, 'relu');
    expect(() => importOnnxModel(g.encode({ name: 'input', dims: ['N', 2, 4, 4] }, { name: 'y', dims: ['N', 3] }))).toThrow(says);
  });
});
