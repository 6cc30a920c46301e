// Fitting that never goes below a readable zoom: the graph is fitted into the canvas, but never smaller than
// the zoom at which node text is 11 px on screen; a bigger graph is shown from its start (the Input) at that
// zoom and the canvas scrolls. Pure geometry; useReadableFit.ts applies it to React Flow.
import type { Rect } from './edgeRoute';

/** The smallest font inside a node and on an edge label, in flow units (canvas.css keeps to these). */
export const NODE_TEXT_MIN_PX = 12;
export const EDGE_LABEL_PX = 11;
/** Text smaller than this on screen is not read at first sight. */
export const READABLE_TEXT_PX = 11;
export const READABLE_ZOOM = READABLE_TEXT_PX / NODE_TEXT_MIN_PX;
/** A small graph is not blown up past this. */
export const FIT_MAX_ZOOM = 1.25;
/** Room kept between the graph and the canvas border, in screen px; the top leaves the toolbar free. */
export const FIT_PADDING = { top: 52, right: 16, bottom: 20, left: 16 };

export interface Size {
  width: number;
  height: number;
}
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The canvas area a graph may use, in screen px. */
export const usable = (pane: Size): Size => ({
  width: Math.max(1, pane.width - FIT_PADDING.left - FIT_PADDING.right),
  height: Math.max(1, pane.height - FIT_PADDING.top - FIT_PADDING.bottom),
});

/**
 * The viewport showing `bounds` (the graph's box, flow units) in a `pane` (screen px): centred at the zoom
 * that fits it, clamped to [READABLE_ZOOM, FIT_MAX_ZOOM]; along an axis where it does not fit, aligned to
 * the graph's start, with `start` (the Input's box) kept in view.
 */
export function readableViewport(bounds: Rect, pane: Size, start?: Rect): Viewport {
  const room = usable(pane);
  const fit = Math.min(room.width / Math.max(1, bounds.width), room.height / Math.max(1, bounds.height), FIT_MAX_ZOOM);
  const zoom = Math.max(READABLE_ZOOM, fit);
  const axis = (origin: number, size: number, space: number, before: number, startOrigin?: number, startSize?: number) => {
    if (size * zoom <= space) return before + (space - size * zoom) / 2 - origin * zoom;
    let offset = before - origin * zoom;
    if (startOrigin !== undefined && startSize !== undefined && (startOrigin + startSize) * zoom + offset > before + space) offset = before - startOrigin * zoom;
    return offset;
  };
  return {
    x: axis(bounds.x, bounds.width, room.width, FIT_PADDING.left, start?.x, start?.width),
    y: axis(bounds.y, bounds.height, room.height, FIT_PADDING.top, start?.y, start?.height),
    zoom,
  };
}
