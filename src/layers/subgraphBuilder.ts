// Composite layers describe their inside as data: an ordinary subgraph built with this, analysed by
// src/analysis (shape, parameters, MACs) and built or exported layer by layer.
import type { GraphEdge, GraphNode } from '../graph/schema';

/** node(...) appends a node and the edges into it from `from`, in input-slot order. */
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
