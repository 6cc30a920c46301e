// The common middle of both importers: nodes with ids, types, params and input ids, before they become a
// Graph. Folding passes (pad → padding param, activation → fused param) work on this list.
import type { Graph } from '../graph/schema';

export interface ProtoNode {
  id: string;
  type: string;
  params: Record<string, unknown>;
  inputs: string[];
}

export function consumers(nodes: ProtoNode[]): Map<string, ProtoNode[]> {
  const m = new Map<string, ProtoNode[]>();
  for (const n of nodes)
    for (const i of n.inputs) {
      const list = m.get(i);
      if (list) list.push(n);
      else m.set(i, [n]);
    }
  return m;
}

/** Replaces references to `from` by `to` in every node's inputs. */
export function rewire(nodes: ProtoNode[], from: string, to: string): void {
  for (const n of nodes) n.inputs = n.inputs.map((i) => (i === from ? to : i));
}

/** Nodes laid out top to bottom by depth, side by side within a row. */
export function toGraph(nodes: ProtoNode[]): Graph {
  const depth = new Map<string, number>();
  const perRow = new Map<number, number>();
  const graphNodes = nodes.map((n) => {
    const d = n.inputs.length ? Math.max(...n.inputs.map((i) => depth.get(i) ?? 0)) + 1 : 0;
    depth.set(n.id, d);
    const col = perRow.get(d) ?? 0;
    perRow.set(d, col + 1);
    return { id: n.id, type: n.type, name: n.id, params: n.params, position: { x: col * 240, y: d * 110 } };
  });
  let k = 0;
  const edges = nodes.flatMap((n) =>
    n.inputs.map((s, slot) => {
      // Edge ids are at most 200 characters (src/graph/schema.ts): two long node ids give a numbered one.
      const id = `e_${s}_${n.id}`;
      k++;
      return { id: id.length <= 200 ? id : `e_${k}`, source: s, target: n.id, ...(n.inputs.length > 1 ? { targetSlot: slot } : {}) };
    }),
  );
  return { nodes: graphNodes, edges };
}
