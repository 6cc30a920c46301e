// Orthogonal edge routes for the row layout, from a node's right side to the next node's left side: straight
// along a row, around other nodes when a straight line would cross them (a skip arcs over the main path),
// and through the row gap when the edge wraps to the next row. Pure geometry, so the drop-on-edge hit test
// sees exactly the line that is drawn.
import type { Position } from '../../src/graph/schema';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Route {
  points: Position[];
  /** Where the shape label sits: the middle of the longest segment. */
  label: Position;
}

/** How far a route runs straight out of a handle before it turns. */
const STUB = 18;
/** Clearance kept from nodes a route goes around. */
const CLEAR = 22;

const right = (r: Rect) => r.x + r.width;
const bottom = (r: Rect) => r.y + r.height;
const midY = (r: Rect) => r.y + r.height / 2;

/** An axis-aligned segment passes through the inside of a rectangle (touching its border does not count). */
function crosses(a: Position, b: Position, r: Rect): boolean {
  const x0 = Math.min(a.x, b.x);
  const x1 = Math.max(a.x, b.x);
  const y0 = Math.min(a.y, b.y);
  const y1 = Math.max(a.y, b.y);
  return x1 > r.x + 1 && x0 < right(r) - 1 && y1 > r.y + 1 && y0 < bottom(r) - 1;
}

const clear = (points: Position[], obstacles: Rect[]) =>
  points.every((p, i) => i === 0 || obstacles.every((r) => !crosses(points[i - 1], p, r)));

function withLabel(points: Position[]): Route {
  let best = 0;
  let bestLen = -1;
  for (let i = 1; i < points.length; i++) {
    const len = Math.abs(points[i].x - points[i - 1].x) + Math.abs(points[i].y - points[i - 1].y);
    if (len > bestLen + 0.5) {
      best = i;
      bestLen = len;
    }
  }
  const a = points[Math.max(0, best - 1)];
  const b = points[best] ?? a;
  return { points, label: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
}

/** The route from `source`'s output (right side) to `target`'s input (left side), avoiding `obstacles`. */
export function routeEdge(source: Rect, target: Rect, obstacles: Rect[] = []): Route {
  const s = { x: right(source), y: midY(source) };
  const t = { x: target.x, y: midY(target) };
  const others = obstacles.filter((r) => r !== source && r !== target);
  const candidates: Position[][] = [];
  // Above or below everything in the way, for a route whose middle runs at height y.
  const around = (x0: number, x1: number, y: number) => [s, { x: x0, y: s.y }, { x: x0, y }, { x: x1, y }, { x: x1, y: t.y }, t];
  if (t.x - s.x >= 2 * STUB) {
    if (Math.abs(t.y - s.y) < 1) candidates.push([s, t]);
    else
      for (const x of [(s.x + t.x) / 2, t.x - STUB, s.x + STUB]) candidates.push([s, { x, y: s.y }, { x, y: t.y }, t]);
    const between = others.filter((r) => r.x < t.x && right(r) > s.x);
    const top = Math.min(source.y, target.y, ...between.map((r) => r.y)) - CLEAR;
    const low = Math.max(bottom(source), bottom(target), ...between.map(bottom)) + CLEAR;
    candidates.push(around(s.x + STUB, t.x - STUB, top), around(s.x + STUB, t.x - STUB, low));
  } else {
    // Wrapping back (to the next row, or leftwards): through the gap above the target, else below both.
    const x0 = s.x + STUB;
    const x1 = t.x - STUB;
    const between = others.filter((r) => r.x < x0 && right(r) > x1);
    const gaps = [(bottom(source) + target.y) / 2, target.y - CLEAR, bottom(source) + CLEAR, (bottom(target) + source.y) / 2];
    for (const y of gaps) candidates.push(around(x0, x1, y));
    candidates.push(around(x0, x1, Math.max(bottom(source), bottom(target), ...between.map(bottom)) + CLEAR));
  }
  return withLabel(candidates.find((c) => clear(c, others)) ?? candidates[0]);
}

/** The route as an SVG path with rounded corners. */
export function routePath(points: Position[], radius = 8): string {
  if (points.length < 2) return '';
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(radius, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const into = { x: b.x - Math.sign(b.x - a.x) * r, y: b.y - Math.sign(b.y - a.y) * r };
    const out = { x: b.x + Math.sign(c.x - b.x) * r, y: b.y + Math.sign(c.y - b.y) * r };
    d += ` L ${into.x} ${into.y} Q ${b.x} ${b.y} ${out.x} ${out.y}`;
  }
  const last = points[points.length - 1];
  return `${d} L ${last.x} ${last.y}`;
}

function distanceToSegment(p: Position, a: Position, b: Position): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const k = len2 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2)) : 0;
  return Math.hypot(p.x - (a.x + k * dx), p.y - (a.y + k * dy));
}

export const distanceToRoute = (p: Position, route: Route) =>
  Math.min(...route.points.slice(1).map((b, i) => distanceToSegment(p, route.points[i], b)));

/** The edge whose drawn line passes within `tolerance` of `p` (the nearest one), if any. */
export function edgeAt(p: Position, routes: Record<string, Route>, tolerance: number): string | undefined {
  let best: string | undefined;
  let bestD = tolerance;
  for (const [id, r] of Object.entries(routes)) {
    const d = distanceToRoute(p, r);
    if (d <= bestD) {
      best = id;
      bestD = d;
    }
  }
  return best;
}

/** Routes of every edge between drawn nodes, each avoiding all the other nodes. */
export function routeEdges(rects: Record<string, Rect>, edges: readonly { id: string; source: string; target: string }[]): Record<string, Route> {
  const all = Object.values(rects);
  const routes: Record<string, Route> = {};
  for (const e of edges) {
    const s = rects[e.source];
    const t = rects[e.target];
    if (s && t && e.source !== e.target) routes[e.id] = routeEdge(s, t, all);
  }
  return routes;
}
