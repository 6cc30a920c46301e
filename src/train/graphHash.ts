// A hash of what determines the trained weights: layer types, their params (with defaults filled in)
// and the edges. Names and positions are left out, so moving or renaming a node keeps weights fresh; so are the
// fine-tuning flags (trainable, lrMultiplier): freezing a layer changes how it trains, not which weights fit.
// cyrb53 (bryc, public domain): a fast 53-bit string hash; collisions are irrelevant at this scale.
import type { Graph } from '../graph/schema';
import { getLayer } from '../layers/registry';

function cyrb53(str: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** JSON with object keys sorted, so {a,b} and {b,a} hash alike. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** Node types and params (defaults filled) by id, and edges, in a stable order. */
function structure(graph: Pick<Graph, 'nodes' | 'edges'>) {
  const nodes = [...graph.nodes]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((n) => {
      const parsed = getLayer(n.type)?.schema.safeParse(n.params ?? {});
      return [n.id, n.type, parsed?.success ? parsed.data : n.params];
    });
  const edges = graph.edges.map((e) => [e.source, e.target, e.targetSlot ?? -1]).sort((a, b) => canonical(a).localeCompare(canonical(b)));
  return { nodes, edges };
}

export function graphHash(graph: Graph): string {
  // User block definitions decide the weights too (editing one changes every instance); a graph without
  // any hashes as before, so weights saved before blocks existed stay fresh.
  const blocks = graph.blocks?.length ? graph.blocks.map((b) => ({ id: b.id, inputs: b.inputs, output: b.output, ...structure(b.graph) })) : undefined;
  return `g1-${cyrb53(canonical({ ...structure(graph), ...(blocks ? { blocks } : {}) })).toString(16)}`;
}
