// Chart building blocks: round ticks that cover the domain (at least three where they can), lines broken at
// missing values (a diverged epoch's NaN loss), and labels escaped.
import { describe, expect, it } from 'vitest';
import { lineChart, niceTicks } from './charts';

describe('niceTicks', () => {
  it.each<[number, number, number, boolean, number[]]>([
    [0, 1, 5, false, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [-4, 4, 3, false, [-4, -2, 0, 2, 4]],
    [-40, 40, 3, false, [-40, -20, 0, 20, 40]],
    [0, 0.6, 3, false, [0, 0.2, 0.4, 0.6]],
    [1, 4, 5, true, [1, 2, 3, 4]],
    [0, 2.1, 5, false, [0, 0.5, 1, 1.5, 2]],
    [1, 100, 6, true, [20, 40, 60, 80, 100]],
    [3, 3, 5, false, [3]],
  ])('[%f, %f] about %i ticks (integer %s) → %j', (lo, hi, count, integer, ticks) => {
    expect(niceTicks(lo, hi, count, integer)).toEqual(ticks);
  });
});

describe('lineChart', () => {
  it('breaks the line at a non-finite value and escapes labels', () => {
    const svg = lineChart({ title: 'a<b', xLabel: 'x & y', yLabel: 'loss', x: [1, 4], y: [0, 3], series: [{ label: '<i>train</i>', x: [1, 2, 3, 4], y: [2, 1, Number.NaN, 0.5], color: '#000' }] });
    const d = svg.match(/<path d="([^"]+)"/)![1];
    expect(d.match(/M/g)!.length).toBe(2); // two pieces: epochs 1–2, then 4
    expect(d.match(/L/g)!.length).toBe(1);
    expect(svg).toContain('&lt;i&gt;train&lt;/i&gt;');
    expect(svg).toContain('aria-label="a&lt;b"');
    expect(svg).toContain('x &amp; y');
    expect(svg).not.toMatch(/<i>|NaN/);
  });
});
