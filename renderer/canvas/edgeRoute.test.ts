// Edge routes on the row layout: straight along a row, through the row gap when wrapping, around a node a
// straight line would cross; never through a node that is not an end of the edge. The drop hit test
// finds the edge under the cursor from the same geometry.
import { describe, expect, it } from 'vitest';
import { ROW_LAYOUT, rowPositions } from '../../src/templates/chain';
import { templates } from '../../src/templates';
import { edgeAt, routeEdge, routeEdges, routePath, type Rect, type Route } from './edgeRoute';

const { nodeWidth: width, nodeHeight: height } = ROW_LAYOUT;
const box = (x: number, y: number): Rect => ({ x, y, width, height });

/** Does any segment of the route pass through the inside of a rect? */
function throughNode(route: Route, r: Rect): boolean {
  return route.points.slice(1).some((b, i) => {
    const a = route.points[i];
    return Math.max(a.x, b.x) > r.x + 1 && Math.min(a.x, b.x) < r.x + r.width - 1 && Math.max(a.y, b.y) > r.y + 1 && Math.min(a.y, b.y) < r.y + r.height - 1;
  });
}

describe('edge routes', () => {
  const [p0, p1, , p3, p4] = rowPositions(8, 4);
  const [a, b, d, e] = [box(p0.x, p0.y), box(p1.x, p1.y), box(p3.x, p3.y), box(p4.x, p4.y)];

  it.each([
    ['neighbours in a row: one straight segment', a, b, [] as Rect[], 2],
    ['end of a row to the start of the next: out, down into the gap, back, in', d, e, [a, b], 6],
    ['a skip over a node in between: around it', a, box(p1.x + 2 * (width + ROW_LAYOUT.columnGap), p1.y), [b], 6],
  ] as const)('%s', (_name, s, t, others, segments) => {
    const r = routeEdge(s, t, [s, t, ...others]);
    expect(r.points).toHaveLength(segments);
    expect(r.points[0]).toEqual({ x: s.x + s.width, y: s.y + s.height / 2 });
    expect(r.points[r.points.length - 1]).toEqual({ x: t.x, y: t.y + t.height / 2 });
    for (const o of others) expect(throughNode(r, o)).toBe(false);
    // Orthogonal: every segment is horizontal or vertical.
    for (const [i, q] of r.points.slice(1).entries()) expect(q.x === r.points[i].x || q.y === r.points[i].y).toBe(true);
  });

  it('puts the label of a wrapping edge in the row gap', () => {
    const r = routeEdge(d, e, [a, b, d, e]);
    expect(r.label.y).toBeGreaterThan(d.y + height);
    expect(r.label.y).toBeLessThan(e.y);
  });

  it.each(templates.map((t) => [t.id, t] as const))('template %s: no edge runs through a node', (_id, t) => {
    const g = t.build().graph;
    const rects = Object.fromEntries(g.nodes.map((n) => [n.id, box(n.position!.x, n.position!.y)]));
    const routes = routeEdges(rects, g.edges);
    expect(Object.keys(routes)).toHaveLength(g.edges.length);
    for (const ed of g.edges)
      for (const [id, r] of Object.entries(rects)) if (id !== ed.source && id !== ed.target) expect(throughNode(routes[ed.id], r), `${ed.id} through ${id}`).toBe(false);
  });

  it('draws the route as one SVG path from end to end', () => {
    const r = routeEdge(d, e, [a, b, d, e]);
    const path = routePath(r.points);
    expect(path.startsWith(`M ${r.points[0].x} ${r.points[0].y}`)).toBe(true);
    expect(path.endsWith(`L ${e.x} ${e.y + height / 2}`)).toBe(true);
    expect(path.match(/Q/g)).toHaveLength(r.points.length - 2);
  });

  it.each([
    ['on the label of a→b', 'ab', 0],
    ['a few units off the line of a→b', 'ab', 8],
    ['far from every edge', undefined, 40],
  ] as const)('edgeAt: %s', (_name, expected, off) => {
    const routes = { ab: routeEdge(a, b), de: routeEdge(d, e, [a, b, d, e]) };
    const p = { x: routes.ab.label.x, y: routes.ab.label.y + off };
    expect(edgeAt(p, routes, 12)).toBe(expected);
  });
});
