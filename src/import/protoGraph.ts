// The common middle of both importers: nodes with ids, types, params and input ids, before they become a
// Graph. Folding passes (pad → padding param, activation → fused param) work on this list.
import type { Graph } from '../graph/schema';
import { rowPositions, TEMPLATE_COLUMNS } from '../templates/chain';

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

/**
 * A chain (LeNet, VGG, a MobileNet without skips) in reading order, wrapped into rows as the templates are;
 * a graph with branches top to bottom by depth, side by side within a row (the canvas's Auto layout reflows it).
 */
export function toGraph(nodes: ProtoNode[]): Graph {
  const depth = new Map<string, number>();
  const perRow = new Map<number, number>();
  const used = new Map<string, number>();
  for (const n of nodes) for (const i of n.inputs) used.set(i, (used.get(i) ?? 0) + 1);
  const isChain = nodes.every((n, k) => n.inputs.length === (k === 0 ? 0 : 1) && (k === 0 || n.inputs[0] === nodes[k - 1].id) && (used.get(n.id) ?? 0) <= 1);
  const rows = isChain ? rowPositions(nodes.length, TEMPLATE_COLUMNS) : undefined;
  const graphNodes = nodes.map((n, k) => {
    const d = n.inputs.length ? Math.max(...n.inputs.map((i) => depth.get(i) ?? 0)) + 1 : 0;
    depth.set(n.id, d);
    const col = perRow.get(d) ?? 0;
    perRow.set(d, col + 1);
    return { id: n.id, type: n.type, name: n.id, params: n.params, position: rows?.[k] ?? { x: col * 240, y: d * 110 } };
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
