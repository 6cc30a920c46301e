// The inside of real template blocks, laid out: ResNet-20's stride-2 block (projection shortcut) and an
// identity block, and the Inception net's first module. ResNet-20 is its flat twin here (every ResidualBlock at
// the top level: the template nests them in its stages, which nestedFlow.test.ts opens). Lanes are named by their entries, the shortcut runs
// in its own lane past the body, nothing overlaps, and the frames make room on the canvas.
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../src/analysis/analyzeGraph';
import { getTemplate } from '../../../src/templates';
import { resnet20Flat } from '../../../src/templates/resnet';
import { ROW_LAYOUT } from '../../../src/templates/chain';
import { blockInside, roomForOpenBlocks, withOpenBlocks } from './blockFlow';
import { toFlowNodes } from '../toFlow';
import { BLOCK_EDGE, BLOCK_INPUT, type Box } from './blockLayout';

const doc = (id: string) => (id === 'resnet20' ? { graph: resnet20Flat() } : getTemplate(id)!.build());
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const pairsOverlapping = (boxes: [string, Box][]) =>
  boxes.flatMap(([a, ba], i) => boxes.slice(i + 1).filter(([, bb]) => overlap(ba, bb)).map(([b]) => `${a}×${b}`));

describe('an open block’s layout', () => {
  it.each([
    // template, block, lanes (entry: ids), node that bypasses, its merge
    ['resnet20', 'residualblock4', { conv1: ['conv1', 'conv1_bn', 'conv1_relu', 'conv2', 'conv2_bn'], shortcut: ['shortcut', 'shortcut_bn'] }, 'shortcut_bn', 'add'],
    ['resnet20', 'residualblock2', { conv1: ['conv1', 'conv1_bn', 'conv1_relu', 'conv2', 'conv2_bn'], add: [] }, '', 'add'],
    ['inception', 'inception3a', { b1_1x1: ['b1_1x1'], b2_reduce: ['b2_reduce', 'b2_3x3'], b3_reduce: ['b3_reduce', 'b3_5x5'], b4_pool: ['b4_pool', 'b4_proj'] }, 'b1_1x1', 'concat'],
  ] as const)('%s %s: lanes by entry, nothing overlaps, the skip runs beside the body', (template, id, lanes, bypass, merge) => {
    const { graph } = doc(template);
    const inside = blockInside(graph, analyzeGraph(graph), id)!;
    const { layout } = inside;
    expect(Object.fromEntries(layout.lanes.map((l) => [l.entry, l.ids]))).toEqual(lanes);
    // Lanes are stacked top to bottom, side by side in the flow.
    const laneTops = layout.lanes.map((l) => l.label.y);
    expect([...laneTops].sort((a, b) => a - b)).toEqual(laneTops);
    const boxes: [string, Box][] = [['port', layout.port], ...Object.entries(layout.nodes), ...layout.lanes.map((l): [string, Box] => [`lane ${l.entry}`, l.label])];
    expect(pairsOverlapping(boxes)).toEqual([]);
    for (const [, b] of boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(layout.width);
      expect(b.y + b.height).toBeLessThanOrEqual(layout.height);
    }
    // The skip edge: every segment stays clear of the main lane's nodes it passes.
    const skip = layout.edges.find((e) => e.source === bypass && e.target === merge)!;
    expect(skip).toBeDefined();
    const body = layout.lanes[0].ids.slice(1).map((n) => layout.nodes[n]);
    for (let i = 1; i < skip.points.length; i++) {
      const [a, b] = [skip.points[i - 1], skip.points[i]];
      const seg = { x: Math.min(a.x, b.x) + 1, y: Math.min(a.y, b.y) + 1, width: Math.abs(a.x - b.x) - 2, height: Math.abs(a.y - b.y) - 2 };
      if (template === 'resnet20') for (const n of body) expect(overlap(seg, n)).toBe(false);
    }
    // Every inner edge starts at a box's right side and ends at its target's left side.
    for (const e of layout.edges) if (e.target !== BLOCK_EDGE && e.target !== BLOCK_INPUT) expect(e.points[e.points.length - 1].x).toBe(layout.nodes[e.target].x);
    // The block's outer edges continue to the port and out of the exit, on the frame's middle line.
    const stubs = layout.edges.filter((e) => e.source === BLOCK_EDGE || e.target === BLOCK_EDGE);
    expect(stubs.map((e) => [e.source, e.target])).toEqual([[BLOCK_EDGE, BLOCK_INPUT], [merge === 'add' ? 'relu' : 'concat', BLOCK_EDGE]]);
    for (const e of stubs) expect([e.points[0].y, e.points[e.points.length - 1].y]).toContain(layout.ioY);
    // Inner parameter counts add up to the block's.
    const a = analyzeGraph(graph).nodes[id];
    expect(inside.inner.reduce((s, w) => s + w.analysis.paramCount.trainable + w.analysis.paramCount.nonTrainable, 0)).toBe(a.paramCount.trainable + a.paramCount.nonTrainable);
  });

  it('is undefined for a plain layer', () => {
    const { graph } = doc('resnet20');
    expect(blockInside(graph, undefined, 'conv1')).toBeUndefined();
  });
});

describe('room for open blocks', () => {
  it('moves the rest of a block’s row right and the rows below down, and nothing overlaps on ResNet-20', () => {
    const { graph } = doc('resnet20');
    const analysis = analyzeGraph(graph);
    const flat = toFlowNodes(graph, analysis, { nodes: [], edges: [] }, {}, {});
    const offsets = {};
    const nodes = withOpenBlocks(flat, graph, analysis, { residualblock4: true, residualblock1: true }, undefined, offsets);
    const top = nodes.filter((n) => !n.parentId);
    const box = (n: (typeof nodes)[number]): Box => ({ x: n.position.x, y: n.position.y, width: n.width ?? ROW_LAYOUT.nodeWidth, height: n.height ?? ROW_LAYOUT.nodeHeight });
    expect(pairsOverlapping(top.map((n) => [n.id, box(n)]))).toEqual([]);
    const frame = top.find((n) => n.id === 'residualblock4')!;
    expect(frame.type).toBe('block');
    const children = nodes.filter((n) => n.parentId === 'residualblock4');
    expect(children.map((n) => n.id).sort()).toEqual(['add', 'conv1', 'conv1_bn', 'conv1_relu', 'conv2', 'conv2_bn', 'relu', 'shortcut', 'shortcut_bn'].map((s) => `residualblock4/${s}`).sort());
    // Children come after their parent, inside its box.
    expect(nodes.indexOf(children[0])).toBeGreaterThan(nodes.indexOf(frame));
    for (const c of children) expect(c.position.x + c.width!).toBeLessThanOrEqual(frame.width!);
  });

  it('leaves nodes above and to the left of a block where they are', () => {
    // e: an upper branch of an ELK row, right of the block and reaching into its row; f: a row above.
    const off = roomForOpenBlocks(
      { a: { x: 0, y: 0 }, b: { x: 216, y: 0 }, c: { x: 432, y: 0 }, d: { x: 0, y: 124 }, e: { x: 432, y: -60 }, f: { x: 432, y: -124 } },
      { b: { width: 536, height: 276 } },
    );
    expect(off).toEqual({ a: { dx: 0, dy: 0 }, b: { dx: 0, dy: 0 }, c: { dx: 400, dy: 0 }, d: { dx: 0, dy: 200 }, e: { dx: 400, dy: 0 }, f: { dx: 0, dy: 0 } });
  });
});
