// Shared rules for composite layers: shape, parameters and MACs come from analysing the expansion,
// and the first problem inside is re-stated on the composite node.
import type { Shape } from '../graph/schema';
import type { GraphNode, GraphEdge } from '../graph/schema';
import type { Expansion, LayerDef } from './types';
import { analyzeSubgraph, type SubgraphResult } from '../analysis/analyzeSubgraph';

type Rules<P> = Pick<LayerDef<P>, 'outputShape' | 'paramCount' | 'macs' | 'formula'>;

export function compositeRules<P>(expand: (p: P, inputs: Shape[]) => Expansion): Rules<P> {
  // analyzeGraph asks for shape, params, MACs and formula with the same parsed params and input array:
  // analyse the expansion once per (params, inputs) pair instead of four times.
  const cache = new WeakMap<object, { inputs: Shape[]; result: SubgraphResult }>();
  const analyse = (p: P, inputs: Shape[]): SubgraphResult => {
    const key = p as object;
    const hit = cache.get(key);
    if (hit && hit.inputs === inputs) return hit.result;
    const result = analyzeSubgraph(expand(p, inputs), inputs);
    cache.set(key, { inputs, result });
    return result;
  };
  return {
    outputShape: (p, inputs) => {
      const r = analyse(p, inputs);
      if (r.problem) {
        // Re-state it on the composite: the message names the block, `inner` keeps the layer inside it.
        const { name: inner, ...args } = r.problem.args;
        return { ok: false, problem: { ...r.problem, args: { ...args, inner: String(inner ?? '') } } };
      }
      return r.output ? { ok: true, shape: r.output } : { ok: false, problem: { code: 'dangling-input', args: {} } };
    },
    paramCount: (p, inputs) => analyse(p, inputs).paramCount,
    macs: (p, inputs) => analyse(p, inputs).macs,
    formula: (p, inputs) => {
      const r = analyse(p, inputs);
      return r.analysis.order.map((id) => {
        const n = r.analysis.nodes[id];
        return `${n.name}: ${n.type}${n.summary ? ` ${n.summary}` : ''} → ${n.outputShape?.join('×') ?? '?'} (${n.paramCount.trainable + n.paramCount.nonTrainable} params)`;
      });
    },
  };
}

/** A tiny builder for expansions: chain(...) appends nodes and the edges between them. */
export class SubgraphBuilder {
  nodes: GraphNode[] = [];
  edges: GraphEdge[] = [];
  node(id: string, type: string, params: Record<string, unknown> = {}, from: string[] = []): string {
    this.nodes.push({ id, type, params, name: id });
    from.forEach((s, i) => this.edges.push({ id: `${s}->${id}`, source: s, target: id, targetSlot: i }));
    return id;
  }
  graph() {
    return { nodes: this.nodes, edges: this.edges };
  }
}
