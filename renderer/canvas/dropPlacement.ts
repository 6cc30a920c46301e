// Where a layer dropped from the palette goes, like a design tool: into the edge under the cursor; on empty
// canvas into the one selected edge, or after the one selected node; otherwise loose at the drop point.
import type { Position } from '../../src/graph/schema';
import type { Selection } from '../store/projectStore';

export type DropPlacement = { where: { edgeId: string } | { afterNodeId: string }; position?: undefined } | { where?: undefined; position: Position };

export function dropPlacement(edgeUnderCursor: string | undefined, selection: Selection, dropPoint: Position): DropPlacement {
  if (edgeUnderCursor) return { where: { edgeId: edgeUnderCursor } };
  if (selection.edges.length === 1 && selection.nodes.length === 0) return { where: { edgeId: selection.edges[0] } };
  if (selection.nodes.length === 1 && selection.edges.length === 0) return { where: { afterNodeId: selection.nodes[0] } };
  return { position: dropPoint };
}
