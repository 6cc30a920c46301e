// Graph edits checked through the real analysis: shapes and issues must follow each edit.
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../src/graph/schema';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { addBelow, addNode, applyFix, connect, copyItems, newNodeId, pasteClip, removeItems, setParams } from './graphOps';

/** Input 28×28×1 → Conv2D(6@5×5) → Dense(10) → Output: the Dense gets a feature map. */
function chain(): Graph {
  let g: Graph = { nodes: [], edges: [] };
  const ids: string[] = [];
  for (const [i, type] of ['Input', 'Conv2D', 'Dense', 'Output'].entries()) {
    const r = addNode(g, type, { x: 0, y: i * 100 });
    g = r.graph;
    ids.push(r.id);
  }
  g = setParams(g, ids[1], { filters: 6, kernelSize: 5 });
  for (let i = 0; i + 1 < ids.length; i++) g = connect(g, ids[i], ids[i + 1]);
  return g;
}

describe('graph edits', () => {
  it('names new nodes by type with the first free number', () => {
    const g = chain();
    expect(g.nodes.map((n) => n.id)).toEqual(['input_1', 'conv2d_1', 'dense_1', 'output_1']);
    expect(newNodeId(g, 'Conv2D')).toBe('conv2d_2');
  });

  it('connect refuses self-loops and duplicates, replaces the input of a single-input layer', () => {
    const g = chain();
    expect(connect(g, 'conv2d_1', 'conv2d_1')).toBe(g);
    expect(connect(g, 'input_1', 'conv2d_1')).toBe(g);
    const rewired = connect(g, 'input_1', 'dense_1');
    expect(rewired.edges.filter((e) => e.target === 'dense_1').map((e) => e.source)).toEqual(['input_1']);
  });

  it('connect gives multi-input layers successive slots', () => {
    let g = addNode(chain(), 'Add', { x: 0, y: 0 }).graph;
    g = connect(g, 'input_1', 'add_1');
    g = connect(g, 'conv2d_1', 'add_1');
    expect(g.edges.filter((e) => e.target === 'add_1').map((e) => [e.source, e.targetSlot])).toEqual([
      ['input_1', 0],
      ['conv2d_1', 1],
    ]);
  });

  it('edge shapes follow a parameter change (24×24×6 → 26×26×8)', () => {
    const g = chain();
    const edge = g.edges.find((e) => e.source === 'conv2d_1')!;
    expect(analyzeGraph(g).edges[edge.id]).toEqual([24, 24, 6]);
    expect(analyzeGraph(setParams(g, 'conv2d_1', { filters: 8, kernelSize: 3 })).edges[edge.id]).toEqual([26, 26, 8]);
  });

  it('a too large kernel is an error naming the node', () => {
    const a = analyzeGraph(setParams(chain(), 'conv2d_1', { kernelSize: 40 }));
    expect(a.issues.some((i) => i.nodeId === 'conv2d_1' && i.severity === 'error' && i.code === 'non-positive-size')).toBe(true);
  });

  it('applying the "Insert Flatten" fix makes the graph valid', () => {
    const g = chain();
    const issue = analyzeGraph(g).issues.find((i) => i.fix && i.nodeId === 'dense_1');
    expect(issue?.fix?.action).toMatchObject({ kind: 'insertBefore', nodeType: 'Flatten' });
    const fixed = applyFix(g, issue!);
    const a = analyzeGraph(fixed.graph);
    expect(a.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(a.nodes[fixed.id!].outputShape).toEqual([24 * 24 * 6]);
  });

  it('remove drops the node and every edge touching it', () => {
    const g = removeItems(chain(), ['conv2d_1']);
    expect(g.nodes.map((n) => n.id)).not.toContain('conv2d_1');
    expect(g.edges.map((e) => [e.source, e.target])).toEqual([['dense_1', 'output_1']]);
  });

  it('paste copies nodes with new ids and keeps only the edges among them', () => {
    const g = chain();
    const clip = copyItems(g, ['conv2d_1', 'dense_1']);
    const { graph, ids } = pasteClip(g, clip);
    expect(ids).toEqual(['conv2d_2', 'dense_2']);
    expect(graph.edges.filter((e) => ids.includes(e.source) || ids.includes(e.target)).map((e) => [e.source, e.target])).toEqual([
      ['conv2d_2', 'dense_2'],
    ]);
    expect(graph.nodes.find((n) => n.id === 'conv2d_2')?.params).toEqual(g.nodes.find((n) => n.id === 'conv2d_1')?.params);
  });

  it('addBelow places the node under the anchor and feeds it', () => {
    const { graph, id } = addBelow(chain(), 'Flatten', 'conv2d_1');
    const anchor = graph.nodes.find((n) => n.id === 'conv2d_1')!;
    expect(graph.nodes.find((n) => n.id === id)!.position!.y).toBeGreaterThan(anchor.position!.y);
    expect(graph.edges.some((e) => e.source === 'conv2d_1' && e.target === id)).toBe(true);
  });
});
