// Test support: graphs as comparable values, so "export → import gives the same graph" is one toEqual.
// tfjs keeps every layer and param; ONNX keeps the computed function (padding as the pads it produces, no
// Dropout, which is identity at inference and not written).
import type { Graph } from '../../graph/schema';
import { analyzeGraph } from '../../analysis/analyzeGraph';
import { getLayer } from '../../layers/registry';
import { windowPads } from '../../export/layout';
import { flattenGraph } from '../../export/flatGraph';

/** Pool strides 0 means "= poolSize": both spellings are the same layer. */
const samePoolStride = (p: any) => ('poolSize' in p && p.strides === 0 ? { ...p, strides: p.poolSize } : p);

/** Node types and schema-filled params by id, and edges (source, target, slot). */
export function canonicalTfjs(g: Graph) {
  const incoming = (id: string) => g.edges.filter((e) => e.target === id);
  return {
    nodes: Object.fromEntries(g.nodes.map((n) => [n.id, { type: n.type, params: samePoolStride(getLayer(n.type)!.schema.parse(n.params)) }])),
    edges: g.edges
      .map((e) => `${e.source}->${e.target}#${incoming(e.target).length > 1 ? (e.targetSlot ?? incoming(e.target).indexOf(e)) : 0}`)
      .sort(),
  };
}

/** The graph with each Dropout bridged over (ONNX graphs are for inference and do not write it). */
export function withoutDropout(g: Graph): Graph {
  const drops = new Map(g.nodes.filter((n) => n.type === 'Dropout').map((n) => [n.id, g.edges.find((e) => e.target === n.id)!.source]));
  return {
    nodes: g.nodes.filter((n) => !drops.has(n.id)),
    edges: g.edges.filter((e) => !drops.has(e.target)).map((e) => (drops.has(e.source) ? { ...e, source: drops.get(e.source)! } : e)),
  };
}

/** Types by id and edges; window padding as the numeric pads it gives, so 'same' and P = same pads compare equal. */
export function canonicalOnnx(g: Graph) {
  const a = analyzeGraph(g);
  const nodes = Object.fromEntries(
    g.nodes.map((n) => {
      const p: any = { ...getLayer(n.type)!.schema.parse(n.params) };
      if ('padding' in p && n.type !== 'ZeroPadding2D') {
        const F = p.kernelSize ?? p.poolSize;
        const S = p.strides || p.poolSize;
        p.padding = windowPads(p.padding, a.nodes[n.id].inputShapes[0]!, F, S, p.dilation ?? 1).join(',');
        if ('poolSize' in p) p.strides = S;
      }
      return [n.id, { type: n.type, params: p }];
    }),
  );
  return { nodes, edges: g.edges.map((e) => `${e.source}->${e.target}`).sort() };
}

/** The graph as its exports describe it: composites expanded, every node named by its tfjs layer name. */
export function expandedGraph(g: Graph): Graph {
  const flat = flattenGraph(g);
  return {
    nodes: flat.nodes.map((n, i) => ({ id: n.name, type: n.type, name: n.name, params: n.params, position: { x: 0, y: i * 100 } })),
    edges: flat.nodes.flatMap((n) => n.inputs.map((s, slot) => ({ id: `${s}->${n.name}#${slot}`, source: s, target: n.name, targetSlot: slot }))),
  };
}
