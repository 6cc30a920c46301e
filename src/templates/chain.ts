// Templates are chains of nodes (branching lives inside ResidualBlock / InceptionBlock composites), laid
// out left to right and wrapped into rows like text, so a template reads at first sight without a layout
// step. The grid is the canvas's own (renderer/canvas/autoLayout.ts wraps any graph the same way).
import type { Graph, Position } from '../graph/schema';
import type { DatasetRef } from '../project/schema';

export type Step = [type: string, params?: Record<string, unknown>, name?: string];

export interface TemplateDoc {
  name: string;
  graph: Graph;
  dataset: DatasetRef;
}

/**
 * The canvas's node box and the gaps of the row layout, in flow units (screen px at zoom 1). The column
 * gap holds an edge's shape label (e.g. 112×112×128); the row gap holds the edge that wraps to the next row.
 */
export const ROW_LAYOUT = { nodeWidth: 136, nodeHeight: 76, columnGap: 80, rowGap: 48 } as const;

/** Columns of a template: four fit the canvas at a readable zoom on a 1280-px-wide window. */
export const TEMPLATE_COLUMNS = 4;

/** Top-left corners of `count` nodes in reading order, `columns` per row. */
export function rowPositions(count: number, columns: number): Position[] {
  const cols = Math.max(1, Math.floor(columns));
  const { nodeWidth, nodeHeight, columnGap, rowGap } = ROW_LAYOUT;
  return Array.from({ length: count }, (_, i) => ({
    x: (i % cols) * (nodeWidth + columnGap),
    y: Math.floor(i / cols) * (nodeHeight + rowGap),
  }));
}

export function chain(steps: Step[]): Graph {
  const counts = new Map<string, number>();
  const ids = steps.map(([type, , name]) => {
    if (name) return name;
    const n = (counts.get(type) ?? 0) + 1;
    counts.set(type, n);
    return `${type.toLowerCase()}${n}`;
  });
  const positions = rowPositions(steps.length, TEMPLATE_COLUMNS);
  return {
    nodes: steps.map(([type, params], i) => ({ id: ids[i], type, name: ids[i], params: params ?? {}, position: positions[i] })),
    edges: ids.slice(1).map((id, i) => ({ id: `e_${ids[i]}_${id}`, source: ids[i], target: id })),
  };
}

export const relu: Step = ['Activation', { activation: 'relu' }];
