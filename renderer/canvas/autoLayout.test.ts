// ELK lays a chain out top-down and puts parallel branches side by side.
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../src/graph/schema';
import { layoutGraph } from './autoLayout';

const graph: Graph = {
  nodes: ['in', 'a', 'b', 'add', 'out'].map((id) => ({ id, type: 'Activation', params: {} })),
  edges: [
    { id: 'e1', source: 'in', target: 'a' },
    { id: 'e2', source: 'in', target: 'b' },
    { id: 'e3', source: 'a', target: 'add' },
    { id: 'e4', source: 'b', target: 'add' },
    { id: 'e5', source: 'add', target: 'out' },
  ],
};

describe('auto layout', () => {
  it('orders layers top-down along the edges and spreads branches horizontally', async () => {
    const p = await layoutGraph(graph);
    for (const e of graph.edges) expect(p[e.target].y, e.id).toBeGreaterThan(p[e.source].y);
    expect(p.a.y).toBe(p.b.y);
    expect(Math.abs(p.a.x - p.b.x)).toBeGreaterThanOrEqual(200);
  });
});
