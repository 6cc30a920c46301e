// Selects a node and brings it into view (problems panel, quick add), like a design tool scrolling to the
// nearest edge: a node already on screen stays where it is, one off screen is scrolled just into view, so
// the nodes around it stay in sight; the zoom never ends below the readable one.
import type { ReactFlowInstance } from '@xyflow/react';
import { useProjectStore } from '../store/projectStore';
import { DEFAULT_NODE_SIZE } from './autoLayout';
import { READABLE_ZOOM } from './readableFit';

/** Room a node keeps from the canvas border once scrolled into view, in screen px. */
const MARGIN = 24;

/** The shift (screen px) that brings [start, end] inside [min, max], or aligns its start when it is wider. */
export function nearestShift(start: number, end: number, min: number, max: number): number {
  if (end - start > max - min || start < min) return min - start;
  if (end > max) return max - end;
  return 0;
}

type Flow = Pick<ReactFlowInstance, 'getInternalNode' | 'setCenter' | 'getViewport' | 'setViewport' | 'flowToScreenPosition'>;

export function focusNode(flow: Flow, id: string) {
  useProjectStore.getState().select({ nodes: [id], edges: [] });
  const n = flow.getInternalNode(id);
  if (!n) return;
  const { x, y } = n.internals.positionAbsolute;
  const w = n.measured.width ?? DEFAULT_NODE_SIZE.width;
  const h = n.measured.height ?? DEFAULT_NODE_SIZE.height;
  const viewport = flow.getViewport();
  const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
  if (!canvas || viewport.zoom < READABLE_ZOOM) {
    void flow.setCenter(x + w / 2, y + h / 2, { zoom: Math.max(viewport.zoom, READABLE_ZOOM), duration: 250 });
    return;
  }
  const a = flow.flowToScreenPosition({ x, y });
  const b = flow.flowToScreenPosition({ x: x + w, y: y + h });
  const dx = nearestShift(a.x, b.x, canvas.left + MARGIN, canvas.right - MARGIN);
  const dy = nearestShift(a.y, b.y, canvas.top + MARGIN, canvas.bottom - MARGIN);
  if (dx || dy) void flow.setViewport({ x: viewport.x + dx, y: viewport.y + dy, zoom: viewport.zoom }, { duration: 250 });
}
