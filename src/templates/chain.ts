// Templates are chains of nodes (branching lives inside ResidualBlock / InceptionBlock composites),
// laid out top to bottom so they read like the lecture's diagrams.
import type { Graph } from '../graph/schema';
import type { DatasetRef } from '../project/schema';

export type Step = [type: string, params?: Record<string, unknown>, name?: string];

export interface TemplateDoc {
  name: string;
  graph: Graph;
  dataset: DatasetRef;
}

const ROW = 110;

export function chain(steps: Step[]): Graph {
  const counts = new Map<string, number>();
  const ids = steps.map(([type, , name]) => {
    if (name) return name;
    const n = (counts.get(type) ?? 0) + 1;
    counts.set(type, n);
    return `${type.toLowerCase()}${n}`;
  });
  return {
    nodes: steps.map(([type, params], i) => ({ id: ids[i], type, name: ids[i], params: params ?? {}, position: { x: 0, y: i * ROW } })),
    edges: ids.slice(1).map((id, i) => ({ id: `e_${ids[i]}_${id}`, source: ids[i], target: id })),
  };
}

export const relu: Step = ['Activation', { activation: 'relu' }];
