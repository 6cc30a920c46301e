// The geometry insertNode places by: which way the flow runs, the row grid of wrapped layouts, free spots.
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../src/graph/schema';
import { findTemplate } from '../../src/project/templates';
import { flowBetween, freeSpotNear, MIN_STEP, notOnTop, placeUnpacked, rowGrid } from './placement';

const { x: SX, y: SY } = MIN_STEP;
const at = (...ps: [number, number][]): Graph => ({ nodes: ps.map(([x, y], i) => ({ id: `n${i}`, type: 'Dense', params: {}, position: { x, y } })), edges: [] });

describe('placement', () => {
  it.each([
    ['one row, left to right', { x: 0, y: 0 }, { x: SX, y: 0 }, { axis: 'x', step: SX }],
    ['one row, right to left', { x: SX, y: 0 }, { x: 0, y: 0 }, { axis: 'x', step: -SX }],
    ['one column, top down', { x: 0, y: 0 }, { x: 5, y: SY }, { axis: 'y', step: SY }],
    ['far apart in a row: at most two steps', { x: 0, y: 0 }, { x: 10 * SX, y: 0 }, { axis: 'x', step: 2 * SX }],
    ['across a row break', { x: 3 * SX, y: 0 }, { x: 0, y: SY }, undefined],
    ['overlapping boxes', { x: 0, y: 0 }, { x: 10, y: 10 }, undefined],
  ])('the flow %s', (_name, a, b, flow) => expect(flowBetween(a, b)).toEqual(flow));

  it('recognises the templates as a row grid, and a hand-placed graph as none', async () => {
    const lenet = (await findTemplate('lenet5'))!.makeDoc().graph;
    expect(rowGrid(lenet)).toMatchObject({ x0: 0, y0: 0, dx: SX, dy: SY });
    expect(rowGrid(at([0, 0], [SX, 0], [37, SY + 10]))).toBeUndefined();
    expect(rowGrid(at([0, 0], [SX, 0], [2 * SX, 0]))).toBeUndefined(); // one row: nothing to wrap
  });

  it('finds a free spot across the flow, and never puts a node exactly on another', () => {
    const g = at([0, 0], [0, SY]);
    expect(freeSpotNear(g, { x: 0, y: SY }, { axis: 'y', step: SY })).toEqual({ x: SX, y: SY });
    expect(freeSpotNear(g, { x: 0, y: 3 * SY }, { axis: 'y', step: SY })).toEqual({ x: 0, y: 3 * SY });
    expect(notOnTop(g, { x: 3, y: 2 }, { x: 40, y: 40 })).toEqual({ x: 43, y: 42 });
    expect(notOnTop(g, { x: 100, y: 2 }, { x: 40, y: 40 })).toEqual({ x: 100, y: 2 });
  });
});

describe('placeUnpacked', () => {
  it('reflows a row-wrapped net: an unpacked ×2 stage takes its slot and the ones after, nothing overlaps', async () => {
    const { repeatSelection, unpackBlock } = await import('../../src/graph/userBlocks');
    const lenet = (await findTemplate('lenet5'))!.makeDoc().graph;
    const made = repeatSelection(lenet, ['C3', 'activation2'], 'conv', 2);
    if (!made.ok) throw new Error(made.reason);
    const r = unpackBlock(made.graph, made.instanceId)!;
    const placed = placeUnpacked(made.graph, r.graph, made.instanceId, r.ids);
    const spots = placed.nodes.map((n) => `${n.position!.x},${n.position!.y}`);
    expect(new Set(spots).size).toBe(placed.nodes.length);
    expect(rowGrid(placed)).toBeDefined();
    // The four layers sit where the instance was and in the three slots after it, in chain order.
    const at = (id: string) => placed.nodes.find((n) => n.id === id)!.position!;
    const slot = (p: { x: number; y: number }) => Math.round(p.y / SY) * rowGrid(placed)!.cols + Math.round(p.x / SX);
    expect(r.ids.map((id) => slot(at(id)))).toEqual([0, 1, 2, 3].map((i) => slot(made.graph.nodes.find((n) => n.id === made.instanceId)!.position!) + i));
  });

  it('keeps the definition\'s positions off the grid', () => {
    const g = at([0, 0], [37, 210]);
    expect(placeUnpacked(g, g, 'n0', ['n0', 'n1'])).toBe(g);
  });
});
