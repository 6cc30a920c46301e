// The union of two graphs for drawing a diff: b's nodes where b has them, a's removed nodes where a had
// them, b's edges plus a's removed ones; each node carries its status and parameter changes.
import type { Edge, Node } from '@xyflow/react';
import type { Graph } from '../../../src/graph/schema';
import { nodeDiffStatus, type GraphDiff, type NodeDiffStatus } from '../../../src/experiments/graphDiff';

export interface DiffNodeData extends Record<string, unknown> {
  name: string;
  summary: string;
  status: NodeDiffStatus;
  changes: string[];
}

const fmt = (v: unknown) => (v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function diffLayout(a: Graph, b: Graph, diff: GraphDiff): { nodes: Node<DiffNodeData>[]; edges: Edge[] } {
  const status = nodeDiffStatus(diff, a, b);
  const changes = new Map(diff.changed.map((m) => [m.after.id, [...(m.typeChanged ? [`type ${m.typeChanged.before} → ${m.typeChanged.after}`] : []), ...m.params.map((p) => `${p.key}: ${fmt(p.before)} → ${fmt(p.after)}`)]]));
  const summary = new Map([...diff.added, ...diff.changed.map((m) => m.after), ...diff.affected.map((m) => m.after)].map((n) => [n.id, n.summary]));
  const place = (i: number, p?: { x: number; y: number }) => p ?? { x: 0, y: i * 90 };
  const nodes: Node<DiffNodeData>[] = b.nodes.map((n, i) => ({
    id: `b:${n.id}`,
    type: 'diff',
    position: place(i, n.position),
    data: { name: n.name ?? n.id, summary: summary.get(n.id) ?? n.type, status: status.after[n.id] ?? 'unchanged', changes: changes.get(n.id) ?? [] },
  }));
  const removed = new Set(diff.removed.map((n) => n.id));
  a.nodes.forEach((n, i) => {
    if (removed.has(n.id)) nodes.push({ id: `a:${n.id}`, type: 'diff', position: place(i, n.position), data: { name: n.name ?? n.id, summary: n.type, status: 'removed', changes: [] } });
  });
  const edges: Edge[] = b.edges.map((e, i) => ({ id: `b${i}`, source: `b:${e.source}`, target: `b:${e.target}` }));
  const removedEdges = new Set(diff.edges.removed.map((e) => `${e.source}>${e.target}`));
  a.edges.forEach((e, i) => {
    if (!removedEdges.has(`${e.source}>${e.target}`)) return;
    const end = (id: string) => (removed.has(id) ? `a:${id}` : `b:${id}`);
    edges.push({ id: `a${i}`, source: end(e.source), target: end(e.target), style: { stroke: '#e5484d', strokeDasharray: '5 4' } });
  });
  return { nodes, edges };
}
