// Auto-layout: ELK's layered algorithm (Sugiyama-style), top-down like the data flow of a CNN.
import type { ELK as ElkApi } from 'elkjs/lib/elk-api';
import type { Graph, Position } from '../../src/graph/schema';

// ELK is 1.6 MB: loaded on the first layout, not with the editor.
let elkPromise: Promise<ElkApi> | undefined;
const loadElk = () =>
  (elkPromise ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    // CommonJS interop differs between bundlers: the constructor may sit one `default` deeper.
    const mod = m as unknown as { default: unknown };
    const Ctor = ((mod.default as { default?: unknown }).default ?? mod.default) as new () => ElkApi;
    return new Ctor();
  }));
export const DEFAULT_NODE_SIZE = { width: 200, height: 84 };

export async function layoutGraph(
  graph: Graph,
  sizes: (id: string) => { width: number; height: number } = () => DEFAULT_NODE_SIZE,
): Promise<Record<string, Position>> {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const elk = await loadElk();
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.spacing.nodeNode': '40',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: graph.nodes.map((n) => ({ id: n.id, ...sizes(n.id) })),
    edges: graph.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const positions: Record<string, Position> = {};
  for (const c of result.children ?? []) positions[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
  return positions;
}
