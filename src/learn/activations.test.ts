// Activations are the tfjs model's own intermediate outputs: on LeNet-5 trained for a few steps on real MNIST,
// every node's map equals a tf.model cut at that node's layer (looked up by its layer name, not by our map).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../kernels/index';
import { loadMnist } from '../../node/data/ensureMnist';
import type { InMemoryDataset } from '../data/dataset';
import { lenet5 } from '../templates/lenet5';
import { buildTfModelWithAnalysis, type BuiltModel } from '../train/buildTfModel';
import { layerActivations } from './activations';
import { sampleInput, trainedLenet5 } from './testNets';

let mnist: InMemoryDataset;
let built: BuiltModel;
const graph = lenet5().graph;

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  mnist = await loadMnist();
  built = await trainedLenet5(tf, mnist, graph);
}, 120_000);

function referenceLayer(model: tf.LayersModel, name: string): tf.layers.Layer {
  for (const n of [`${name}_act`, name])
    try {
      return model.getLayer(n);
    } catch {
      /* next */
    }
  throw new Error(`no layer ${name}`);
}

describe('layerActivations (LeNet-5, real digits)', () => {
  for (const sample of [0, 1, 7])
    it(`digit #${sample}: every node equals the model cut at its layer`, async () => {
      const input = sampleInput(mnist, sample);
      const acts = await layerActivations(tf, graph, built.model, input);
      const a = built.analysis;
      expect(acts.map((x) => x.nodeId)).toEqual(a.order);
      for (const act of acts) {
        expect(act.shape, act.nodeId).toEqual(a.nodes[act.nodeId].outputShape);
        let min = Infinity;
        let max = -Infinity;
        for (const v of act.data) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        expect([act.min, act.max]).toEqual([min, max]);
        if (act.nodeId === a.inputNodeId) {
          expect(Array.from(act.data)).toEqual(Array.from(input));
          continue;
        }
        const layer = referenceLayer(built.model, built.nodeLayerNames.get(act.nodeId)!);
        const cut = tf.model({ inputs: built.model.inputs, outputs: layer.output as tf.SymbolicTensor });
        const ref = tf.tidy(() => (cut.predict(tf.tensor4d(input, [1, 28, 28, 1])) as tf.Tensor).dataSync());
        expect(act.data.length).toBe(ref.length);
        let diff = 0;
        for (let i = 0; i < ref.length; i++) diff = Math.max(diff, Math.abs(act.data[i] - ref[i]));
        expect(diff, act.nodeId).toBeLessThanOrEqual(1e-6);
      }
      // The last node is the softmax output: probabilities summing to 1.
      const out = acts.at(-1)!;
      expect(out.data.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    });

  it('leaks no tensors across calls', async () => {
    const input = sampleInput(mnist, 2);
    await layerActivations(tf, graph, built.model, input);
    const before = tf.memory().numTensors;
    await layerActivations(tf, graph, built.model, input);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a model loaded from saved files (no build maps): found by layer name, the same maps', async () => {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await built.model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const input = sampleInput(mnist, 3);
    const [mine, theirs] = [await layerActivations(tf, graph, built.model, input), await layerActivations(tf, graph, loaded, input)];
    expect(theirs.map((a) => a.nodeId)).toEqual(mine.map((a) => a.nodeId));
    theirs.forEach((a, i) => expect(Array.from(a.data), a.nodeId).toEqual(Array.from(mine[i].data)));
    loaded.dispose();
  });

  it('ResNet-20 (composite blocks): one map per top-level node, the last is the prediction, Grad-CAM runs', { timeout: 60_000 }, async () => {
    const { loadTemplates } = await import('../project/templates');
    const { gradCam } = await import('./gradCam');
    const doc = (await loadTemplates()).find((t) => t.id === 'resnet20')!.makeDoc();
    const b = buildTfModelWithAnalysis(doc.graph, tf);
    const [H, W, C] = b.analysis.nodes[b.analysis.inputNodeId!].outputShape!;
    const input = Float32Array.from({ length: H * W * C }, (_, i) => Math.sin(i));
    const acts = await layerActivations(tf, doc.graph, b.model, input);
    expect(acts.map((a) => a.nodeId)).toEqual(b.analysis.order);
    for (const a of acts) expect(a.shape, a.nodeId).toEqual(b.analysis.nodes[a.nodeId].outputShape);
    const pred = tf.tidy(() => (b.model.predict(tf.tensor4d(input, [1, H, W, C])) as tf.Tensor).dataSync());
    expect(Array.from(acts.at(-1)!.data)).toEqual(Array.from(pred));
    const cam = await gradCam(tf, doc.graph, b.model, input);
    expect(b.analysis.nodes[cam.nodeId].type).not.toBe('Input');
    expect(cam.cam.every((v) => v >= 0 && v <= 1)).toBe(true);
    b.model.dispose();
  });

  it('refuses an input of the wrong size', async () => {
    await expect(layerActivations(tf, graph, built.model, new Float32Array(10))).rejects.toThrow(/28×28×1/);
  });
});
