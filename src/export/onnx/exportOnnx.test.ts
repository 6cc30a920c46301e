// ONNX export checked by running it: onnxruntime-node (CPU) on the exported bytes vs the tfjs model the
// weights came from, on the same inputs (NHWC for tfjs, NCHW for ONNX). LeNet-5 is trained a few steps on
// MNIST; the other nets get seeded random weights (training them on 2 shared CPU cores would take minutes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { flattenGraph } from '../flatGraph';
import { weightSetFromModel } from '../weights/weightSet';
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from './exportOnnx';
import { onnx } from './onnxProto';
import { maxAbsDiff, mnistBatch, randomImages, randomizedModel, templateDoc, toNchw, trainedModel, MNIST_BIN } from '../testing/trainedModel';
import { mixedNet, vectorNet } from '../testing/nets';
import { patternNet } from '../../templates';
import type { Graph } from '../../graph/schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

export const measured: Record<string, number> = {};
afterAll(() => console.log('ONNX vs tfjs max abs diff:', JSON.stringify(measured)));

async function compare(label: string, graph: Graph, data?: { x: tf.Tensor4D; y: tf.Tensor2D }, batch = 4) {
  const model = data ? await trainedModel(graph, data) : randomizedModel(graph);
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
    // The comparison can fail: predictions are not uniform.
    expect(Math.max(...want) - Math.min(...want)).toBeGreaterThan(1e-3);
    await session.release();
    return bytes;
  } finally {
    model.dispose();
  }
}

describe('exportOnnx runs in onnxruntime with the tfjs predictions', () => {
  const cases: [string, () => Promise<Graph>, boolean][] = [
    ['lenet5 (MNIST-trained)', async () => (await templateDoc('lenet5')).graph, true],
    ['resnet20', async () => (await templateDoc('resnet20')).graph, false],
    ['inception', async () => (await templateDoc('inception')).graph, false],
    ['pattern net, L2 pooling', async () => patternNet({ pool: 'l2', convFilters: [8, 12], fcUnits: [32] }).graph, false],
    ['pattern net, avg pooling, odd input', async () => patternNet({ pool: 'avg', input: [13, 11, 2], convFilters: [6], fcUnits: [16], m: 2, k: 1 }).graph, false],
    ['LRN + depthwise + concat + paddings', async () => mixedNet(), false],
    ['flattened vectors: BN, Add, Concatenate', async () => vectorNet(), false],
  ];
  for (const [label, graph, mnist] of cases)
    it(label, async () => {
      await compare(label, await graph(), mnist ? mnistBatch(readFileSync(MNIST_BIN), 16) : undefined);
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
