import { describe, expect, it } from 'vitest';
import { channelOf, colourOf, fmt3, oihwToHwio, scaleFor } from './maps';

describe('learn maps', () => {
  it('takes one channel of an HWC map with its min and max', () => {
    const data = Float32Array.from([1, -2, 3, 4, 5, -6]); // 1×3×2
    const c1 = channelOf(data, 1, 3, 2, 1);
    expect([...c1.values]).toEqual([-2, 4, -6]);
    expect([c1.min, c1.max]).toEqual([-6, 4]);
  });
  it('greyscale for non-negative maps, diverging otherwise', () => {
    expect(scaleFor(0, 2)).toEqual({ kind: 'grey', max: 2 });
    expect(scaleFor(-3, 2)).toEqual({ kind: 'diverging', max: 3 });
    expect(colourOf(2, scaleFor(0, 2))).toEqual([255, 255, 255]);
    expect(colourOf(-3, scaleFor(-3, 2))[2]).toBe(255);
    expect(colourOf(0, scaleFor(-3, 2))).toEqual([0, 0, 0]);
  });
  it('OIHW back to HWIO', () => {
    // K=2, C=1, 1×2: filter 0 = [1, 2], filter 1 = [3, 4] → HWIO [1][2][1][2]: (x0: 1, 3), (x1: 2, 4)
    expect([...oihwToHwio(Float32Array.from([1, 2, 3, 4]), [2, 1, 1, 2])]).toEqual([1, 3, 2, 4]);
  });
  it('3 decimals with a minus sign', () => {
    expect(fmt3(-0.12345)).toBe('−0.123');
    expect(fmt3(-0)).toBe('0.000');
  });
});
