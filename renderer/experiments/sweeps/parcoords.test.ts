import { describe, expect, it } from 'vitest';
import { layoutParcoords, parseAxisValues } from './parcoords';

describe('layoutParcoords', () => {
  it('places axes evenly, scales numbers (log for wide spans) and spaces categories', () => {
    const l = layoutParcoords(
      [{ label: 'lr', values: [0.001, 0.1, 0.01] }, { label: 'pool', values: ['max', 'avg', 'max'] }, { label: 'acc', values: [0.5, 0.9, undefined] }],
      [0.5, 0.9, undefined], 248, 148, 24,
    );
    expect(l.axes.map((a) => a.x)).toEqual([24, 124, 224]);
    expect(l.lines[0]!.points[0]).toEqual([24, 124]); // lowest lr at the bottom
    expect(l.lines[1]!.points[0]).toEqual([24, 24]);
    expect(l.lines[2]!.points[0]![1]).toBeCloseTo(74); // 0.01 is the log midpoint
    expect(l.axes[1]!.ticks.map((t) => [t.text, t.y])).toEqual([['max', 24], ['avg', 124]]);
    expect(l.lines[2]!.points).toHaveLength(2); // no accuracy yet: the line stops before that axis
  });
});

describe('parseAxisValues', () => {
  it.each([
    ['0.001, 0.01', 'number', { ok: true, values: [0.001, 0.01] }],
    ['4,6', 'int', { ok: true, values: [4, 6] }],
    ['4,6.5', 'int', { ok: false, message: '"6.5" must be a whole number.' }],
    ['a, 1', 'number', { ok: false, message: '"a" is not a number.' }],
    [' , ', 'number', { ok: false, message: 'Enter one or more values separated by commas, e.g. 0.001, 0.01.' }],
    ['adam,sgd', 'string', { ok: true, values: ['adam', 'sgd'] }],
  ] as const)('%s as %s', (text, kind, want) => expect(parseAxisValues(text, kind)).toEqual(want));
});
