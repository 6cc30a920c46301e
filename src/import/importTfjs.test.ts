// Import of tfjs Layers models: export → import gives the same graph (types, params, edges) and, with the
// imported weights, the same predictions; unsupported layers are all named in one clean error.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { importTfjsModel } from './importTfjs';
import { toProject } from './importModel';
import { ImportError } from './importError';
import { exportTfjs, TFJS_MODEL_JSON, TFJS_SHARD } from '../export/tfjs/exportTfjs';
import { buildTfModel } from '../train/buildTfModel';
import { applyWeights } from '../train/applyWeights';
import { canonicalTfjs as canonical } from './testing/canonicalGraph';
import { maxAbsDiff, mnistBatch, randomImages, randomizedModel, templateDoc, trainedModel, MNIST_BIN } from '../export/testing/trainedModel';
import { mixedNet, vectorNet } from '../export/testing/nets';
import { patternNet } from '../templates';
import type { Graph } from '../graph/schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('importTfjsModel', () => {
  const cases: [string, () => Promise<Graph>, boolean][] = [
    ['LeNet-5 (MNIST-trained)', async () => (await templateDoc('lenet5')).graph, true],
    ['pattern net with L2 pooling', async () => patternNet({ pool: 'l2', convFilters: [6, 8], fcUnits: [16] }).graph, false],
    ['LRN + depthwise + concat + paddings', async () => mixedNet(), false],
    ['flattened vectors', async () => vectorNet(), false],
  ];
  for (const [label, make, mnist] of cases)
    it(`${label}: export → import gives the same graph and predictions`, async () => {
      const graph = await make();
      const data = mnist ? mnistBatch(readFileSync(MNIST_BIN), 16) : undefined;
      const model = data ? await trainedModel(graph, data) : randomizedModel(graph);
      const files = await exportTfjs(tf, model, { modelName: label });
      const imported = importTfjsModel(files[TFJS_MODEL_JSON], files[TFJS_SHARD]);
      expect(canonical(imported.graph)).toEqual(canonical(graph));
      const { doc, weights } = toProject(tf, imported);
      expect(doc.name).toBe(label);
      const rebuilt = buildTfModel(doc.graph, tf);
      applyWeights(tf, rebuilt, weights!);
      const x = data?.x ?? randomImages(3, (model.inputs[0].shape as number[]).slice(1), 4);
      const diff = maxAbsDiff((rebuilt.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync());
      console.log(`import round trip ${label}: max abs diff ${diff}`);
      expect(diff).toBeLessThanOrEqual(1e-6);
      model.dispose();
      rebuilt.dispose();
    });

  it('ResNet-20 (composites come back expanded): same predictions', async () => {
    const graph = (await templateDoc('resnet20')).graph;
    const model = randomizedModel(graph);
    const files = await exportTfjs(tf, model);
    const { doc, weights } = toProject(tf, importTfjsModel(files[TFJS_MODEL_JSON], files[TFJS_SHARD]));
    expect(doc.graph.nodes.some((n) => n.type === 'ResidualBlock')).toBe(false);
    const rebuilt = buildTfModel(doc.graph, tf);
    applyWeights(tf, rebuilt, weights!);
    const x = randomImages(2, [32, 32, 3], 8);
    expect(maxAbsDiff((rebuilt.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync())).toBeLessThanOrEqual(1e-6);
    model.dispose();
    rebuilt.dispose();
  });

  it('lists every unsupported layer by name and imports nothing', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3, activation: 'gelu_new' }),
        tf.layers.upSampling2d({ size: [2, 2] }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const files = await exportTfjs(tf, model);
    let error: unknown;
    try {
      importTfjsModel(files[TFJS_MODEL_JSON], files[TFJS_SHARD]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).unsupported).toEqual(['Conv2D(activation=gelu_new)', 'UpSampling2D']);
    expect((error as Error).message).toMatch(/UpSampling2D/);
    model.dispose();
  });

  it('a Keras Sequential model made outside CNN Studio becomes Input → … → Output', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [10, 10, 2], filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 4 }),
        tf.layers.activation({ activation: 'softmax' }),
      ],
    });
    const files = await exportTfjs(tf, model);
    const { doc, weights } = toProject(tf, importTfjsModel(files[TFJS_MODEL_JSON], files[TFJS_SHARD]));
    expect(doc.graph.nodes.map((n) => n.type)).toEqual(['Input', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Output']);
    const rebuilt = buildTfModel(doc.graph, tf);
    applyWeights(tf, rebuilt, weights!);
    const x = randomImages(2, [10, 10, 2], 1);
    expect(maxAbsDiff((rebuilt.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync())).toBeLessThanOrEqual(1e-6);
  });
});
