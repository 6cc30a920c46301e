// After a block opens (at the top level or inside another): select it and bring its frame into view, zoomed out
// as far as needed to show all of it but never below the readable zoom; the border margin shrinks (to 0) when
// that lets the whole frame show. A frame not in view is shown from its top-left corner (a larger one too). The
// frames around a nested one keep their headers (and their ▾) in view when that costs little.
import type { ReactFlowInstance } from '@xyflow/react';
import type { Position } from '../../../src/graph/schema';
import { useProjectStore } from '../../store/projectStore';
import { READABLE_ZOOM } from '../readableFit';
import { isInnerPath, PATH_SEPARATOR } from '../../../src/learn/blockInsides';
import type { Rect } from '../edgeRoute';
import { useExpandedBlocks } from './expandedStore';

/** Room the frame keeps from the canvas border, in screen px, when it fits with it. */
const MARGIN = 16;
/** How far (a fraction of the canvas) the outer frames' corners may lie from the frame's to be shown with it. */
const NEAR = 0.25;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The viewport showing `frame` (flow units) on a canvas of `canvas` screen px, starting from `view`. `corners`:
 * the top-left corners of the frames around it; they join the box shown when the whole still fits, or when
 * the frame does not fit anyway and they are near.
 */
export function revealViewport(frame: Rect, corners: readonly Position[], view: Viewport, canvas: { width: number; height: number }): Viewport {
  const floor = Math.min(view.zoom, READABLE_ZOOM);
  const zoomFor = (b: Rect) => Math.max(Math.min(view.zoom, (canvas.width - 2 * MARGIN) / b.width, (canvas.height - 2 * MARGIN) / b.height), floor);
  const fits = (b: Rect) => b.width * zoomFor(b) <= canvas.width && b.height * zoomFor(b) <= canvas.height;
  const left = Math.min(frame.x, ...corners.map((c) => c.x));
  const top = Math.min(frame.y, ...corners.map((c) => c.y));
  const union = { x: left, y: top, width: frame.x + frame.width - left, height: frame.y + frame.height - top };
  const near = (frame.x - left) * zoomFor(frame) <= NEAR * canvas.width && (frame.y - top) * zoomFor(frame) <= NEAR * canvas.height;
  const box = fits(union) || (!fits(frame) && near) ? union : frame;
  const zoom = zoomFor(box);
  const [w, h] = [box.width * zoom, box.height * zoom];
  // The margin gives way only where that makes the box fit; a box larger than the canvas keeps it at its start.
  const margin = (size: number, room: number) => (size > room || size <= room - 2 * MARGIN ? MARGIN : (room - size) / 2);
  const [mx, my] = [margin(w, canvas.width), margin(h, canvas.height)];
  // Screen px inside the canvas of the box's corners at the new zoom, before any shift.
  const sx = box.x * zoom + view.x;
  const sy = box.y * zoom + view.y;
  // Not (all) in view: its start goes to the margin, so the header's text and the first layers sit clear of
  // the toolbar and the minimap in the canvas's right corners.
  const shift = (start: number, size: number, margin: number, room: number) => (start < margin || start + size > room - margin ? margin - start : 0);
  return { x: view.x + shift(sx, w, mx, canvas.width), y: view.y + shift(sy, h, my, canvas.height), zoom };
}

type Flow = Pick<ReactFlowInstance, 'getInternalNode' | 'getViewport' | 'setViewport'>;

/** "a/b/c" → ["a/b", "a"]. */
const parentsOf = (path: string) => path.split(PATH_SEPARATOR).slice(0, -1).map((_, i, parts) => parts.slice(0, parts.length - i).join(PATH_SEPARATOR));

export function revealFrame(flow: Flow, id: string) {
  // A block inside a block is picked as an inner layer (read-only in the inspector).
  if (isInnerPath(id)) {
    useProjectStore.getState().select({ nodes: [], edges: [] });
    useExpandedBlocks.getState().selectInner(id);
  } else useProjectStore.getState().select({ nodes: [id], edges: [] });
  const n = flow.getInternalNode(id);
  const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
  if (!n?.measured.width || !n.measured.height || !canvas) return;
  const frame = { ...n.internals.positionAbsolute, width: n.measured.width, height: n.measured.height };
  const corners = parentsOf(id).flatMap((p) => {
    const a = flow.getInternalNode(p)?.internals.positionAbsolute;
    return a ? [a] : [];
  });
  const view = flow.getViewport();
  const next = revealViewport(frame, corners, view, canvas);
  if (next.x !== view.x || next.y !== view.y || next.zoom !== view.zoom) void flow.setViewport(next, { duration: 250 });
}
