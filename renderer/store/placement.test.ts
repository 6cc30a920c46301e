// The geometry insertNode places by: which way the flow runs, the row grid of wrapped layouts, free spots.
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../src/graph/schema';
import { findTemplate } from '../../src/project/templates';
import { flowBetween, freeSpotNear, MIN_STEP, notOnTop, rowGrid } from './placement';

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
