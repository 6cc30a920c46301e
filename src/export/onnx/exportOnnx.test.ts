// ONNX export checked by running it: onnxruntime-node (CPU) on the exported bytes vs the tfjs model the
// weights came from, on the same inputs (NHWC for tfjs, NCHW for ONNX). Every template is trained first:
// LeNet-5 a few Adam steps on MNIST, the others seeded random weights and then real SGD steps (batch 1 for
// the 224×227 ones). tfjs runs on wasm with CNN Studio's gradient kernels (what `cnn-studio train` uses):
// one SGD step of AlexNet takes 188 s and of ResNet-18 385 s on stock tfjs-cpu here, 3 s and 1.3 s on wasm.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { flattenGraph } from '../flatGraph';
import { weightSetFromModel } from '../weights/weightSet';
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from './exportOnnx';
import { onnx } from './onnxProto';
import { maxAbsDiff, mnistBatch, randomImages, randomizedModel, randomizedTrainedModel, templateDoc, toNchw, trainedModel, MNIST_BIN } from '../testing/trainedModel';
import { loadTfForNode } from '../../../node/train/trainBackend';
import { mixedNet, vectorNet } from '../testing/nets';
import { patternNet } from '../../templates';
import type { Graph } from '../../graph/schema';

beforeAll(async () => {
  const { choice } = await loadTfForNode('wasm');
  expect(tf.getBackend()).toBe(choice.backend);
});

export const measured: Record<string, number> = {};
afterAll(() => console.log('ONNX vs tfjs max abs diff:', JSON.stringify(measured)));

type Weights = 'mnist' | 'random' | { steps: number; batch: number };

async function compare(label: string, graph: Graph, weights: Weights, batch = 4) {
  const data = weights === 'mnist' ? mnistBatch(readFileSync(MNIST_BIN), 16) : undefined;
  const model = weights === 'mnist' ? await trainedModel(graph, data) : weights === 'random' ? randomizedModel(graph) : await randomizedTrainedModel(graph, weights);
  try {
    const bytes = exportOnnx(flattenGraph(graph), weightSetFromModel(model), { classNames: ['a', 'b'] });
    const shape = (model.inputs[0].shape as number[]).slice(1);
    const x = data ? data.x.slice(0, batch) : randomImages(batch, shape, 11);
    const want = (model.predict(x) as tf.Tensor).dataSync();
    const session = await ort.InferenceSession.create(bytes);
    const got = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', toNchw(x), [batch, shape[2], shape[0], shape[1]]) });
    const out = got[ONNX_OUTPUT];
    expect(out.dims).toEqual([batch, want.length / batch]);
    const diff = maxAbsDiff(out.data as Float32Array, want);
    measured[label] = diff;
    expect(diff).toBeLessThanOrEqual(1e-4);
    // The comparison can fail: predictions are not uniform; and with 1000 classes (probabilities near 1e-3) the
    // log-probabilities must agree too, so a small absolute difference cannot hide a wrong ranking.
    expect(Math.max(...want) - Math.min(...want)).toBeGreaterThan(1e-3);
    const probs = out.data as Float32Array;
    let logDiff = 0;
    for (let i = 0; i < want.length; i++) if (want[i] > 1e-6) logDiff = Math.max(logDiff, Math.abs(Math.log(probs[i]) - Math.log(want[i])));
    measured[`${label} (log p)`] = logDiff;
    expect(logDiff).toBeLessThanOrEqual(1e-3);
    await session.release();
    return bytes;
  } finally {
    model.dispose();
  }
}

describe('exportOnnx runs in onnxruntime with the tfjs predictions', () => {
  const template = (id: string) => async () => (await templateDoc(id)).graph;
  // [label, graph, weights, inputs compared]: every template in src/templates, then nets for what they lack.
  const cases: [string, () => Promise<Graph>, Weights, number][] = [
    ['lenet5 (MNIST-trained)', template('lenet5'), 'mnist', 4],
    ['pattern (template)', template('pattern'), { steps: 2, batch: 4 }, 4],
    ['resnet20', template('resnet20'), { steps: 2, batch: 4 }, 4],
    ['inception', template('inception'), { steps: 2, batch: 4 }, 4],
    ['alexnet', template('alexnet'), { steps: 1, batch: 1 }, 2],
    ['vgg16', template('vgg16'), { steps: 1, batch: 1 }, 1],
    ['resnet18', template('resnet18'), { steps: 1, batch: 1 }, 2],
    ['pattern net, L2 pooling', async () => patternNet({ pool: 'l2', convFilters: [8, 12], fcUnits: [32] }).graph, { steps: 2, batch: 4 }, 4],
    ['pattern net, avg pooling, odd input', async () => patternNet({ pool: 'avg', input: [13, 11, 2], convFilters: [6], fcUnits: [16], m: 2, k: 1 }).graph, 'random', 4],
    ['LRN + depthwise + concat + paddings', async () => mixedNet(), 'random', 4],
    ['flattened vectors: BN, Add, Concatenate', async () => vectorNet(), 'random', 4],
  ];
  for (const [label, graph, weights, batch] of cases)
    it(label, { timeout: 120_000 }, async () => {
      await compare(label, await graph(), weights, batch);
    });

  it('writes opset 17, NCHW input, class names in metadata and weights as initializers', async () => {
    const graph = (await templateDoc('lenet5')).graph;
    const model = randomizedModel(graph);
    const bytes = exportOnnx(flattenGraph(graph), weightSetFromModel(model), { classNames: 'zero one two three four five six seven eight nine'.split(' ') });
    const m = onnx.ModelProto.decode(bytes) as any;
    expect(Number(m.opsetImport[0].version)).toBe(17);
    const dims = m.graph.input[0].type.tensorType.shape.dim.map((d: any) => d.dimParam || Number(d.dimValue));
    expect(dims).toEqual(['N', 1, 28, 28]);
    const meta = Object.fromEntries(m.metadataProps.map((p: any) => [p.key, p.value]));
    expect(JSON.parse(meta.class_names!)[3]).toBe('three');
    const initElems = m.graph.initializer.filter((t: any) => t.dataType === 1).reduce((s: number, t: any) => s + t.dims.reduce((p: number, d: any) => p * Number(d), 1), 0);
    expect(initElems).toBe(model.countParams());
    expect(m.graph.node.map((n: any) => n.opType)).toEqual(expect.arrayContaining(['Conv', 'MaxPool', 'Relu', 'Flatten', 'Gemm', 'Softmax']));
    model.dispose();
  });
});
