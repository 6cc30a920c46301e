// After a block opens: select it and bring its frame into view. A frame larger than the canvas is shown from
// its top-left corner, zoomed out as far as needed to show more of it but never below the readable zoom.
import type { ReactFlowInstance } from '@xyflow/react';
import { useProjectStore } from '../../store/projectStore';
import { nearestShift } from '../focusNode';
import { READABLE_ZOOM } from '../readableFit';

/** Room the frame keeps from the canvas border, in screen px. */
const MARGIN = 16;

type Flow = Pick<ReactFlowInstance, 'getInternalNode' | 'getViewport' | 'setViewport'>;

export function revealFrame(flow: Flow, id: string) {
  useProjectStore.getState().select({ nodes: [id], edges: [] });
  const n = flow.getInternalNode(id);
  const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
  if (!n?.measured.width || !n.measured.height || !canvas) return;
  const { x, y } = n.internals.positionAbsolute;
  const { width: w, height: h } = n.measured;
  const view = flow.getViewport();
  const room = { width: canvas.width - 2 * MARGIN, height: canvas.height - 2 * MARGIN };
  const zoom = Math.max(Math.min(view.zoom, room.width / w, room.height / h), Math.min(view.zoom, READABLE_ZOOM));
  // Screen px inside the canvas of the frame's corners at the new zoom, before any shift.
  const left = x * zoom + view.x;
  const top = y * zoom + view.y;
  const dx = nearestShift(left, left + w * zoom, MARGIN, canvas.width - MARGIN);
  const dy = nearestShift(top, top + h * zoom, MARGIN, canvas.height - MARGIN);
  if (dx || dy || zoom !== view.zoom) void flow.setViewport({ x: view.x + dx, y: view.y + dy, zoom }, { duration: 250 });
}
