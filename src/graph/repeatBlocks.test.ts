// Repeat ×N (src/layers/userBlock.ts): a ResNet stage as one residual unit ×3 with stride 2 on its first repeat
// (He et al. 2016 §4.2, CIFAR ResNet-20) must be the flat net layer for layer: the same shapes, counts and
// predictions; per-repeat changes, unpacking and the misfit message follow the repeats.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { resnet20Flat } from '../templates/resnet';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { buildTfModel } from '../train/buildTfModel';
import { flattenGraph } from '../export/flatGraph';
import { maxAbsDiff, randomImages, randomizedModel } from '../export/testing/trainedModel';
import { analyzeLayer } from '../analysis/analyzeGraph';
import { getLayer } from '../layers/registry';
import { expandContextOf } from '../layers/types';
import type { Graph } from './schema';
import { stagedResnet20 } from '../export/testing/blockNets';
import { repeatSelection, setBlockRepeat, setRepeatOverride, unpackBlock } from './userBlocks';

const totals = (g: Graph) => analyzeGraph(g).totals;

describe('Repeat ×N', () => {
  it('ResNet-20 as three repeated stages: the flat net\'s shapes, parameters and MACs', () => {
    const a = analyzeGraph(stagedResnet20());
    expect(a.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(a.totals.trainable).toBe(analyzeGraph(resnet20Flat()).totals.trainable);
    expect([totals(stagedResnet20()).macs, totals(stagedResnet20()).nonTrainable]).toEqual([totals(resnet20Flat()).macs, totals(resnet20Flat()).nonTrainable]);
    expect(['stage16', 'stage32', 'stage64'].map((id) => a.nodes[id].outputShape)).toEqual([[32, 32, 16], [16, 16, 32], [8, 8, 64]]);
    expect(flattenGraph(stagedResnet20()).nodes.map((n) => n.type)).toEqual(flattenGraph(resnet20Flat()).nodes.map((n) => n.type));
  });

  // Shapes and parameters per repeat: the expansion's repeat_i nodes, as the inspector lists them.
  it.each([
    { filters: 16, first: 1, shapes: ['32×32×16', '32×32×16', '32×32×16'], params: [4672, 4672, 4672] },
    // The first repeat halves the map and projects the shortcut 1×1 (16→32 + BN): 4,672·… → 14,528.
    { filters: 32, first: 2, shapes: ['16×16×32', '16×16×32', '16×16×32'], params: [14336, 18560, 18560] },
  ])('per repeat of unit $filters: $shapes', ({ filters, first, shapes, params }) => {
    const g = stagedResnet20();
    const def = getLayer('Block')!;
    const a = analyzeGraph(g);
    const node = g.nodes.find((n) => n.id === `stage${filters}`)!;
    const p = def.schema.parse(node.params);
    const inShape = a.nodes[node.id].inputShapes[0]!;
    const exp = def.expand!(p, [inShape], expandContextOf(g));
    const inner = analyzeGraph(exp.graph, { entryInputs: new Map([[exp.entry[0], [inShape]]]), subgraph: true });
    expect(exp.graph.nodes.map((n) => inner.nodes[n.id].outputShape!.join('×'))).toEqual(shapes);
    const counts = exp.graph.nodes.map((n) => inner.nodes[n.id].paramCount.trainable + inner.nodes[n.id].paramCount.nonTrainable);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(a.nodes[node.id].paramCount.trainable + a.nodes[node.id].paramCount.nonTrainable);
    expect(first === 1 ? new Set(counts).size : counts[0] !== counts[1]).toBe(first === 1 ? 1 : true);
    expect(counts.length).toBe(params.length);
    expect(analyzeLayer(def, p, [inShape], expandContextOf(g)).ok).toBe(true);
  });

  it('in tfjs, with the same weights, predicts what the flat ResNet-20 does', async () => {
    await tf.setBackend('cpu');
    const twin = randomizedModel(resnet20Flat(), 21);
    const model = buildTfModel(stagedResnet20(), tf);
    expect(model.countParams()).toBe(twin.countParams());
    model.setWeights(twin.getWeights());
    const x = randomImages(2, [32, 32, 3], 3);
    const diff = maxAbsDiff((model.predict(x) as tf.Tensor).dataSync(), (twin.predict(x) as tf.Tensor).dataSync());
    expect(diff).toBeLessThanOrEqual(1e-5);
  });

  it('unpacks a repeated instance into every repeat\'s layers, overrides applied', () => {
    const r = unpackBlock(stagedResnet20(), 'stage32')!;
    expect(r.ids).toHaveLength(3);
    const res = r.graph.nodes.filter((n) => r.ids.includes(n.id));
    expect(res.map((n) => n.params.strides)).toEqual([2, 1, 1]);
    expect(r.graph.nodes.some((n) => n.id === 'stage32')).toBe(false);
    const counts = totals; // a block's memory counts the layers inside it, so unpacking keeps it too
    expect(counts(r.graph)).toEqual(counts(stagedResnet20()));
    const a = analyzeGraph(r.graph);
    expect(a.nodes[res[2].id].outputShape).toEqual([16, 16, 32]);
    // Fully unpacked, it is ResNet-20 again.
    const flat = ['stage16', 'stage64'].reduce((g, id) => unpackBlock(g, id)!.graph, r.graph);
    expect(totals(flat)).toEqual(totals(resnet20Flat()));
    expect(flat.nodes.filter((n) => n.type === 'Block')).toEqual([]);
  });

  it.each([
    { name: 'sets ×N (clamped to 1…64)', run: (g: Graph) => setBlockRepeat(g, 'stage16', 99), want: { block: 'unit16', repeat: 64 } },
    { name: '×1 drops the count and the overrides past it', run: (g: Graph) => setBlockRepeat(g, 'stage32', 1), want: { block: 'unit32', overrides: [{ repeat: 0, node: 'res', params: { strides: 2 } }] } },
    { name: 'clears an override', run: (g: Graph) => setRepeatOverride(g, 'stage32', 0, 'res', undefined), want: { block: 'unit32', repeat: 3 } },
    {
      name: 'merges into an override and keeps them sorted',
      run: (g: Graph) => setRepeatOverride(setRepeatOverride(g, 'stage32', 2, 'res', { filters: 48 }), 'stage32', 0, 'res', { kind: 'basic' }),
      want: { block: 'unit32', repeat: 3, overrides: [{ repeat: 0, node: 'res', params: { strides: 2, kind: 'basic' } }, { repeat: 2, node: 'res', params: { filters: 48 } }] },
    },
  ])('$name', ({ run, want }) => {
    expect(run(stagedResnet20()).nodes.find((n) => n.params.block === want.block)!.params).toEqual(want);
  });

  it('an override that breaks one repeat names the instance, the repeat and the layer', () => {
    // 48 filters and no projection on the third repeat only: its skip adds 32 channels to 48 (a one-layer unit repeats that layer: repeat_3 is the ResidualBlock).
    const g = setRepeatOverride(stagedResnet20(), 'stage32', 2, 'res', { filters: 48, projection: 'never' });
    const err = analyzeGraph(g).issues.find((i) => i.severity === 'error')!;
    expect(err.nodeId).toBe('stage32');
    expect(err.message).toBe('stage32 › repeat_3: Add needs inputs of one shape but got 16×16×32 vs 16×16×48 — make them match (e.g. a 1×1 convolution on the shortcut).');
  });

  it('Repeat ×N of a selection makes one block run N times; of an instance, sets its count', () => {
    const flat = resnet20Flat();
    const r = repeatSelection(flat, ['residualblock2'], 'unit', 2);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // Block 2 (16 filters) twice instead of once: one more unit's parameters.
    const unitParams = analyzeGraph(flat).nodes.residualblock2.paramCount.trainable;
    expect(totals(r.graph).trainable).toBe(totals(flat).trainable + unitParams);
    const again = repeatSelection(r.graph, [r.instanceId], 'ignored', 3);
    expect(again.ok && again.graph.blocks).toHaveLength(1);
    expect(again.ok && again.graph.nodes.find((n) => n.id === r.instanceId)!.params.repeat).toBe(3);
  });
});

describe('Repeat ×N in every reader of graphs', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  it('flattens with tfjs names per repeat (stage32_repeat_1_conv1 …)', () => {
    const names = flattenGraph(stagedResnet20()).nodes.map((n) => n.name);
    expect(names).toContain('stage32_repeat_1_conv1');
    expect(names).toContain('stage64_repeat_3_conv2');
  });
});
