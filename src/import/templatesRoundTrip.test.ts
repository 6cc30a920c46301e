// Every template in src/templates, trained first (seeded random weights, then real SGD steps: batch 1 for the
// 224×227 nets), goes export → import → the same graph and the same predictions, as tfjs Layers and as ONNX.
// Composites (ResidualBlock, InceptionBlock) come back expanded, so the graph compared is the expanded one.
// One trained model per template serves both formats. tfjs runs on wasm with CNN Studio's gradient kernels
// (on stock tfjs-cpu one VGG-16 forward pass alone takes ~70 s here). VGG-16 (138 M weights) is the costly
// one: five builds that each initialise every weight (~8 s apiece) and a 553 MB export per format, ~75 s on
// a 2-core machine. It skips the SGD step (~26 s at batch 1): it has no BatchNorm, so the randomized weights
// are already all unlike the initial ones, which is what the round trip needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { importTfjsModel } from './importTfjs';
import { importOnnxModel } from './importOnnx';
import { toProject } from './importModel';
import { predictImported } from './testing/predictImported';
import { canonicalOnnx, canonicalTfjs, expandedGraph, withoutDropout } from './testing/canonicalGraph';
import { exportTfjs, TFJS_MODEL_JSON, TFJS_SHARD } from '../export/tfjs/exportTfjs';
import { exportOnnx } from '../export/onnx/exportOnnx';
import { flattenGraph } from '../export/flatGraph';
import { weightSetFromModel } from '../export/weights/weightSet';
import { maxAbsDiff, randomImages, randomizedTrainedModel, templateDoc } from '../export/testing/trainedModel';
import { loadTfForNode } from '../../node/train/trainBackend';
import { templates } from '../templates';
import type { Graph } from '../graph/schema';

beforeAll(async () => {
  const { choice } = await loadTfForNode('wasm');
  expect(tf.getBackend()).toBe(choice.backend);
});

const measured: Record<string, number> = {};
afterAll(() => console.log('import round trip, max abs diff of predictions:', JSON.stringify(measured)));

const big = new Set(['alexnet', 'vgg16', 'resnet18']);
/** SGD steps before the round trip: none for VGG-16 (see above), one at batch 1 for the other 224×227 nets. */
const training = (id: string) => (id === 'vgg16' ? { steps: 0, batch: 1 } : big.has(id) ? { steps: 1, batch: 1 } : { steps: 2, batch: 4 });
/** Per hook and test: VGG-16's builds and 553 MB exports need more than the default on a loaded 2-core CI. */
const budget = (id: string) => (id === 'vgg16' ? 300_000 : 120_000);
const cases = templates.map((t) => [t.id]);

describe.each(cases)('%s: export → import → same graph, same predictions', (id) => {
  let graph: Graph;
  let model: tf.LayersModel;
  let x: tf.Tensor4D;
  let want: Float32Array;
  beforeAll(async () => {
    graph = (await templateDoc(id)).graph;
    model = await randomizedTrainedModel(graph, training(id));
    x = randomImages(big.has(id) ? 1 : 3, (model.inputs[0].shape as number[]).slice(1), 13);
    want = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
    // The comparison can fail: the predictions are not uniform.
    expect(Math.max(...want) - Math.min(...want)).toBeGreaterThan(1e-3);
  }, budget(id));
  afterAll(() => {
    model?.dispose();
    x?.dispose();
  });

  it('tfjs Layers', { timeout: budget(id) }, async () => {
    const files = await exportTfjs(tf, model, { modelName: id });
    const imported = importTfjsModel(files[TFJS_MODEL_JSON], files[TFJS_SHARD]);
    expect(canonicalTfjs(imported.graph)).toEqual(canonicalTfjs(expandedGraph(graph)));
    const diff = maxAbsDiff(predictImported(tf, toProject(tf, imported), x), want);
    measured[`${id} tfjs`] = diff;
    expect(diff).toBeLessThanOrEqual(1e-6);
  });

  it('ONNX', { timeout: budget(id) }, async () => {
    const imported = importOnnxModel(exportOnnx(flattenGraph(graph), weightSetFromModel(model), { modelName: id }), id);
    expect(canonicalOnnx(imported.graph)).toEqual(canonicalOnnx(withoutDropout(expandedGraph(graph))));
    const diff = maxAbsDiff(predictImported(tf, toProject(tf, imported), x), want);
    measured[`${id} onnx`] = diff;
    expect(diff).toBeLessThanOrEqual(1e-5);
  });
});
