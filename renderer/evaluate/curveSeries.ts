// The ROC and PR charts' columns for one class: the curve and its no-skill reference, on the curve's own x
// (ascending, as uPlot wants). ROC's reference is the diagonal TPR = FPR; PR's is the class's prevalence, the
// precision of guessing (Saito & Rehmsmeier 2015).
import type { ClassEvaluation } from '../../src/evaluate/evaluationSchema';

export type CurveColumns = [number[], number[], number[]];

export function rocColumns(c: Pick<ClassEvaluation, 'roc'>): CurveColumns {
  return [c.roc.x, c.roc.y, c.roc.x.slice()];
}

export function prColumns(c: Pick<ClassEvaluation, 'pr' | 'support'>, samples: number): CurveColumns {
  const prevalence = samples ? c.support / samples : 0;
  return [c.pr.x, c.pr.y, c.pr.x.map(() => prevalence)];
}

/** The reliability diagram's bars: each non-empty bin's [lo, hi), accuracy and count, plus the largest count (bar scale). */
export function reliabilityBars(bins: readonly { lo: number; hi: number; count: number; accuracy: number | null; confidence: number | null }[]) {
  const maxCount = Math.max(0, ...bins.map((b) => b.count));
  return { bars: bins.filter((b) => b.count > 0 && b.accuracy !== null).map((b) => ({ lo: b.lo, hi: b.hi, accuracy: b.accuracy!, confidence: b.confidence!, count: b.count })), maxCount };
}
