// Classification metrics from true and predicted labels: confusion matrix (rows = true class,
// columns = predicted), accuracy, and per-class precision = TP/(TP+FP), recall = TP/(TP+FN), F1.
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Samples whose true class is this one. */
  support: number;
}

export interface Evaluation {
  confusion: number[][];
  accuracy: number;
  perClass: ClassMetrics[];
}

export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  if (truth.length !== predicted.length) throw new Error(`confusionMatrix: ${truth.length} labels but ${predicted.length} predictions.`);
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]][predicted[i]]++;
  return m;
}

/** Precision of a class never predicted, or recall of a class with no samples, is 0 (not NaN). */
export function evaluate(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): Evaluation {
  const confusion = confusionMatrix(truth, predicted, classes);
  let correct = 0;
  const perClass = confusion.map((row, c) => {
    const tp = row[c];
    correct += tp;
    const support = row.reduce((a, b) => a + b, 0);
    const predictedAsC = confusion.reduce((a, r) => a + r[c], 0);
    const precision = predictedAsC ? tp / predictedAsC : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
  return { confusion, accuracy: truth.length ? correct / truth.length : 0, perClass };
}
