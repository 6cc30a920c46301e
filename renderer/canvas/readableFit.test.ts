// Fitting never goes below the readable zoom: a small graph is centred at the zoom that fits it, a big one
// is shown from its start at the readable zoom; and where a palette drop goes.
import { describe, expect, it } from 'vitest';
import { FIT_MAX_ZOOM, FIT_PADDING, NODE_TEXT_MIN_PX, READABLE_TEXT_PX, READABLE_ZOOM, readableViewport } from './readableFit';
import { dropPlacement } from './dropPlacement';
import { isGeneratedName } from './toFlow';
import { nearestShift } from './focusNode';

const pane = { width: 780, height: 410 };

describe('readable fit', () => {
  it('keeps node text at the readable size at the smallest zoom', () => {
    expect(NODE_TEXT_MIN_PX * READABLE_ZOOM).toBeCloseTo(READABLE_TEXT_PX, 6);
  });

  it.each([
    ['a small graph: centred, not blown up past the cap', { x: 0, y: 0, width: 200, height: 80 }, FIT_MAX_ZOOM],
    ['LeNet-5 in rows: fits above the readable zoom', { x: 0, y: 0, width: 784, height: 324 }, undefined],
    ['VGG-16 in rows (17 nodes, its stages as blocks): too tall, shown at the readable zoom', { x: 0, y: 0, width: 784, height: 5 * 76 + 4 * 48 }, READABLE_ZOOM],
    ['a long single row: too wide, shown at the readable zoom', { x: 100, y: 50, width: 5000, height: 76 }, READABLE_ZOOM],
  ] as const)('%s', (_name, bounds, zoom) => {
    const v = readableViewport(bounds, pane, { x: bounds.x, y: bounds.y, width: 136, height: 76 });
    expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(v.zoom).toBeLessThanOrEqual(FIT_MAX_ZOOM);
    if (zoom !== undefined) expect(v.zoom).toBeCloseTo(zoom, 6);
    // The start (top-left node) is on screen, inside the padding.
    expect(bounds.x * v.zoom + v.x).toBeGreaterThanOrEqual(FIT_PADDING.left - 1e-6);
    expect(bounds.y * v.zoom + v.y).toBeGreaterThanOrEqual(FIT_PADDING.top - 1e-6);
    expect((bounds.x + 136) * v.zoom + v.x).toBeLessThanOrEqual(pane.width);
    expect((bounds.y + 76) * v.zoom + v.y).toBeLessThanOrEqual(pane.height);
  });

  it('keeps the Input in view when it is not at the top of a tall graph', () => {
    const bounds = { x: 0, y: 0, width: 700, height: 2000 };
    const start = { x: 0, y: 1500, width: 136, height: 76 };
    const v = readableViewport(bounds, pane, start);
    expect(start.y * v.zoom + v.y).toBeGreaterThanOrEqual(0);
    expect((start.y + start.height) * v.zoom + v.y).toBeLessThanOrEqual(pane.height);
  });
});

describe('drop placement', () => {
  const at = { x: 10, y: 20 };
  it.each([
    ['onto an edge: into it, whatever is selected', 'e1', { nodes: ['a'], edges: [] }, { where: { edgeId: 'e1' } }],
    ['empty canvas, one edge selected: into it', undefined, { nodes: [], edges: ['e2'] }, { where: { edgeId: 'e2' } }],
    ['empty canvas, one node selected: after it', undefined, { nodes: ['a'], edges: [] }, { where: { afterNodeId: 'a' } }],
    ['empty canvas, two nodes selected: at the drop point', undefined, { nodes: ['a', 'b'], edges: [] }, { position: at }],
    ['empty canvas, nothing selected: at the drop point', undefined, { nodes: [], edges: [] }, { position: at }],
  ] as const)('%s', (_name, edge, selection, expected) => {
    expect(dropPlacement(edge, { nodes: [...selection.nodes], edges: [...selection.edges] }, at)).toEqual(expected);
  });
});

describe('node names', () => {
  it.each([
    ['conv2d3', 'Conv2D', true],
    ['maxpooling2d_1', 'MaxPooling2D', true],
    ['output', 'Output', true],
    ['C1', 'Conv2D', false],
    ['F5', 'Dense', false],
    ['conv2d_head', 'Conv2D', false],
  ] as const)('%s of a %s is generated: %s', (name, type, generated) => {
    expect(isGeneratedName(name, type)).toBe(generated);
  });
});

describe('scrolling a node into view', () => {
  it.each([
    ['already inside: no shift', 100, 200, 0, 500, 0],
    ['past the right border: just enough to the left', 450, 550, 0, 500, -50],
    ['before the left border: just enough to the right', -30, 70, 0, 500, 30],
    ['wider than the canvas: its start aligned', -10, 700, 0, 500, 10],
  ] as const)('%s', (_name, start, end, min, max, shift) => {
    expect(nearestShift(start, end, min, max)).toBe(shift);
  });
});
