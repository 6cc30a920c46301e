import { describe, expect, it } from 'vitest';
import { chanceHint } from './chanceHint';

const accuracyOf = (m: number[][]) => m.reduce((a, row, i) => a + row[i], 0) / m.flat().reduce((a, b) => a + b, 0);

describe('chanceHint', () => {
  it.each([
    // name, confusion, expected kind (undefined: no hint)
    ['3 classes, all predicted "square" (33%)', [[10, 0, 0], [10, 0, 0], [10, 0, 0]], 'oneClass'],
    ['3 classes spread, 40% (≤ 1.5 × 33%)', [[4, 3, 3], [3, 4, 3], [3, 3, 4]], 'chance'],
    ['3 classes, 60%: learning', [[6, 2, 2], [2, 6, 2], [2, 2, 6]], undefined],
    ['10 classes, 14% spread', Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (j === i ? 14 : j === (i + 1) % 10 ? 86 : 0))), 'chance'],
    ['10 classes, 90% correct', Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (j === i ? 9 : j === (i + 1) % 10 ? 1 : 0))), undefined],
    ['2 classes, 95% predicted class 1', [[1, 19], [0, 20]], 'oneClass'],
    ['2 classes, 85% correct', [[17, 3], [3, 17]], undefined],
    ['one class only: nothing to compare', [[5]], undefined],
    ['no validation samples', [[0, 0], [0, 0]], undefined],
  ] as const)('%s', (_name, m, kind) => {
    const confusion = m.map((r) => [...r]);
    expect(chanceHint(confusion, accuracyOf(confusion))?.kind).toBe(kind);
  });

  it('names the dominant class and its share, and the chance level', () => {
    expect(chanceHint([[0, 10, 0], [0, 10, 0], [0, 9, 1]], 11 / 30)).toMatchObject({ kind: 'oneClass', classes: 3, dominantClass: 1, dominantShare: 29 / 30, chance: 1 / 3 });
  });
});
