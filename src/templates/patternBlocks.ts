// The pattern with each stage [(Conv→ReLU)·k → Pool] as a user block (src/graph/userBlocks.ts): stages with
// the same filters K share one definition, as the lecture's ·m says one stage is repeated (with doubling off,
// every stage is one block used m times). The same layers as patternGraph, so the same shapes and counts.
import type { Graph } from '../graph/schema';
import { makeBlock } from '../graph/userBlocks';
import { rowPositions, TEMPLATE_COLUMNS } from './chain';
import { patternGraph, PatternSpecSchema, stageFilters, type PatternSpecInput } from './pattern';

/** The stage's nodes in patternGraph's naming: conv{s}_{c}, relu{s}_{c}, pool{s}. */
const stageNodeIds = (stage: number, k: number) => [
  ...Array.from({ length: k }, (_, c) => [`conv${stage}_${c + 1}`, `relu${stage}_${c + 1}`]).flat(),
  `pool${stage}`,
];

export function patternBlocksGraph(input: PatternSpecInput): Graph {
  const spec = PatternSpecSchema.parse(input);
  let g = patternGraph(spec);
  const defOfFilters = new Map<number, string>();
  stageFilters(spec).forEach((filters, s) => {
    const r = makeBlock(g, stageNodeIds(s + 1, spec.k), `Stage K=${filters}`);
    if (!r.ok) throw new Error(`pattern stage ${s + 1} cannot be a block: ${r.reason}`);
    // Instances named by stage (stage1, stage2, …): which block they are is on the node already.
    g = { ...r.graph, nodes: r.graph.nodes.map((n) => (n.id === r.instanceId ? { ...n, name: `stage${s + 1}` } : n)) };
    const shared = defOfFilters.get(filters);
    if (shared === undefined) defOfFilters.set(filters, r.blockId);
    else
      g = {
        ...g,
        nodes: g.nodes.map((n) => (n.id === r.instanceId ? { ...n, params: { block: shared } } : n)),
        blocks: (g.blocks ?? []).filter((b) => b.id !== r.blockId),
      };
  });
  // A chain again: laid out in rows like the templates (chain.ts), in flow order.
  const spots = rowPositions(g.nodes.length, TEMPLATE_COLUMNS);
  const order = chainOrder(g);
  const at = new Map(order.map((id, i) => [id, spots[i]]));
  return { ...g, nodes: g.nodes.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })) };
}

/** The chain's node ids from its Input on. */
function chainOrder(g: Graph): string[] {
  const next = new Map(g.edges.map((e) => [e.source, e.target]));
  const order = [g.nodes.find((n) => n.type === 'Input')!.id];
  for (let id = next.get(order[0]); id !== undefined; id = next.get(id)) order.push(id);
  return order;
}
