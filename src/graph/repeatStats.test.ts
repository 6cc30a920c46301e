// The inspector's per-repeat table: LeNet-5's C3 → ReLU repeated ×2 (the second conv reads 16 channels, not
// 6, so the repeats differ in parameters), with an override on one repeat; a CIFAR ResNet stage of three
// residual units with stride 2 on the first (He et al. 2016 §4.2). Rows must add up to the graph analysis's
// count for the instance and end on its output shape.
import { describe, expect, it } from 'vitest';
import { lenet5 } from '../templates/lenet5';
import { chain } from '../templates/chain';
import { analyzeGraph } from '../analysis/analyzeGraph';
import type { Graph } from './schema';
import { repeatSelection, setBlockNodeParams, setBlockRepeat, setRepeatOverride } from './userBlocks';
import { repeatStats } from './repeatStats';

/** LeNet-5 with C3 and its ReLU made into the block "conv" run ×`times`: the instance is block_1. */
function lenetRepeated(times: number): Graph {
  const r = repeatSelection(lenet5().graph, ['C3', 'activation2'], 'conv', times);
  if (!r.ok) throw new Error(r.reason);
  return r.graph;
}

/** A stage of three 32-filter residual units after a 16-channel 32×32 map; stride 2 on the first. */
function resnetStage(): Graph {
  return {
    ...chain([
      ['Input', { height: 32, width: 32, channels: 16 }, 'input'],
      ['Block', { block: 'unit32', repeat: 3, overrides: [{ repeat: 0, node: 'res', params: { strides: 2 } }] }, 'stage'],
      ['GlobalAveragePooling2D', {}, 'gap'],
      ['Output', { classes: 10 }, 'output'],
    ]),
    blocks: [{ id: 'unit32', name: 'unit 32', graph: { nodes: [{ id: 'res', type: 'ResidualBlock', params: { filters: 32, strides: 1, kind: 'basic' } }], edges: [] }, inputs: ['res'], output: 'res' }],
  };
}

const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;
// A basic residual unit: two 3×3 convs without bias, each with BN (4 params per channel, 2 trainable); a
// projected shortcut adds a 1×1 conv and its BN.
const unit = (cin: number, cout: number, projected: boolean) => 9 * cin * cout + 9 * cout * cout + 2 * 4 * cout + (projected ? cin * cout + 4 * cout : 0);

describe('repeatStats', () => {
  it.each([
    {
      name: 'C3 → ReLU ×2: 14 → 10 → 6, the second conv reads 16 channels',
      graph: () => lenetRepeated(2),
      id: 'block_1',
      rows: [
        ['14×14×6', '10×10×16', conv(5, 6, 16)],
        ['10×10×16', '6×6×16', conv(5, 16, 16)],
      ],
    },
    {
      name: 'with 8 filters on repeat 2 only',
      graph: () => setRepeatOverride(lenetRepeated(2), 'block_1', 1, 'C3', { filters: 8 }),
      id: 'block_1',
      rows: [
        ['14×14×6', '10×10×16', conv(5, 6, 16)],
        ['10×10×16', '6×6×8', conv(5, 16, 8)],
      ],
    },
    {
      name: 'padding same in the definition: every repeat keeps 14×14',
      graph: () => setBlockNodeParams(lenetRepeated(3), 'conv', 'C3', { padding: 'same' }),
      id: 'block_1',
      rows: [
        ['14×14×6', '14×14×16', conv(5, 6, 16)],
        ['14×14×16', '14×14×16', conv(5, 16, 16)],
        ['14×14×16', '14×14×16', conv(5, 16, 16)],
      ],
    },
    {
      name: 'ResNet stage ×3, stride 2 first: the first unit halves the map and projects its shortcut',
      graph: resnetStage,
      id: 'stage',
      rows: [
        ['32×32×16', '16×16×32', unit(16, 32, true)],
        ['16×16×32', '16×16×32', unit(32, 32, false)],
        ['16×16×32', '16×16×32', unit(32, 32, false)],
      ],
    },
    { name: '×1: one row, the whole instance', graph: () => setBlockRepeat(lenetRepeated(2), 'block_1', 1), id: 'block_1', rows: [['14×14×6', '10×10×16', conv(5, 6, 16)]] },
  ])('$name', ({ graph, id, rows }) => {
    const g = graph();
    const a = analyzeGraph(g);
    expect(a.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const stats = repeatStats(g, id, a.nodes[id].inputShapes[0] ?? undefined)!;
    expect(stats.rows.map((r) => [r.inputShape?.join('×'), r.outputShape?.join('×'), r.params])).toEqual(rows);
    expect(stats.params).toBe(a.nodes[id].paramCount.trainable + a.nodes[id].paramCount.nonTrainable);
    expect(stats.outputShape).toEqual(a.nodes[id].outputShape);
  });

  it('lists each repeat\'s own changes (sorted by inner node, as the core keeps them)', () => {
    const g = setRepeatOverride(setRepeatOverride(lenetRepeated(3), 'block_1', 2, 'C3', { filters: 8 }), 'block_1', 2, 'activation2', { activation: 'tanh' });
    const stats = repeatStats(g, 'block_1', [14, 14, 6])!;
    expect(stats.rows.map((r) => r.changes.map((c) => [c.node, c.params]))).toEqual([[], [], [['activation2', { activation: 'tanh' }], ['C3', { filters: 8 }]]]);
  });

  it('a repeat that does not fit is marked and ends the known shapes', () => {
    // Three valid 5×5 convs: 14 → 10 → 6 → 2; a fourth has no room (2 − 5 + 1 < 1).
    const g = lenetRepeated(4);
    const stats = repeatStats(g, 'block_1', [14, 14, 6])!;
    expect(stats.rows.map((r) => [r.outputShape?.join('×'), r.error])).toEqual([
      ['10×10×16', false],
      ['6×6×16', false],
      ['2×2×16', false],
      [undefined, true],
    ]);
    expect([stats.params, stats.outputShape]).toEqual([undefined, undefined]);
  });

  it('without an input shape, the rows carry only their changes', () => {
    const stats = repeatStats(setRepeatOverride(lenetRepeated(2), 'block_1', 0, 'C3', { strides: 2 }), 'block_1', undefined)!;
    expect(stats.rows).toEqual([
      { repeat: 0, changes: [{ repeat: 0, node: 'C3', params: { strides: 2 } }], error: false },
      { repeat: 1, changes: [], error: false },
    ]);
    expect(repeatStats(lenet5().graph, 'C3', [14, 14, 6])).toBeUndefined();
  });
});
