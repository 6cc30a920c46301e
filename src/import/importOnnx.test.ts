// ONNX import: CNN Studio's own ONNX exports come back as graphs that compute the same function (same layer
// types and connections; padding compared as the pads it produces) and, with the imported weights, the same
// predictions; a model with ops CNN Studio lacks is refused with every such op named.
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
import { maxAbsDiff, mnistBatch, randomImages, randomizedModel, templateDoc, trainedModel, MNIST_BIN } from '../export/testing/trainedModel';
import { mixedNet, vectorNet } from '../export/testing/nets';
import { patternNet } from '../templates';
import type { Graph } from '../graph/schema';

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
