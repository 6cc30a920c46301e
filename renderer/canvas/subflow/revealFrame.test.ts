// Bringing an opened frame into view, on the workbench canvas at 1280×800 with the palette, the inspector and
// the bottom panel open (770×410 screen px): the Inception net's first module fits whole at the readable zoom;
// a stage's open ResidualBlock (wider than the canvas) shows from the stage's corner, so the stage's header and
// toggle stay in view; a ResidualBlock far along an open stage shows from its own corner; a frame already in
// view stays put.
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../src/analysis/analyzeGraph';
import type { Graph } from '../../../src/graph/schema';
import { inceptionNet } from '../../../src/templates/inception';
import { stagedResnet20 } from '../../../src/export/testing/blockNets';
import { READABLE_ZOOM } from '../readableFit';
import { blockInside } from './blockFlow';
import { revealViewport, type Viewport } from './revealFrame';

const CANVAS = { width: 770, height: 410 };
const FRAME_AT = { x: 400, y: 300 };

/** The screen box of a flow rect under a viewport. */
const onScreen = (r: { x: number; y: number; width: number; height: number }, v: Viewport) => ({
  x: r.x * v.zoom + v.x,
  y: r.y * v.zoom + v.y,
  width: r.width * v.zoom,
  height: r.height * v.zoom,
});
const insideCanvas = (b: { x: number; y: number; width: number; height: number }) => b.x >= 0 && b.y >= 0 && b.x + b.width <= CANVAS.width && b.y + b.height <= CANVAS.height;

/** The frame of `open`'s last path, in flow units, with its parent frame at FRAME_AT. */
function nestedFrame(graph: Graph, parent: string, child: string, open: string[]) {
  const b = blockInside(graph, analyzeGraph(graph), parent, Object.fromEntries([parent, ...open].map((p) => [p, true as const])))!;
  const box = b.layout.nodes[child];
  return { parent: { ...FRAME_AT, width: b.layout.width, height: b.layout.height }, frame: { x: FRAME_AT.x + box.x, y: FRAME_AT.y + box.y, width: box.width, height: box.height } };
}

describe('revealing an opened frame', () => {
  it('shows a whole Inception module at the readable zoom, the margin shrinking to make it fit', () => {
    const g = inceptionNet().graph;
    const { layout } = blockInside(g, analyzeGraph(g), 'inception3a')!;
    const frame = { ...FRAME_AT, width: layout.width, height: layout.height };
    // Taller than the canvas less two margins at the readable zoom, yet whole in view.
    expect(layout.height * READABLE_ZOOM).toBeGreaterThan(CANVAS.height - 32);
    const v = revealViewport(frame, [], { x: 0, y: 0, zoom: 1 }, CANVAS);
    expect(v.zoom).toBeCloseTo(READABLE_ZOOM, 6);
    expect(insideCanvas(onScreen(frame, v))).toBe(true);
  });

  it.each([
    // the open repeat, whose corner is in view: the stage's or only the repeat's own, the open paths
    ['repeat_1', 'stage', ['stage32/repeat_1']],
    ['repeat_3', 'own', ['stage32/repeat_1', 'stage32/repeat_3']],
  ] as const)('opens %s of stage32: from the %s corner', (child, from, open) => {
    const { parent, frame } = nestedFrame(stagedResnet20(), 'stage32', child, [...open]);
    const v = revealViewport(frame, [parent], { x: -2000, y: 100, zoom: 1.2 }, CANVAS);
    expect(v.zoom).toBeCloseTo(READABLE_ZOOM, 6);
    const corner = onScreen(from === 'stage' ? parent : frame, v);
    expect(insideCanvas({ ...corner, width: 120, height: 28 })).toBe(true);
    expect(corner.x).toBeCloseTo(16, 6);
    // The repeat's header and first layers are in view either way.
    expect(insideCanvas({ ...onScreen(frame, v), width: 300, height: 120 })).toBe(true);
  });

  it.each([
    ['out of view: moved to the top-left margin', { x: 1000, y: 1000 }, { x: 16, y: 16 }],
    ['in view: left where it is', { x: 100, y: 50 }, { x: 100, y: 50 }],
  ])('a frame that fits, %s, without zooming in', (_name, at, want) => {
    const frame = { ...at, width: 300, height: 200 };
    const v = revealViewport(frame, [], { x: 0, y: 0, zoom: 1 }, CANVAS);
    expect(v.zoom).toBe(1);
    const s = onScreen(frame, v);
    expect({ x: s.x, y: s.y }).toEqual(want);
  });
});
