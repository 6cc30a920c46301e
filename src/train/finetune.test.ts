// Fine-tuning on real MNIST digits (cpu backend, our fast kernels): frozen nodes' weights stay bit-identical
// while the others learn, frozen BatchNormalization (also inside a ResidualBlock) keeps its moving statistics,
// a learning-rate multiplier of 0 leaves weights alone and one of 2 doubles Adam's first step, and neither flag
// changes the graph hash (freezing does not make saved weights stale).
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
import { nodeLayers } from './fineTune';
import { graphHash } from './graphHash';
import { chain } from '../templates/chain';
import { GraphSchema, type Graph, type GraphNode } from '../graph/schema';
import type { TrainingSettings } from './settings';
import { parseProjectFile, serializeProjectFile } from '../project/projectFile';
import { PROJECT_VERSION } from '../project/schema';

let mnist: InMemoryDataset;
let lenet: Graph;
beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  mnist = takeFirst(await loadMnist(), 300);
  lenet = (await findTemplate('lenet5'))!.makeDoc().graph;
});

type Flags = Partial<Pick<GraphNode, 'trainable' | 'lrMultiplier'>>;
const withFlags = (graph: Graph, flags: Record<string, Flags | undefined>): Graph => ({
  ...graph,
  nodes: graph.nodes.map((n) => (flags[n.id] ? { ...n, ...flags[n.id] } : n)),
});

/** Each node's weights as raw bytes (Float32Array views over copies), by node id. */
function nodeBytes(model: tf.LayersModel, graph: Graph): Map<string, Uint8Array[]> {
  const out = new Map<string, Uint8Array[]>();
  for (const [id, layers] of nodeLayers(model, graph)) {
    const ws = layers.flatMap((l) => l.getWeights());
    if (ws.length) out.set(id, ws.map((w) => new Uint8Array((w.dataSync() as Float32Array).slice().buffer)));
  }
  return out;
}

const sameBytes = (a: Uint8Array[], b: Uint8Array[]) => a.length === b.length && a.every((x, i) => Buffer.compare(x, b[i]) === 0);

/** Builds `graph` from seed 1, trains it, returns the weights before and after (node id → bytes) and the result. */
async function trainGraph(graph: Graph, settings: Partial<TrainingSettings>, data: InMemoryDataset = mnist) {
  const model = withSeededRandom(1, () => buildTfModel(graph, tf));
  const before = nodeBytes(model, graph);
  const result = await train({ tf, model, dataset: data, settings: { epochs: 1, batchSize: 32, learningRate: 0.003, validationSplit: 0.2, seed: 3, ...settings }, graph });
  const after = nodeBytes(model, graph);
  const floats = new Map([...after].map(([id, bs]) => [id, bs.map((b) => new Float32Array(b.buffer))] as const));
  model.dispose();
  return { before, after, floats, result };
}

describe('freezing LeNet-5', () => {
  it.each<{ name: string; flags: Record<string, Flags>; fixed: string[]; learning: string[] }>([
    { name: 'both convolutions frozen (trainable: false)', flags: { C1: { trainable: false }, C3: { trainable: false } }, fixed: ['C1', 'C3'], learning: ['F5', 'F6', 'output'] },
    { name: 'C1 at learning rate × 0', flags: { C1: { lrMultiplier: 0 } }, fixed: ['C1'], learning: ['C3', 'F5', 'F6', 'output'] },
    { name: 'the classifier only (everything before output frozen)', flags: { C1: { trainable: false }, C3: { trainable: false }, F5: { trainable: false }, F6: { trainable: false } }, fixed: ['C1', 'C3', 'F5', 'F6'], learning: ['output'] },
  ])('$name: the fixed nodes keep bit-identical weights, the others change', async ({ flags, fixed, learning }) => {
    const graph = withFlags(lenet, flags);
    const { before, after, result } = await trainGraph(graph, { optimizer: 'adam' });
    expect(result.status).toBe('completed');
    expect(result.history[0].loss).toBeLessThan(2.3); // it learned something with what was left trainable
    for (const id of fixed) expect(sameBytes(before.get(id)!, after.get(id)!), id).toBe(true);
    for (const id of learning) expect(sameBytes(before.get(id)!, after.get(id)!), id).toBe(false);
  }, 30_000);

  it('leaves the model as built after training: every layer trainable again, weights in build order (saved files keep it)', async () => {
    const graph = withFlags(lenet, { C1: { trainable: false }, C3: { trainable: false } });
    const model = withSeededRandom(1, () => buildTfModel(graph, tf));
    const order = model.weights.map((w) => w.originalName);
    const flags = model.layers.map((l) => l.trainable); // the InputLayer is non-trainable from the start
    let duringOrder: string[] = [];
    await train({ tf, model, dataset: takeFirst(mnist, 64), settings: { epochs: 1, batchSize: 32, validationSplit: 0 }, graph, callbacks: { onBatch: () => (duringOrder = model.trainableWeights.map((w) => w.originalName)) } });
    expect(duringOrder.some((n) => n.startsWith('C1/'))).toBe(false); // frozen while it ran
    expect(model.weights.map((w) => w.originalName)).toEqual(order);
    expect(model.layers.map((l) => l.trainable)).toEqual(flags);
    model.dispose();
  });

  it('fails with a message naming the frozen layers when nothing is left to train', async () => {
    const frozen = Object.fromEntries(['C1', 'C3', 'F5', 'F6', 'output'].map((id) => [id, { trainable: false }]));
    const { result } = await trainGraph(withFlags(lenet, frozen), {});
    expect(result.status).toBe('failed');
    expect(result.failure?.message).toMatch(/every layer with weights is frozen \(C1, C3, F5, F6, output\)/);
  });
});

