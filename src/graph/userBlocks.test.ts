import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { lenet5 } from '../templates/lenet5';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { buildTfModel } from '../train/buildTfModel';
import { flattenGraph } from '../export/flatGraph';
import { exportTfjs, loadTfjsFromFiles, TFJS_MODEL_JSON, TFJS_SHARD } from '../export/tfjs/exportTfjs';
import { maxAbsDiff, mnistBatch, randomizedModel, MNIST_BIN } from '../export/testing/trainedModel';
import type { Graph } from './schema';
import { graphHash } from '../train/graphHash';
import { deleteBlockDefinition, makeBlock, renameBlock, setBlockNodeParams, unpackBlock, blockUses } from './userBlocks';

// LeNet-5's second stage: C3 (16 @ 5×5) → ReLU → S4 (2×2 max pool), 14×14×6 in, 5×5×16 out.
const STAGE = ['C3', 'activation2', 'S4'];
const flat = (): Graph => lenet5().graph;

function blockNet(): Graph {
  const r = makeBlock(flat(), STAGE, 'feature');
  if (!r.ok) throw new Error(`makeBlock refused: ${r.reason}`);
  return r.graph;
}

// Parameters and MACs (activation memory is checked where blocks are unpacked: src/graph/repeatBlocks.test.ts).
const totalsOf = (g: Graph) => {
  const { trainable, nonTrainable, macs } = analyzeGraph(g).totals;
  return { trainable, nonTrainable, macs };
};

const shapesByType = (g: Graph) => {
  const a = analyzeGraph(g);
  return a.order.map((id) => [a.nodes[id].type, a.nodes[id].outputShape?.join('×')]);
};

describe('makeBlock', () => {
  const refusals: { name: string; ids: string[]; reason: string }[] = [
    { name: 'nothing selected', ids: [], reason: 'empty' },
    { name: 'the Input', ids: ['input', 'C1'], reason: 'io-node' },
    { name: 'two pieces', ids: ['C1', 'S4'], reason: 'many-inputs' },
  ];
  it.each(refusals)('refuses $name', ({ ids, reason }) => {
    const r = makeBlock(flat(), ids, 'x');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe(reason);
  });

  it('refuses two outputs, and two pieces fed by one tensor', () => {
    // A branch: in → a, in → b, a and b both into Add: {a, b} has one tensor in and two out.
    const g: Graph = {
      nodes: ['input', 'a', 'b', 'add', 'output'].map((id) => ({ id, type: { input: 'Input', a: 'Activation', b: 'Activation', add: 'Add', output: 'Output' }[id]!, params: {} })),
      edges: [
        { id: '1', source: 'input', target: 'a' },
        { id: '2', source: 'input', target: 'b' },
        { id: '3', source: 'a', target: 'add', targetSlot: 0 },
        { id: '4', source: 'b', target: 'add', targetSlot: 1 },
        { id: '5', source: 'add', target: 'output' },
      ],
    };
    const r = makeBlock(g, ['a', 'b'], 'x');
    expect(r.ok || r.reason).toBe('many-outputs');
    // b feeds nothing now: one tensor in, one out (a's), but a and b do not touch.
    const pieces = makeBlock({ ...g, edges: [...g.edges.slice(0, 2), g.edges[2], { id: '4', source: 'input', target: 'add', targetSlot: 1 }, g.edges[4]] }, ['a', 'b'], 'x');
    expect(pieces.ok || pieces.reason).toBe('not-connected');
  });

  it('replaces the selection by one instance wired from the cut edges, with the same shapes and totals', () => {
    const r = makeBlock(flat(), STAGE, 'feature');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.graph.blocks).toHaveLength(1);
    expect(r.graph.blocks![0]).toMatchObject({ id: 'feature', name: 'feature', inputs: ['C3'], output: 'S4' });
    expect(r.graph.nodes.filter((n) => STAGE.includes(n.id))).toEqual([]);
    const inst = r.graph.nodes.find((n) => n.id === r.instanceId)!;
    expect(inst).toMatchObject({ type: 'Block', params: { block: 'feature' }, name: 'feature_1' });
    expect(r.graph.edges.filter((e) => e.source === r.instanceId || e.target === r.instanceId).map((e) => `${e.source}->${e.target}`)).toEqual(['S2->block_1', 'block_1->flatten']);
    const a = analyzeGraph(r.graph);
    expect(a.ok).toBe(true);
    expect(a.nodes[r.instanceId].outputShape).toEqual([5, 5, 16]);
    expect(totalsOf(r.graph)).toEqual(totalsOf(flat()));
    expect(a.totals.trainable).toBe(61706);
  });
});

describe('unpackBlock', () => {
  it('gives back the flat net: the same layer types, shapes and totals, names kept', () => {
    const g = blockNet();
    const r = unpackBlock(g, 'block_1')!;
    expect(r.ids).toHaveLength(3);
    expect(r.graph.nodes.filter((n) => r.ids.includes(n.id)).map((n) => n.name)).toEqual(STAGE);
    expect(shapesByType(r.graph)).toEqual(shapesByType(flat()));
    expect(analyzeGraph(r.graph).totals).toEqual(analyzeGraph(flat()).totals);
    expect(r.graph.blocks).toHaveLength(1); // the definition stays until deleted
  });
});

