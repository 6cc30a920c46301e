import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from './split';

describe('stratifiedSplit', () => {
  // 70 of class 0, 20 of class 1, 10 of class 2.
  const labels = [...new Array(70).fill(0), ...new Array(20).fill(1), ...new Array(10).fill(2)];
  it('sends each class its share to validation, the same for the same seed', () => {
    const a = stratifiedSplit(labels, 100, 0.2, 1);
    const perClass = [0, 1, 2].map((c) => a.validation.filter((i) => labels[i] === c).length);
    expect(perClass).toEqual([14, 4, 2]);
    expect(a.train.length + a.validation.length).toBe(100);
    expect(new Set([...a.train, ...a.validation]).size).toBe(100);
    expect(stratifiedSplit(labels, 100, 0.2, 1)).toEqual(a);
    expect(stratifiedSplit(labels, 100, 0.2, 2).validation).not.toEqual(a.validation);
  });
  it('hits the requested total even when shares round down', () => {
    const l = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3];
    expect(stratifiedSplit(l, 10, 0.3, 5).validation).toHaveLength(3);
  });
});
