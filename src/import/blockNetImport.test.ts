// #16: importing an exported block net. Neither tfjs Layers nor ONNX files carry user blocks, so the import is
// the flat net (the issue allows "a repeated structure in an imported model may stay flat"): every layer of
// every repeat, the same parameter totals and the same predictions as the block net the file came from.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { importTfjsModel } from './importTfjs';
import { importOnnxModel } from './importOnnx';
import { toProject } from './importModel';
import { predictImported } from './testing/predictImported';
import { canonicalOnnx, canonicalTfjs, expandedGraph, withoutDropout } from './testing/canonicalGraph';
import { exportModel } from '../export/exportModel';
import { TFJS_MODEL_JSON, TFJS_SHARD } from '../export/tfjs/exportTfjs';
import { maxAbsDiff, mnistBatch, randomImages, randomizedModel, MNIST_BIN } from '../export/testing/trainedModel';
import { lenetNested, stagedResnet20 } from '../export/testing/blockNets';
import { exportWeights } from '../train/applyWeights';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { PROJECT_FORMAT, PROJECT_VERSION, ProjectDocSchema } from '../project/schema';
import type { Graph } from '../graph/schema';
import { loadTfForNode } from '../../node/train/trainBackend';

beforeAll(async () => {
  const { choice } = await loadTfForNode('wasm');
  expect(tf.getBackend()).toBe(choice.backend);
});

const totals = (g: Graph) => {
  const { trainable, nonTrainable } = analyzeGraph(g).totals;
  return { trainable, nonTrainable };
};

describe('an exported block net imports as its flat net', () => {
  // The tolerances of templatesRoundTrip.test.ts for each format.
  const nets = [
    { label: 'ResNet-20, three stages of a unit ×3', make: stagedResnet20 },
    { label: 'LeNet-5, stages nested in a features block', make: lenetNested },
  ];
  const formats = [
    { format: 'tfjs', tolerance: 1e-6 },
    { format: 'onnx', tolerance: 1e-5 },
  ] as const;
  it.each(nets.flatMap((n) => formats.map((f) => ({ ...n, ...f }))))('$label, $format: every layer of every repeat, the same totals and predictions', async ({ make, format, tolerance }) => {
    const graph = make();
    const doc = ProjectDocSchema.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, name: 'block net', graph, dataset: { kind: 'mnist' } });
    const model = randomizedModel(graph, 23);
    const shape = (model.inputs[0].shape as number[]).slice(1);
    const x = shape[2] === 1 ? mnistBatch(readFileSync(MNIST_BIN), 3, 200).x : randomImages(2, shape, 29);
    try {
      const want = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
      const files = await exportModel(tf, doc, format, { weights: await exportWeights(tf, model) });
      const imported =
        format === 'tfjs'
          ? importTfjsModel(files[TFJS_MODEL_JSON] as string, files[TFJS_SHARD] as Uint8Array)
          : importOnnxModel(Object.entries(files).find(([name]) => name.endsWith('.onnx'))![1] as Uint8Array, 'block net');
      expect(imported.graph.nodes.filter((n) => n.type === 'Block')).toEqual([]);
      // The block net's expansion, layer for layer (tfjs keeps every param; ONNX the computed function).
      if (format === 'tfjs') expect(canonicalTfjs(imported.graph)).toEqual(canonicalTfjs(expandedGraph(graph)));
      else expect(canonicalOnnx(imported.graph)).toEqual(canonicalOnnx(withoutDropout(expandedGraph(graph))));
      expect(totals(imported.graph)).toEqual(totals(graph));
      expect(maxAbsDiff(predictImported(tf, toProject(tf, imported), x), want)).toBeLessThanOrEqual(tolerance);
    } finally {
      model.dispose();
      x.dispose();
    }
  }, 120_000);
});
