// Blocks open inside open blocks (issue #16), on real nets: ResNet-20 with each stage one residual unit ×3
// (stagedResnet20), LeNet-5 with a block of two stage blocks, and two Inception modules made one user block.
// An open inner composite is a frame in its parent's frame: the parent grows by the child's extra size, nothing
// overlaps, every child lies inside its parent at every depth, the chain through the frames stays straight, the
// nested ResidualBlock's skip edge runs past its body, parameter counts add up, and each repeat is captioned.
import { beforeEach, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../src/analysis/analyzeGraph';
import type { Graph } from '../../../src/graph/schema';
import { makeBlock, setRepeatOverride } from '../../../src/graph/userBlocks';
import { lenetNested, lenetStageRepeated, stagedResnet20 } from '../../../src/export/testing/blockNets';
import { inceptionNet } from '../../../src/templates/inception';
import { toFlowNodes } from '../toFlow';
import { blockInside, withOpenBlocks, type BlockInside, type CanvasNode } from './blockFlow';
import { BLOCK_EDGE, BLOCK_GEOMETRY, BLOCK_INPUT, type Box, type BlockLayout } from './blockLayout';
import { overrideTexts } from './RepeatCaptionLabel';
import { useExpandedBlocks } from './expandedStore';
import { findTemplate } from '../../../src/project/templates';
import { isDirty, useProjectStore } from '../../store/projectStore';

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const pairsOverlapping = (boxes: [string, Box][]) =>
  boxes.flatMap(([a, ba], i) => boxes.slice(i + 1).filter(([, bb]) => overlap(ba, bb)).map(([b]) => `${a}×${b}`));
const inside = (b: Box, w: number, h: number) => b.x >= 0 && b.y >= BLOCK_GEOMETRY.header && b.x + b.width <= w && b.y + b.height <= h;
const paramsOf = (a: { paramCount: { trainable: number; nonTrainable: number } }) => a.paramCount.trainable + a.paramCount.nonTrainable;

/** Every box of a layout (port, nodes, lane names, captions) inside the frame, none overlapping another. */
function expectTidy(layout: BlockLayout) {
  const boxes: [string, Box][] = [
    ['port', layout.port],
    ...Object.entries(layout.nodes),
    ...layout.lanes.filter((l) => l.label.height > 0).map((l): [string, Box] => [`lane ${l.entry}`, l.label]),
    ...Object.entries(layout.captions).map(([id, b]): [string, Box] => [`caption ${id}`, b]),
  ];
  expect(pairsOverlapping(boxes)).toEqual([]);
  expect(boxes.filter(([, b]) => !inside(b, layout.width, layout.height)).map(([id]) => id)).toEqual([]);
  // The outer edges meet the frame's sides on the middle line under its header (outerRects routes to it).
  expect(layout.ioY).toBe((BLOCK_GEOMETRY.header + layout.height) / 2);
}

/** Checks a block's inside and, recursively, every open one in it; returns how many frames it saw. */
function expectTidyTree(b: BlockInside): number {
  expectTidy(b.layout);
  let frames = 1;
  for (const [id, child] of b.open) {
    const box = b.layout.nodes[id];
    expect([box.width, box.height]).toEqual([child.layout.width, child.layout.height]);
    frames += expectTidyTree(child);
  }
  return frames;
}

/** Each inner edge of a chain through `ids` is straight: from one node's edge height to the next one's. */
function expectStraightChain(layout: BlockLayout, ids: string[]) {
  for (let i = 1; i < ids.length; i++) {
    const e = layout.edges.find((x) => x.source === ids[i - 1] && x.target === ids[i])!;
    expect(e.points.length).toBe(2);
    expect(e.points[0].y).toBe(e.points[1].y);
  }
}

const inceptionPair = (): Graph => {
  const r = makeBlock(inceptionNet().graph, ['inception3a', 'inception3b'], 'inception pair');
  if (!r.ok) throw new Error(r.reason);
  return r.graph;
};

describe('a ResNet-20 stage (a residual unit ×3) opened, with a ResidualBlock open inside it', () => {
  const graph = stagedResnet20();
  const analysis = analyzeGraph(graph);

  it('shows the stage as its three ResidualBlocks, each captioned with its repeat and overrides', () => {
    const stage = blockInside(graph, analysis, 'stage32')!;
    expect(stage.inner.map((w) => [w.path, w.node.type])).toEqual([
      ['stage32/repeat_1', 'ResidualBlock'],
      ['stage32/repeat_2', 'ResidualBlock'],
      ['stage32/repeat_3', 'ResidualBlock'],
    ]);
    expect(Object.fromEntries(Object.entries(stage.repeats!).map(([id, c]) => [id, [c.index, ...overrideTexts(c)]]))).toEqual({
      repeat_1: [1, 'strides 2'],
      repeat_2: [2],
      repeat_3: [3],
    });
    expect(Object.keys(stage.layout.captions)).toEqual(['repeat_1', 'repeat_2', 'repeat_3']);
    // A caption sits right above its node, as wide as it.
    for (const [id, c] of Object.entries(stage.layout.captions)) expect([c.x, c.y + c.height, c.width]).toEqual([stage.layout.nodes[id].x, stage.layout.nodes[id].y, stage.layout.nodes[id].width]);
    expectTidy(stage.layout);
    expectStraightChain(stage.layout, ['repeat_1', 'repeat_2', 'repeat_3']);
    // The first repeat halves the map and projects its shortcut: per-repeat shapes and trainable counts,
    // 3·3·16·32 + 3·3·32·32 + 16·32 + 3 BNs' 2·32 = 14,528, then 2·3·3·32·32 + 2·2·32 = 18,560 (He et al. 2016).
    expect(stage.inner.map((w) => [w.analysis.outputShape, w.analysis.paramCount.trainable])).toEqual([
      [[16, 16, 32], 14528],
      [[16, 16, 32], 18560],
      [[16, 16, 32], 18560],
    ]);
    expect(stage.inner.reduce((s, w) => s + paramsOf(w.analysis), 0)).toBe(paramsOf(analysis.nodes.stage32));
  });

  it.each([
    // the open repeat, its lanes (entry: ids), the node bypassing the body, the merge
    ['repeat_1', { conv1: ['conv1', 'conv1_bn', 'conv1_relu', 'conv2', 'conv2_bn'], shortcut: ['shortcut', 'shortcut_bn'] }, 'shortcut_bn'],
    ['repeat_2', { conv1: ['conv1', 'conv1_bn', 'conv1_relu', 'conv2', 'conv2_bn'], add: [] }, BLOCK_INPUT],
  ] as const)('opens %s in place: the stage grows by its extra size, its skip edge runs past the body', (repeat, lanes, bypass) => {
    const closed = blockInside(graph, analysis, 'stage32')!.layout;
    const stage = blockInside(graph, analysis, 'stage32', { stage32: true, [`stage32/${repeat}`]: true })!;
    const child = stage.open.get(repeat)!;
    expect([...stage.open.keys()]).toEqual([repeat]);
    expect(Object.fromEntries(child.layout.lanes.map((l) => [l.entry, l.ids]))).toEqual(lanes);
    // The stage is wider by the child's extra width, taller by its extra height (its row centred on the chain).
    expect(stage.layout.width - closed.width).toBe(child.layout.width - BLOCK_GEOMETRY.nodeWidth);
    expect(stage.layout.height).toBeGreaterThanOrEqual(closed.height + child.layout.height - BLOCK_GEOMETRY.nodeHeight);
    expect(expectTidyTree(stage)).toBe(2);
    // The chain enters and leaves the open ResidualBlock on its middle line, straight from its neighbours.
    expectStraightChain(stage.layout, ['repeat_1', 'repeat_2', 'repeat_3']);
    expect(stage.layout.nodes[repeat].y + child.layout.ioY).toBe(stage.layout.edges.find((e) => e.target === repeat)!.points.at(-1)!.y);
    // The skip: every segment stays clear of the body it passes (conv1_relu … conv2_bn).
    const skip = child.layout.edges.find((e) => e.source === bypass && e.target === 'add')!;
    const body = ['conv1_relu', 'conv2', 'conv2_bn'].map((n) => child.layout.nodes[n]);
    for (let i = 1; i < skip.points.length; i++) {
      const [a, b] = [skip.points[i - 1], skip.points[i]];
      const seg = { x: Math.min(a.x, b.x) + 1, y: Math.min(a.y, b.y) + 1, width: Math.abs(a.x - b.x) - 2, height: Math.abs(a.y - b.y) - 2 };
      for (const n of body) expect(overlap(seg, n)).toBe(false);
    }
    expect(skip.points[0].x).toBeLessThan(body[0].x);
    expect(skip.points.at(-1)!.x).toBeGreaterThan(body[2].x + body[2].width);
    // Inner parameter counts add up to the ResidualBlock's, and its edges meet its port and exit.
    expect(child.inner.reduce((s, w) => s + paramsOf(w.analysis), 0)).toBe(paramsOf(stage.inner.find((w) => w.id === repeat)!.analysis));
    expect(child.layout.edges.filter((e) => e.source === BLOCK_EDGE || e.target === BLOCK_EDGE).map((e) => [e.source, e.target])).toEqual([[BLOCK_EDGE, BLOCK_INPUT], ['relu', BLOCK_EDGE]]);
  });

  it('draws the open frames as React Flow parents, each child inside its parent, parents first', () => {
    const flat = toFlowNodes(graph, analysis, { nodes: [], edges: [] }, {}, {});
    const open = { stage32: true, 'stage32/repeat_1': true, 'stage32/repeat_3': true, stage16: true } as const;
    const nodes = withOpenBlocks(flat, graph, analysis, open, 'stage32/repeat_1/conv1', {});
    const byId = new Map(nodes.map((n) => [n.id, n] as const));
    const abs = (n: CanvasNode): Box => {
      const p = n.parentId ? abs(byId.get(n.parentId)!) : { x: 0, y: 0 };
      return { x: p.x + n.position.x, y: p.y + n.position.y, width: n.width ?? 136, height: n.height ?? 76 };
    };
    expect(nodes.filter((n) => n.type === 'block').map((n) => n.id)).toEqual(['stage16', 'stage32', 'stage32/repeat_1', 'stage32/repeat_3']);
    for (const n of nodes) {
      if (!n.parentId) continue;
      const parent = byId.get(n.parentId)!;
      expect(nodes.indexOf(parent)).toBeLessThan(nodes.indexOf(n));
      expect(n.id.startsWith(`${parent.id}/`)).toBe(true);
      const [c, p] = [abs(n), abs(parent)];
      expect(c.x >= p.x && c.y >= p.y && c.x + c.width <= p.x + p.width && c.y + c.height <= p.y + p.height).toBe(true);
    }
    // Siblings never overlap, at any depth; the top-level nodes made room for both open stages.
    const groups = new Map<string, CanvasNode[]>();
    for (const n of nodes) groups.set(n.parentId ?? '', [...(groups.get(n.parentId ?? '') ?? []), n]);
    for (const list of groups.values()) expect(pairsOverlapping(list.map((n) => [n.id, abs(n)]))).toEqual([]);
    expect(byId.get('stage32/repeat_1/conv1')).toMatchObject({ type: 'inner', parentId: 'stage32/repeat_1', selected: true, draggable: false });
    expect(byId.get('stage32/repeat_2')).toMatchObject({ type: 'inner', parentId: 'stage32' });
    expect(nodes.filter((n) => n.parentId === 'stage32/repeat_3').length).toBe(7); // identity shortcut: no projection conv + BN
  });

  it('hides an open ResidualBlock while its stage is closed (the path is kept for when the stage reopens)', () => {
    const flat = toFlowNodes(graph, analysis, { nodes: [], edges: [] }, {}, {});
    const nodes = withOpenBlocks(flat, graph, analysis, { 'stage32/repeat_1': true }, undefined, {});
    expect(nodes.filter((n) => n.parentId || n.type !== 'layer')).toEqual([]);
  });
});

describe('user blocks holding blocks, and Inception modules inside a block', () => {
  it.each([
    // net, the outer block, the inner composites to open, what they hold
    { name: 'LeNet-5: a block of two stage blocks', graph: lenetNested(), outer: 'block_1', open: ['block_1', 'block_2'], expectInner: ['C3', 'activation2', 'S4'] },
    { name: 'two Inception modules made one block', graph: inceptionPair(), outer: 'block_1', open: ['inception3a', 'inception3b'], expectInner: ['b1_1x1', 'b2_reduce', 'b3_reduce', 'b4_pool', 'b2_3x3', 'b3_5x5', 'b4_proj', 'concat'] },
  ])('$name: each inner composite opens in place, tidy at every depth', ({ graph, outer, open, expectInner }) => {
    const analysis = analyzeGraph(graph);
    expect(analysis.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const closed = blockInside(graph, analysis, outer)!;
    expect(closed.inner.map((w) => w.id)).toEqual(open);
    const all = { [outer]: true as const, ...Object.fromEntries(open.map((id) => [`${outer}/${id}`, true as const])) };
    const b = blockInside(graph, analysis, outer, all)!;
    expect(expectTidyTree(b)).toBe(1 + open.length);
    for (const id of open) expect(b.open.get(id)!.inner.map((w) => w.id)).toEqual(expectInner);
    expectStraightChain(b.layout, open);
    // The outer frame grows by both children's extra widths.
    const extra = open.reduce((s, id) => s + b.open.get(id)!.layout.width - BLOCK_GEOMETRY.nodeWidth, 0);
    expect(b.layout.width - closed.layout.width).toBe(extra);
    // An open Inception module keeps its four named branches as lanes inside the outer block.
    if (open[0] === 'inception3a') expect(b.open.get('inception3a')!.layout.lanes.map((l) => l.entry)).toEqual(['b1_1x1', 'b2_reduce', 'b3_reduce', 'b4_pool']);
  });

  it('captions a repeated block of several layers with each repeat’s overrides, by inner layer', () => {
    const g0 = lenetStageRepeated();
    const id = g0.nodes.find((n) => n.type === 'Block')!.id;
    const graph = setRepeatOverride(g0, id, 1, 'C3', { filters: 12 });
    const analysis = analyzeGraph(graph);
    const b = blockInside(graph, analysis, id, { [id]: true, [`${id}/repeat_2`]: true })!;
    expect(Object.values(b.repeats!).map((c) => [c.index, c.oneLayer, ...overrideTexts(c)])).toEqual([
      [1, false],
      [2, false, 'C3.filters 12'],
    ]);
    // Repeat 2 is a block of its own (the definition's inside), open here with its override applied.
    const second = b.open.get('repeat_2')!;
    expect(second.inner.find((w) => w.id === 'C3')!.analysis.outputShape?.[2]).toBe(12);
    expect(expectTidyTree(b)).toBe(2);
  });
});

describe('open paths (view state)', () => {
  const V = () => useExpandedBlocks.getState();
  beforeEach(async () => {
    useProjectStore.getState().loadDoc({ ...(await findTemplate('lenet5'))!.makeDoc(), graph: stagedResnet20() });
    V().reset();
  });

  it('opening a ResidualBlock in a stage opens the stage too; closing the stage keeps it for the next opening', () => {
    const graph = useProjectStore.getState().doc.graph;
    V().toggle('stage32/repeat_1');
    expect(Object.keys(V().open).sort()).toEqual(['stage32', 'stage32/repeat_1']);
    V().selectInner('stage32/repeat_1/conv1');
    V().toggle('stage32');
    // The pick inside the closed stage is dropped; the open ResidualBlock is remembered, drawn only with its stage.
    expect([V().innerSelection, Object.keys(V().open)]).toEqual([undefined, ['stage32/repeat_1']]);
    V().toggle('stage32');
    expect(Object.keys(V().open).sort()).toEqual(['stage32', 'stage32/repeat_1']);
    V().setOpen('stage32/repeat_1', false);
    expect(Object.keys(V().open)).toEqual(['stage32']);
    // None of it touches the document: not unsaved, nothing to undo.
    expect([isDirty(), useProjectStore.temporal.getState().pastStates.length, useProjectStore.getState().doc.graph === graph]).toEqual([false, 0, true]);
  });
});
