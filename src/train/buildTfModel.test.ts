// Every template builds as a tfjs model whose output shape and parameter count equal the analysis'.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { templates } from '../templates';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { buildTfModel, ModelBuildError } from './buildTfModel';
import { loadTemplates } from '../project/templates';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Building initialises every weight in JS (tfjs' seeded random initialisers run on the CPU whatever the
// backend): VGG-16 (138 M) takes ~9 s and AlexNet (61 M) ~4 s here, so those get a longer timeout.
const BIG_PARAMS = 20e6;

describe('buildTfModel', () => {
  const big = (id: string) => analyzeGraph(templates.find((t) => t.id === id)!.build().graph).totals.trainable > BIG_PARAMS;
  for (const { id } of templates)
    it(`${id}: output shape and parameter count match the analysis`, { timeout: big(id) ? 240_000 : 120_000 }, async () => {
      const doc = (await loadTemplates()).find((t) => t.id === id)!.makeDoc();
      const a = analyzeGraph(doc.graph);
      expect(a.ok).toBe(true);
      const model = buildTfModel(doc.graph, tf, a);
      try {
        expect(model.outputs[0].shape.slice(1)).toEqual(a.nodes[a.outputNodeId!].outputShape);
        expect(model.countParams()).toBe(a.totals.trainable + a.totals.nonTrainable);
        const nonTrainable = model.nonTrainableWeights.reduce((s, w) => s + w.shape.reduce((p: number, d) => p * (d ?? 1), 1), 0);
        expect(nonTrainable).toBe(a.totals.nonTrainable);
      } finally {
        model.dispose();
      }
    });

  it('runs LeNet-5 forward: a batch of 2 gives 2 probability rows', async () => {
    const doc = (await loadTemplates()).find((t) => t.id === 'lenet5')!.makeDoc();
    const model = buildTfModel(doc.graph, tf);
    const y = model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor;
    expect(y.shape).toEqual([2, 10]);
    const sums = (await tf.sum(y, 1).data()) as Float32Array;
    sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
    tf.dispose([y]);
    model.dispose();
  });

  it('refuses a graph with errors, naming the node', () => {
    const graph = {
      nodes: [
        { id: 'in', type: 'Input', params: { height: 4, width: 4, channels: 1 } },
        { id: 'c', type: 'Conv2D', params: { filters: 2, kernelSize: 7 } },
        { id: 'out', type: 'Output', params: { classes: 2 } },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'c' },
        { id: 'e2', source: 'c', target: 'out' },
      ],
    };
    expect(() => buildTfModel(graph, tf)).toThrow(ModelBuildError);
    try {
      buildTfModel(graph, tf);
    } catch (e) {
      expect((e as ModelBuildError).nodeId).toBe('c');
    }
  });
});
