// Selects a node and centres the view on it (problems panel, quick-add).
import type { ReactFlowInstance } from '@xyflow/react';
import { useProjectStore } from '../store/projectStore';

export function focusNode(flow: Pick<ReactFlowInstance, 'getInternalNode' | 'setCenter' | 'getZoom'>, id: string) {
  useProjectStore.getState().select({ nodes: [id], edges: [] });
  const n = flow.getInternalNode(id);
  if (!n) return;
  const { x, y } = n.internals.positionAbsolute;
  const w = n.measured.width ?? 200;
  const h = n.measured.height ?? 84;
  void flow.setCenter(x + w / 2, y + h / 2, { zoom: Math.max(flow.getZoom(), 1), duration: 250 });
}
