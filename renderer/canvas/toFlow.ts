// React Flow's nodes and edges, derived from the store (the document stays the only source of truth).
import type { Edge, Node } from '@xyflow/react';
import type { Graph, GraphNode, Position, Shape } from '../../src/graph/schema';
import type { Severity, ValidationIssue } from '../../src/graph/issue';
import type { GraphAnalysis, NodeAnalysis } from '../../src/analysis/analyzeGraph';
import type { Selection } from '../store/projectStore';
import type { Rect, Route } from './edgeRoute';

export interface LayerNodeData extends Record<string, unknown> {
  node: GraphNode;
  analysis?: NodeAnalysis;
  issues: ValidationIssue[];
  /** Worst severity among the node's issues. */
  severity?: Severity;
}
export type LayerFlowNode = Node<LayerNodeData, 'layer'>;

export interface ShapeEdgeData extends Record<string, unknown> {
  shape?: Shape;
  /** Issues naming the edge, or the target's "input" problems. */
  severity?: Severity;
  /** The drawn route (edgeRoute.ts); absent until the canvas knows where its nodes are. */
  route?: Route;
  /** A palette drag is over this edge: dropping inserts the layer into it. */
  dropTarget?: boolean;
}
export type ShapeFlowEdge = Edge<ShapeEdgeData, 'shape'>;

export type Measured = Record<string, { width: number; height: number }>;

export function issuesByNode(issues: readonly ValidationIssue[]): Map<string, ValidationIssue[]> {
  const m = new Map<string, ValidationIssue[]>();
  for (const i of issues) if (i.nodeId) m.set(i.nodeId, [...(m.get(i.nodeId) ?? []), i]);
  return m;
}

const worst = (list: ValidationIssue[] | undefined): Severity | undefined =>
  list?.some((i) => i.severity === 'error') ? 'error' : list?.length ? 'warning' : undefined;

export function toFlowNodes(
  graph: Graph,
  analysis: GraphAnalysis | undefined,
  selection: Selection,
  dragPositions: Record<string, Position>,
  measured: Measured,
): LayerFlowNode[] {
  const byNode = issuesByNode(analysis?.issues ?? []);
  const selected = new Set(selection.nodes);
  return graph.nodes.map((n, i) => {
    const issues = byNode.get(n.id) ?? [];
    return {
      id: n.id,
      type: 'layer',
      // Nodes saved without a position are stacked in document order until laid out.
      position: dragPositions[n.id] ?? n.position ?? { x: 0, y: i * 110 },
      data: { node: n, analysis: analysis?.nodes[n.id], issues, severity: worst(issues) },
      selected: selected.has(n.id),
      ...(measured[n.id] ? { measured: measured[n.id] } : {}),
    };
  });
}

export function toFlowEdges(
  graph: Graph,
  analysis: GraphAnalysis | undefined,
  selection: Selection,
  routes: Record<string, Route> = {},
  dropEdgeId?: string,
): ShapeFlowEdge[] {
  const selected = new Set(selection.edges);
  const edgeIssues = new Map<string, Severity>();
  for (const i of analysis?.issues ?? []) if (i.edgeId) edgeIssues.set(i.edgeId, i.severity);
  return graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    type: 'shape',
    selected: selected.has(e.id),
    data: {
      shape: analysis?.edges[e.id] ?? undefined,
      severity: edgeIssues.get(e.id),
      ...(routes[e.id] ? { route: routes[e.id] } : {}),
      ...(dropEdgeId === e.id ? { dropTarget: true } : {}),
    },
  }));
}

/** Each drawn node's box in flow units: its position and measured size (`fallback` until measured). */
export function nodeRects(nodes: readonly Pick<Node, 'id' | 'position' | 'measured'>[], fallback: { width: number; height: number }): Record<string, Rect> {
  return Object.fromEntries(
    nodes.map((n) => [n.id, { x: n.position.x, y: n.position.y, width: n.measured?.width ?? fallback.width, height: n.measured?.height ?? fallback.height }]),
  );
}

/** A name made up from the type (conv2d3, maxpooling2d_1, output) says nothing the type does not. */
export const isGeneratedName = (name: string, type: string) => new RegExp(`^${type.toLowerCase()}(_?\\d+)?$`).test(name.toLowerCase());
