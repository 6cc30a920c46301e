import { describe, expect, it } from 'vitest';
import { confusionMatrix, evaluate } from './metrics';

describe('metrics on hand-made predictions', () => {
  // truth:     0 0 0 1 1 2
  // predicted: 0 0 1 1 2 2
  const truth = [0, 0, 0, 1, 1, 2];
  const predicted = [0, 0, 1, 1, 2, 2];

  it('counts the confusion matrix by true row, predicted column', () => {
    expect(confusionMatrix(truth, predicted, 3)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it.each([
    // class, precision = TP/(TP+FP), recall = TP/(TP+FN), support
    [0, 2 / 2, 2 / 3, 3],
    [1, 1 / 2, 1 / 2, 2],
    [2, 1 / 2, 1 / 1, 1],
  ])('class %i: precision %f, recall %f, support %i', (c, precision, recall, support) => {
    const e = evaluate(truth, predicted, 3);
    expect(e.perClass[c].precision).toBeCloseTo(precision);
    expect(e.perClass[c].recall).toBeCloseTo(recall);
    expect(e.perClass[c].f1).toBeCloseTo((2 * precision * recall) / (precision + recall));
    expect(e.perClass[c].support).toBe(support);
  });

  it('accuracy is the diagonal share; an absent class gets 0, not NaN', () => {
    const e = evaluate(truth, predicted, 4);
    expect(e.accuracy).toBeCloseTo(4 / 6);
    expect(e.perClass[3]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('refuses mismatched lengths', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/2 labels but 1 predictions/);
  });
});