describe('learning-rate multipliers', () => {
  it('× 2 on F5 doubles its first Adam step (Adam is scale-invariant, so it is the rate, not the gradient); the others step alike', async () => {
    // One batch of 32, no validation: one optimizer step from the same seeded weights.
    const one = takeFirst(mnist, 32);
    const settings = { optimizer: 'adam' as const, validationSplit: 0, shuffle: false, learningRate: 0.001 };
    const base = await trainGraph(lenet, settings, one);
    const doubled = await trainGraph(withFlags(lenet, { F5: { lrMultiplier: 2 } }), settings, one);
    const start = new Map([...base.before].map(([id, bs]) => [id, bs.map((b) => new Float32Array(b.buffer))] as const));
    const step = (r: typeof base, id: string) => r.floats.get(id)!.map((w, k) => w.map((v, i) => v - start.get(id)![k][i]));
    const [kernel1] = step(base, 'F5');
    const [kernel2] = step(doubled, 'F5');
    let ratioSum = 0;
    let counted = 0;
    for (let i = 0; i < kernel1.length; i++) {
      if (Math.abs(kernel1[i]) < 1e-4) continue; // Adam's ε dominates where the gradient is ~0
      ratioSum += kernel2[i] / kernel1[i];
      counted++;
    }
    expect(counted).toBeGreaterThan(1000);
    expect(ratioSum / counted).toBeCloseTo(2, 2);
    // Same gradients (computed once), same Adam state for the ×1 groups: their steps are bit-identical.
    for (const id of ['C1', 'C3', 'F6', 'output']) expect(sameBytes(base.after.get(id)!, doubled.after.get(id)!), id).toBe(true);
  }, 30_000);
});

describe('BatchNormalization frozen', () => {
  const net = (): Graph =>
    chain([
      ['Input', { height: 28, width: 28, channels: 1 }, 'input'],
      ['Conv2D', { filters: 4, kernelSize: 3, strides: 2 }, 'conv'],
      ['BatchNormalization', {}, 'bn'],
      ['ResidualBlock', { filters: 4, strides: 1, kind: 'basic' }, 'res'],
      ['GlobalAveragePooling2D', {}, 'gap'],
      ['Output', { classes: 10 }, 'output'],
    ]);

  it('keeps its moving statistics (inference mode, Keras semantics), inside a ResidualBlock too; unfrozen they move', async () => {
    const frozen = await trainGraph(withFlags(net(), { bn: { trainable: false }, res: { trainable: false } }), { epochs: 1, batchSize: 32 }, takeFirst(mnist, 96));
    expect(frozen.result.status).toBe('completed');
    for (const id of ['bn', 'res']) expect(sameBytes(frozen.before.get(id)!, frozen.after.get(id)!), id).toBe(true);
    expect(frozen.before.get('res')!.length).toBeGreaterThanOrEqual(8); // two convs and two BNs (γ β mean var) inside
    expect(sameBytes(frozen.before.get('conv')!, frozen.after.get('conv')!)).toBe(false);
    const free = await trainGraph(net(), { epochs: 1, batchSize: 32 }, takeFirst(mnist, 96));
    // moving mean and variance are the BN's 3rd and 4th weights
    const [, , mean0, var0] = free.before.get('bn')!;
    const [, , mean1, var1] = free.after.get('bn')!;
    expect(Buffer.compare(mean0, mean1)).not.toBe(0);
    expect(Buffer.compare(var0, var1)).not.toBe(0);
  }, 30_000);
});

describe('the flags in the document', () => {
  it('do not change the graph hash (saved weights stay fresh)', () => {
    const h = graphHash(lenet);
    expect(graphHash(withFlags(lenet, { C1: { trainable: false }, F5: { lrMultiplier: 0.1 } }))).toBe(h);
    expect(graphHash(withFlags(lenet, { C1: { trainable: true, lrMultiplier: 1 } }))).toBe(h);
    // …while a real change does.
    expect(graphHash({ ...lenet, nodes: lenet.nodes.map((n) => (n.id === 'F5' ? { ...n, params: { ...n.params, units: 121 } } : n)) })).not.toBe(h);
  });

  it('survive a save and load of the project file as they are, with no format version change', async () => {
    const doc = (await findTemplate('lenet5'))!.makeDoc();
    const tuned = { ...doc, graph: withFlags(doc.graph, { C1: { trainable: false }, F5: { lrMultiplier: 0.25 } }) };
    const text = serializeProjectFile(tuned);
    const back = parseProjectFile(text);
    if (!back.ok) throw new Error(back.error.message);
    expect(back.migratedFrom).toBeUndefined();
    expect(back.doc.version).toBe(PROJECT_VERSION);
    expect(back.doc.graph.nodes.find((n) => n.id === 'C1')!.trainable).toBe(false);
    expect(back.doc.graph.nodes.find((n) => n.id === 'F5')!.lrMultiplier).toBe(0.25);
  });

  it.each([
    { name: 'trainable false', node: { trainable: false }, ok: true },
    { name: 'lr × 0.1', node: { lrMultiplier: 0.1 }, ok: true },
    { name: 'lr × 0', node: { lrMultiplier: 0 }, ok: true },
    { name: 'negative multiplier', node: { lrMultiplier: -1 }, ok: false },
    { name: 'NaN multiplier', node: { lrMultiplier: Number.NaN }, ok: false },
    { name: 'infinite multiplier', node: { lrMultiplier: Number.POSITIVE_INFINITY }, ok: false },
    { name: 'trainable as a string', node: { trainable: 'no' }, ok: false },
  ])('schema: $name → valid $ok', ({ node, ok }) => {
    const g = { nodes: [{ id: 'a', type: 'Dense', params: {}, ...node }], edges: [] };
    expect(GraphSchema.safeParse(g).success).toBe(ok);
  });
});
