// A fresh start is repeatable: a graph built inside withSeededRandom(seed) starts from the same weights for the
// same seed (and others for another), and training it twice on the same real digits with the same seed gives
// identical curves, dropout included (the trainer draws its masks from the seed too). The Runs view's Re-run
// relies on this.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../kernels/index';
import { loadMnist } from '../../node/data/ensureMnist';
import { takeFirst } from '../data/mnist';
import type { InMemoryDataset } from '../data/dataset';
import { findTemplate } from '../project/templates';
import { buildTfModel } from './buildTfModel';
import { withSeededRandom } from './random';
import { train } from './trainer';
import { TrainingControl } from './control';
import { TrainingSettingsSchema } from './settings';
import type { Graph } from '../graph/schema';

let mnist: InMemoryDataset;
let lenet: Graph;
beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  mnist = takeFirst(await loadMnist(), 300);
  lenet = (await findTemplate('lenet5'))!.makeDoc().graph;
});

const firstWeights = (graph: Graph, seed: number) => {
  const model = withSeededRandom(seed, () => buildTfModel(graph, tf));
  const values = model.getWeights().map((w) => Array.from(w.dataSync()));
  model.dispose();
  return values;
};

/** LeNet-5 with a Dropout(0.5) before its output layer, so the masks matter. */
function withDropout(graph: Graph): Graph {
  const f6 = graph.nodes.find((n) => n.id === 'F6' || n.name === 'F6');
  const out = graph.edges.find((e) => e.source === f6?.id);
  if (!out) throw new Error('no last Dense edge in LeNet-5');
  return {
    ...graph,
    nodes: [...graph.nodes, { id: 'drop', type: 'Dropout', params: { rate: 0.5 }, position: { x: 0, y: 0 } }],
    edges: [...graph.edges.filter((e) => e !== out), { id: 'e-drop-in', source: out.source, target: 'drop' }, { id: 'e-drop-out', source: 'drop', target: out.target }],
  };
}

describe('a seeded fresh start', () => {
  it('draws the same initial weights for the same seed, and other weights for another seed', () => {
    const a = firstWeights(lenet, 42);
    expect(firstWeights(lenet, 42)).toEqual(a);
    expect(firstWeights(lenet, 43)).not.toEqual(a);
    // Math.random is back to itself afterwards.
    expect(Math.random).toBe(globalThis.Math.random);
  });

  it('gives identical per-batch losses and epochs on two runs with the same seed (dropout included)', async () => {
    const graph = withDropout(lenet);
    const settings = TrainingSettingsSchema.parse({ epochs: 2, batchSize: 32, seed: 7, backend: 'cpu' });
    const once = async () => {
      const model = withSeededRandom(settings.seed, () => buildTfModel(graph, tf));
      const losses: number[] = [];
      const r = await train({ tf, model, dataset: mnist, settings, control: new TrainingControl(), callbacks: { onBatch: (b) => void losses.push(b.loss) } });
      model.dispose();
      return { losses, epochs: r.history.map(({ seconds: _s, ...e }) => e) };
    };
    const a = await once();
    const b = await once();
    expect(a.losses.length).toBe(2 * Math.ceil(240 / 32));
    expect(b).toEqual(a);
    // Another seed trains differently (so the equality above is not trivially true).
    const other = { ...settings, seed: 8 };
    const model = withSeededRandom(other.seed, () => buildTfModel(graph, tf));
    const losses: number[] = [];
    await train({ tf, model, dataset: mnist, settings: other, control: new TrainingControl(), callbacks: { onBatch: (x) => void losses.push(x.loss) } });
    model.dispose();
    expect(losses).not.toEqual(a.losses);
  }, 120_000);
});
