// The layout reads like text: a chain fills rows left to right, a branchy graph keeps its branches beside
// the main path and wraps whole layers into rows; no two nodes overlap, nothing is wider than the canvas.
import { describe, expect, it } from 'vitest';
import type { Graph, Position } from '../../src/graph/schema';
import { ROW_LAYOUT } from '../../src/templates/chain';
import { templates } from '../../src/templates';
import { chainColumns, chainOrder, DEFAULT_NODE_SIZE, layoutGraph, rowWidth } from './autoLayout';
import { READABLE_ZOOM, usable } from './readableFit';

const { nodeWidth: W, nodeHeight: H } = ROW_LAYOUT;

const chainGraph = (n: number): Graph => ({
  nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: 'Activation', params: {} })),
  edges: Array.from({ length: n - 1 }, (_, i) => ({ id: `e${i}`, source: `n${i}`, target: `n${i + 1}` })),
});

/** in → stem → [a1 → a2 | b1] → add (skip from stem) → … repeated `blocks` times → out. */
function branchyGraph(blocks: number): Graph {
  const nodes: Graph['nodes'] = [{ id: 'in', type: 'Input', params: {} }];
  const edges: Graph['edges'] = [];
  let prev = 'in';
  const link = (s: string, t: string) => edges.push({ id: `${s}-${t}`, source: s, target: t });
  for (let b = 0; b < blocks; b++) {
    for (const id of [`a${b}`, `c${b}`, `p${b}`, `add${b}`]) nodes.push({ id, type: 'Activation', params: {} });
    link(prev, `a${b}`);
    link(`a${b}`, `c${b}`);
    link(prev, `p${b}`);
    link(`c${b}`, `add${b}`);
    link(`p${b}`, `add${b}`);
    link(prev, `add${b}`); // the skip
    prev = `add${b}`;
  }
  nodes.push({ id: 'out', type: 'Output', params: {} });
  link(prev, 'out');
  return { nodes, edges };
}

function overlapping(p: Record<string, Position>): string[] {
  const ids = Object.keys(p);
  const bad: string[] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [p[ids[i]], p[ids[j]]];
      if (Math.abs(a.x - b.x) < W && Math.abs(a.y - b.y) < H) bad.push(`${ids[i]}/${ids[j]}`);
    }
  return bad;
}

const rowsOf = (p: Record<string, Position>) => [...new Set(Object.values(p).map((q) => q.y))].sort((a, b) => a - b);

describe('chain layout', () => {
  it.each([
    ['12 nodes, 1280×800 canvas', { width: 780, height: 400 }, 12],
    ['12 nodes, 1440×900 canvas', { width: 940, height: 480 }, 12],
    ['12 nodes, narrow canvas', { width: 420, height: 700 }, 12],
    ['25 nodes (VGG-16 with every layer at the top level), 1280×800 canvas', { width: 780, height: 400 }, 25],
  ] as const)('%s: a chain fills rows in reading order without overlaps', async (_name, pane, n) => {
    const g = chainGraph(n);
    const p = await layoutGraph(g, () => DEFAULT_NODE_SIZE, { pane });
    const cols = chainColumns(n, pane);
    const rows = rowsOf(p);
    expect(rows).toHaveLength(Math.ceil(n / cols));
    expect(overlapping(p)).toEqual([]);
    // Every row but the last is full, and no row is wider than the canvas at the readable zoom.
    for (const [r, y] of rows.entries()) {
      const inRow = Object.values(p).filter((q) => q.y === y);
      if (r < rows.length - 1) expect(inRow).toHaveLength(cols);
      expect(Math.max(...inRow.map((q) => q.x)) + W).toBeLessThanOrEqual(Math.max(rowWidth(1), usable(pane).width / READABLE_ZOOM));
    }
    // Reading order: each next node is to the right in the same row, or starts the next row at the left.
    for (let i = 1; i < n; i++) {
      const [a, b] = [p[`n${i - 1}`], p[`n${i}`]];
      if (b.y === a.y) expect(b.x, `n${i}`).toBeGreaterThan(a.x);
      else expect([b.y > a.y, b.x], `n${i}`).toEqual([true, 0]);
    }
  });

  it('uses more than one column and at most a few rows for LeNet-5 on a 1280×800 canvas', () => {
    const cols = chainColumns(11, { width: 780, height: 400 });
    expect(cols).toBeGreaterThanOrEqual(3);
    expect(Math.ceil(11 / cols)).toBeLessThanOrEqual(4);
  });

  it.each(templates.map((t) => [t.id, t] as const))('template %s opens in reading order, without overlaps', (_id, t) => {
    const g = t.build().graph;
    const p = Object.fromEntries(g.nodes.map((n) => [n.id, n.position!]));
    expect(overlapping(p)).toEqual([]);
    for (const e of g.edges) {
      const [a, b] = [p[e.source], p[e.target]];
      expect(b.y > a.y || (b.y === a.y && b.x > a.x), e.id).toBe(true);
    }
  });

  it('recognises a chain, and not a graph with branches', () => {
    expect(chainOrder(chainGraph(4))).toEqual(['n0', 'n1', 'n2', 'n3']);
    expect(chainOrder(branchyGraph(1))).toBeUndefined();
    expect(chainOrder({ nodes: chainGraph(3).nodes, edges: [] })).toBeUndefined();
  });
});

describe('branchy layout (ELK, wrapped into rows)', () => {
  it.each([
    ['one block, wide canvas', 1, { width: 1400, height: 600 }],
    ['three blocks, 1280×800 canvas', 3, { width: 780, height: 400 }],
    ['six blocks, narrow canvas', 6, { width: 500, height: 700 }],
  ] as const)('%s: no overlaps, rows fit the canvas, edges run in reading order', async (_name, blocks, pane) => {
    const g = branchyGraph(blocks);
    const p = await layoutGraph(g, () => DEFAULT_NODE_SIZE, { pane });
    expect(Object.keys(p).sort()).toEqual(g.nodes.map((n) => n.id).sort());
    expect(overlapping(p)).toEqual([]);
    const maxRight = Math.max(...Object.values(p).map((q) => q.x + W));
    // A single ELK layer wider than the canvas cannot be cut; here every layer fits.
    expect(maxRight).toBeLessThanOrEqual(Math.max(usable(pane).width / READABLE_ZOOM, rowWidth(1)) + 1);
    for (const e of g.edges) {
      const [a, b] = [p[e.source], p[e.target]];
      // Later in reading order: a later row, or further right in a row that holds both.
      expect(b.x > a.x || b.y > a.y + H, `${e.id} ${JSON.stringify([a, b])}`).toBe(true);
    }
    // The branches sit beside each other: the two arms of a block share a column, one above the other.
    for (let b = 0; b < blocks; b++) {
      const [c, q] = [p[`c${b}`], p[`p${b}`]];
      expect(Math.abs(c.x - q.x), `block ${b}`).toBeLessThan(W);
      expect(Math.abs(c.y - q.y), `block ${b}`).toBeGreaterThanOrEqual(H);
    }
  });
});
