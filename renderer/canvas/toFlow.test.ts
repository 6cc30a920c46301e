// The canvas view of a real analysed graph: shapes on edges, severities on nodes, drag positions win.
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../src/graph/schema';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { toFlowEdges, toFlowNodes } from './toFlow';

const graph: Graph = {
  nodes: [
    { id: 'in', type: 'Input', params: { height: 32, width: 32, channels: 3 }, position: { x: 0, y: 0 } },
    { id: 'c1', type: 'Conv2D', params: { filters: 6, kernelSize: 5 }, position: { x: 0, y: 100 } },
    { id: 'c2', type: 'Conv2D', params: { filters: 6, kernelSize: 40 } },
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'c1' },
    { id: 'e2', source: 'c1', target: 'c2' },
  ],
};

describe('toFlow', () => {
  const a = analyzeGraph(graph);

  it('labels edges with the tensor they carry', () => {
    const edges = toFlowEdges(graph, a, { nodes: [], edges: ['e2'] });
    expect(edges.map((e) => e.data?.shape)).toEqual([[32, 32, 3], [28, 28, 6]]);
    expect(edges.map((e) => e.selected)).toEqual([false, true]);
  });

  it('marks the node whose kernel is larger than its input as an error', () => {
    const nodes = toFlowNodes(graph, a, { nodes: ['c1'], edges: [] }, {}, {});
    const sev = Object.fromEntries(nodes.map((n) => [n.id, n.data.severity]));
    expect(sev.c2).toBe('error');
    expect(sev.in).toBeUndefined();
    expect(nodes.find((n) => n.id === 'c1')?.data.analysis?.outputShape).toEqual([28, 28, 6]);
    expect(nodes.find((n) => n.id === 'c1')?.selected).toBe(true);
  });

  it('uses drag positions over stored ones, and stacks unpositioned nodes', () => {
    const nodes = toFlowNodes(graph, a, { nodes: [], edges: [] }, { in: { x: 5, y: 6 } }, { c1: { width: 10, height: 20 } });
    expect(nodes[0].position).toEqual({ x: 5, y: 6 });
    expect(nodes[1].measured).toEqual({ width: 10, height: 20 });
    expect(nodes[2].position).toEqual({ x: 0, y: 220 });
  });
});
