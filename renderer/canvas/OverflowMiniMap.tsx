// The minimap, shown only while part of the graph lies outside the canvas: then it is the way around;
// when the whole graph is in view it would only cover nodes.
import { MiniMap, useStore, type ReactFlowState } from '@xyflow/react';
import type { LayerFlowNode } from './toFlow';

function graphOverflows(s: ReactFlowState): boolean {
  const [tx, ty, zoom] = s.transform;
  for (const n of s.nodeLookup.values()) {
    const x = n.internals.positionAbsolute.x * zoom + tx;
    const y = n.internals.positionAbsolute.y * zoom + ty;
    const w = (n.measured.width ?? 0) * zoom;
    const h = (n.measured.height ?? 0) * zoom;
    if (x < 0 || y < 0 || x + w > s.width || y + h > s.height) return true;
  }
  return false;
}

export function OverflowMiniMap() {
  const overflows = useStore(graphOverflows);
  if (!overflows) return null;
  return (
    <MiniMap
      pannable
      zoomable
      style={{ width: 128, height: 84 }}
      nodeClassName={(n) => `minimap-node ${(n as LayerFlowNode).data.severity ?? ''}`}
    />
  );
}
