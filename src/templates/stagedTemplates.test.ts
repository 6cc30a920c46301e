// The ResNet and VGG templates are built from repeated user blocks as the papers name their stages (He et al.
// 2016 Table 1 conv2_x … conv5_x and §4.2; Simonyan & Zisserman 2015 Table 1 column D conv3-64 …): each must be
// its flat twin layer for layer (same layer types in build order, parameters, MACs, activation memory) and
// predict what it does.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { flattenGraph } from '../export/flatGraph';
import { maxAbsDiff, randomImages, randomizedModel } from '../export/testing/trainedModel';
import { buildTfModel } from '../train/buildTfModel';
import { unpackBlock } from '../graph/userBlocks';
import type { Graph } from '../graph/schema';
import { resnet18, resnet18Flat, resnet20, resnet20Flat, STAGE_UNIT } from './resnet';
import { vgg16, vgg16Flat, VGG_CONV } from './vgg16';

const totals = (g: Graph) => analyzeGraph(g).totals;
const types = (g: Graph) => flattenGraph(g).nodes.map((n) => n.type);
const stride2 = (node: string) => [{ repeat: 0, node, params: { strides: 2 } }];

// Each template's block form, flat twin, stage instances (id → params), definitions (id → name) and inner layer id.
const staged = [
  {
    id: 'resnet18',
    graph: () => resnet18().graph,
    flat: resnet18Flat,
    inner: STAGE_UNIT,
    stages: {
      conv2_x: { block: 'conv2_x', repeat: 2 },
      conv3_x: { block: 'conv3_x', repeat: 2, overrides: stride2(STAGE_UNIT) },
      conv4_x: { block: 'conv4_x', repeat: 2, overrides: stride2(STAGE_UNIT) },
      conv5_x: { block: 'conv5_x', repeat: 2, overrides: stride2(STAGE_UNIT) },
    },
    definitions: { conv2_x: 'conv2_x', conv3_x: 'conv3_x', conv4_x: 'conv4_x', conv5_x: 'conv5_x' },
  },
  {
    id: 'resnet20',
    graph: () => resnet20().graph,
    flat: resnet20Flat,
    inner: STAGE_UNIT,
    stages: {
      stage1: { block: 'stage1', repeat: 3 },
      stage2: { block: 'stage2', repeat: 3, overrides: stride2(STAGE_UNIT) },
      stage3: { block: 'stage3', repeat: 3, overrides: stride2(STAGE_UNIT) },
    },
    definitions: { stage1: 'stage1', stage2: 'stage2', stage3: 'stage3' },
  },
  {
    id: 'vgg16',
    graph: () => vgg16().graph,
    flat: vgg16Flat,
    inner: VGG_CONV,
    stages: {
      stage1: { block: 'conv3_64', repeat: 2 },
      stage2: { block: 'conv3_128', repeat: 2 },
      stage3: { block: 'conv3_256', repeat: 3 },
      stage4: { block: 'conv3_512', repeat: 3 },
      stage5: { block: 'conv3_512', repeat: 3 },
    },
    definitions: { conv3_64: 'conv3-64', conv3_128: 'conv3-128', conv3_256: 'conv3-256', conv3_512: 'conv3-512' },
  },
];

describe('templates with their stages as repeated blocks', () => {
  it.each(staged)('$id: the stages as the paper names them, one layer inside each definition', ({ graph, stages, definitions, inner }) => {
    const g = graph();
    const blocks = g.nodes.filter((n) => n.type === 'Block');
    expect(Object.fromEntries(blocks.map((n) => [n.id, n.params]))).toEqual(stages);
    expect(Object.fromEntries((g.blocks ?? []).map((b) => [b.id, b.name]))).toEqual(definitions);
    // One layer inside: a repeat is that layer itself (src/layers/userBlock.ts), which the overrides name.
    for (const b of g.blocks ?? []) expect([b.graph.nodes.map((n) => n.id), b.inputs, b.output]).toEqual([[inner], [inner], inner]);
  });

  it.each(staged)('$id: the flat twin layer for layer — the same layers in build order, parameters, MACs, activation memory and receptive fields', ({ graph, flat }) => {
    expect(analyzeGraph(graph()).issues).toEqual([]);
    expect(totals(graph())).toEqual(totals(flat()));
    expect(types(graph())).toEqual(types(flat()));
    // A stage's receptive field is its inside's (r_out = r_in + (k − 1)·j_in through every layer), so the nodes
    // both forms share (the stem, pools, head) see the same field.
    const [a, b] = [analyzeGraph(graph()), analyzeGraph(flat())];
    const shared = Object.keys(a.nodes).filter((id) => id in b.nodes);
    expect(shared.map((id) => [id, a.nodes[id].receptiveField])).toEqual(shared.map((id) => [id, b.nodes[id].receptiveField]));
    expect(shared.length).toBeGreaterThan(3);
  });

  it.each(staged)('$id: unpacking every stage gives the flat twin\'s counts and no Block node', ({ graph, flat, stages }) => {
    const unpacked = Object.keys(stages).reduce((g, id) => unpackBlock(g, id)!.graph, graph());
    expect(unpacked.nodes.filter((n) => n.type === 'Block')).toEqual([]);
    expect(totals(unpacked)).toEqual(totals(flat()));
  });

  it('ResNet-20 in tfjs, with the flat twin\'s weights, predicts what the twin does', async () => {
    await tf.setBackend('cpu');
    const twin = randomizedModel(resnet20Flat(), 20);
    const model = buildTfModel(resnet20().graph, tf);
    expect(model.countParams()).toBe(twin.countParams());
    model.setWeights(twin.getWeights());
    const x = randomImages(2, [32, 32, 3], 5);
    expect(maxAbsDiff((model.predict(x) as tf.Tensor).dataSync(), (twin.predict(x) as tf.Tensor).dataSync())).toBeLessThanOrEqual(1e-5);
    [model, twin, x].forEach((t) => t.dispose());
  });
});
