// TensorFlow.js Layers export: load the written model.json + shard with tf.loadLayersModel (tf.io.fromMemory)
// and compare predictions with the model they came from; custom layers (L2Pooling2D, LRN) must load too.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { exportTfjs, loadTfjsFromFiles, TFJS_MODEL_JSON, TFJS_SHARD } from './exportTfjs';
import { maxAbsDiff, mnistBatch, randomImages, randomizedModel, templateDoc, trainedModel, MNIST_BIN } from '../testing/trainedModel';
import { mixedNet } from '../testing/nets';
import { patternNet } from '../../templates';
import type { Graph } from '../../graph/schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

export const measured: Record<string, number> = {};

describe('exportTfjs', () => {
  const cases: [string, () => Promise<{ graph: Graph; mnist: boolean }>][] = [
    ['LeNet-5 trained on MNIST', async () => ({ graph: (await templateDoc('lenet5')).graph, mnist: true })],
    ['pattern net with L2Pooling2D (custom layer)', async () => ({ graph: patternNet({ pool: 'l2', convFilters: [6], fcUnits: [16] }).graph, mnist: false })],
    ['LRN (custom layer) + depthwise + concat', async () => ({ graph: mixedNet(), mnist: false })],
  ];
  for (const [label, make] of cases)
    it(`${label}: tf.loadLayersModel gives the same predictions`, async () => {
      const { graph, mnist } = await make();
      const data = mnist ? mnistBatch(readFileSync(MNIST_BIN), 16) : undefined;
      const model = mnist ? await trainedModel(graph, data) : randomizedModel(graph);
      const files = await exportTfjs(tf, model, { classNames: ['a'] });
      const json = JSON.parse(files[TFJS_MODEL_JSON]);
      expect(json.format).toBe('layers-model');
      expect(json.weightsManifest[0].paths).toEqual([TFJS_SHARD]);
      expect(files[TFJS_SHARD].byteLength).toBe(model.countParams() * 4);
      const loaded = await loadTfjsFromFiles(tf, { json: files[TFJS_MODEL_JSON], bin: files[TFJS_SHARD] });
      const x = data ? data.x : randomImages(4, (model.inputs[0].shape as number[]).slice(1), 9);
      const a = (model.predict(x) as tf.Tensor).dataSync();
      const b = (loaded.predict(x) as tf.Tensor).dataSync();
      const diff = maxAbsDiff(a, b);
      measured[label] = diff;
      console.log(`tfjs round trip ${label}: max abs diff ${diff}`);
      expect(diff).toBeLessThanOrEqual(1e-6);
      expect(Math.max(...a) - Math.min(...a)).toBeGreaterThan(1e-3);
      model.dispose();
      loaded.dispose();
    });
});
