// Pure graph edits for dropping a built pattern: its body (the stages, and Flatten + FC layers when n > 0;
// never Input or Output) after one node of the current graph, rewired like graphOps.insertNode does for one layer.
import type { Graph, GraphEdge, GraphNode } from '../../src/graph/schema';
import { rowPositions, TEMPLATE_COLUMNS } from '../../src/templates/chain';
import { belowAll } from '../store/placement';
import { mainChain, newEdgeId } from '../store/graphOps';

/** A fresh id for `id` in `used` (conv1_1, then conv1_1_2, …). */
function freshId(id: string, used: Set<string>): string {
  let out = id;
  for (let i = 2; used.has(out); i++) out = `${id}_${i}`;
  used.add(out);
  return out;
}

/**
 * Inserts `pattern`'s body (see above) after node `afterId`: afterId → body → what afterId fed before. A plain chain is
 * laid out again in rows like a template; any other graph gets the body in rows below it. Undefined when
 * afterId is not in the graph, is the Output (it has no outputs), or the body is empty.
 */
export function insertPatternAfter(graph: Graph, pattern: Graph, afterId: string): Graph | undefined {
  const after = graph.nodes.find((n) => n.id === afterId);
  if (!after || after.type === 'Output') return undefined;
  // With n = 0 the body is the conv stages alone: a Flatten with no FC after it would end the feature maps.
  const fc = pattern.nodes.some((n) => n.type === 'Dense');
  const body = pattern.nodes.filter((n) => n.type !== 'Input' && n.type !== 'Output' && (fc || n.type !== 'Flatten'));
  if (!body.length) return undefined;
  const used = new Set(graph.nodes.map((n) => n.id));
  const ids = body.map((n) => freshId(n.id, used));
  const start = belowAll(graph);
  const spots = rowPositions(body.length, TEMPLATE_COLUMNS);
  const nodes: GraphNode[] = body.map((n, i) => ({ ...n, id: ids[i], name: ids[i], position: { x: start.x + spots[i].x, y: start.y + spots[i].y } }));

  const outs = graph.edges.filter((e) => e.source === afterId);
  const taken = new Set<string>();
  const edge = (source: string, target: string, rest: Partial<GraphEdge> = {}): GraphEdge => {
    const id = newEdgeId(graph, source, target, taken);
    taken.add(id);
    return { ...rest, id, source, target };
  };
  const last = ids[ids.length - 1];
  const edges = [
    ...graph.edges.filter((e) => e.source !== afterId),
    edge(afterId, ids[0]),
    ...ids.slice(1).map((id, i) => edge(ids[i], id)),
    ...outs.map((e) => edge(last, e.target, e.targetSlot === undefined ? {} : { targetSlot: e.targetSlot })),
  ];
  const next: Graph = { nodes: [...graph.nodes, ...nodes], edges };
  return isPlainChain(next) ? relayoutChain(next) : next;
}

/** Every node on one path, no branches: the templates' shape. */
function isPlainChain(graph: Graph): boolean {
  return graph.edges.length === graph.nodes.length - 1 && mainChain(graph).length === graph.nodes.length;
}

/** The chain's nodes in reading order on the templates' row grid (chain.ts). */
function relayoutChain(graph: Graph): Graph {
  const order = mainChain(graph);
  const spots = rowPositions(order.length, TEMPLATE_COLUMNS);
  const at = new Map(order.map((id, i) => [id, spots[i]]));
  return { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })) };
}