describe('definitions', () => {
  it('one edit of a definition changes every instance and is re-checked on each one\'s input', () => {
    const g = blockNet();
    // A second instance after the first: 5×5×16 in. C3's 5×5 kernel gives 1×1, and the 2×2 pool then fails.
    const second: Graph = {
      ...g,
      nodes: [...g.nodes, { id: 'block_2', type: 'Block', name: 'feature_2', params: { block: 'feature' } }],
      edges: g.edges.map((e) => (e.source === 'block_1' ? { ...e, source: 'block_2' } : e)).concat({ id: 'x', source: 'block_1', target: 'block_2' }),
    };
    const misfit = analyzeGraph(second).issues.find((i) => i.nodeId === 'block_2')!;
    expect(misfit.message).toBe('feature_2 › S4: output width (1 − 2 + 2·0)/2 + 1 = 0 is not positive — use F ≤ 1 or add padding.');
    // 3×3 kernels with 'same' padding fit both: 14×14 → 7×7 and 7×7 → 3×3, 8 filters each.
    let edited = setBlockNodeParams(second, 'feature', 'C3', { filters: 8, kernelSize: 3, padding: 'same' });
    edited = setBlockNodeParams(edited, 'feature', 'C3', {});
    const a = analyzeGraph(edited);
    expect(a.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect([a.nodes.block_1.outputShape, a.nodes.block_2.outputShape]).toEqual([[7, 7, 8], [3, 3, 8]]);
    expect(a.nodes.block_1.paramCount.trainable).toBe(3 * 3 * 6 * 8 + 8);
    expect(a.nodes.block_2.paramCount.trainable).toBe(3 * 3 * 8 * 8 + 8);
  });

  it('refuses a definition that contains itself, naming the chain', () => {
    const g = blockNet();
    const inner = { ...g.blocks![0], id: 'unit', name: 'unit', graph: { nodes: [{ id: 'again', type: 'Block', params: { block: 'feature' } }], edges: [] }, inputs: ['again'], output: 'again' };
    const feature = { ...g.blocks![0], graph: { ...g.blocks![0].graph, nodes: g.blocks![0].graph.nodes.map((n) => (n.id === 'activation2' ? { id: 'activation2', type: 'Block', params: { block: 'unit' } } : n)) } };
    const looped: Graph = { ...g, blocks: [feature, inner] };
    const err = analyzeGraph(looped).issues.find((i) => i.code === 'recursive-block')!;
    expect(err.nodeId).toBe('block_1');
    expect(err.message).toContain('feature → unit → feature');
    expect(() => buildTfModel(looped, tf)).toThrow(/contain themselves/);
  });

  it('changes the graph hash (trained weights go stale) when a definition changes', () => {
    const g = blockNet();
    expect(graphHash(setBlockNodeParams(g, 'feature', 'C3', { filters: 8 }))).not.toBe(graphHash(g));
    expect(graphHash(renameBlock(g, 'feature', 'stage'))).toBe(graphHash(g)); // a name decides no weight
  });

  it('names an instance whose definition is missing', () => {
    const g = { ...blockNet(), blocks: [] };
    expect(analyzeGraph(g).issues.find((i) => i.nodeId === 'block_1')?.code).toBe('unknown-block');
  });

  it('nests: a block holding an instance of another computes the same shapes and totals', () => {
    const g = blockNet();
    const r = makeBlock(g, ['block_1', 'flatten'], 'head');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = analyzeGraph(r.graph);
    expect(a.ok).toBe(true);
    expect(totalsOf(r.graph)).toEqual(totalsOf(flat()));
    expect(a.nodes[r.instanceId].outputShape).toEqual([400]);
    expect(blockUses(r.graph, 'feature')).toEqual({ instances: 0, inDefinitions: ['head'] });
  });

  it.each([
    { name: 'renames', run: (g: Graph) => renameBlock(g, 'feature', ' stage '), check: (g: Graph) => expect(g.blocks![0].name).toBe('stage') },
    { name: 'keeps a used definition', run: (g: Graph) => deleteBlockDefinition(g, 'feature'), check: (g: Graph) => expect(g.blocks).toHaveLength(1) },
    { name: 'deletes an unused one', run: (g: Graph) => deleteBlockDefinition(unpackBlock(g, 'block_1')!.graph, 'feature'), check: (g: Graph) => expect(g.blocks).toBeUndefined() },
  ])('$name', ({ run, check }) => check(run(blockNet())));
});

describe('a block net computes what its flat twin does', () => {
  let x: tf.Tensor4D;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    x = mnistBatch(readFileSync(MNIST_BIN), 8).x;
  });

  it('in tfjs, with the same weights: the same parameter count and predictions on MNIST digits', () => {
    const twin = randomizedModel(flat(), 11);
    const model = buildTfModel(blockNet(), tf);
    expect(model.countParams()).toBe(twin.countParams());
    model.setWeights(twin.getWeights());
    const got = (model.predict(x) as tf.Tensor).dataSync();
    const want = (twin.predict(x) as tf.Tensor).dataSync();
    expect(maxAbsDiff(got, want)).toBeLessThanOrEqual(1e-6);
    expect(flattenGraph(blockNet()).nodes.map((n) => n.type)).toEqual(flattenGraph(flat()).nodes.map((n) => n.type));
  });

  it('through the tfjs export and back', async () => {
    const model = randomizedModel(blockNet(), 12);
    const files = await exportTfjs(tf, model, { modelName: 'feature_net' });
    const loaded = await loadTfjsFromFiles(tf, { json: files[TFJS_MODEL_JSON], bin: files[TFJS_SHARD] });
    const got = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(maxAbsDiff(got, (model.predict(x) as tf.Tensor).dataSync())).toBeLessThanOrEqual(1e-5);
  });
});
