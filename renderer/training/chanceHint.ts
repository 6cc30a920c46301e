// Whether a validation result is no better than guessing: accuracy within 1.5× of chance (1/classes), or
// (almost) every prediction one class. Such a run learned nothing yet, and the panel says what to try.
export interface ChanceHint {
  /** 'chance': accuracy near 1/classes; 'oneClass': ≥ 90% of the predictions are this class. */
  kind: 'chance' | 'oneClass';
  classes: number;
  accuracy: number;
  chance: number;
  /** The class (almost) everything is predicted as, for 'oneClass'. */
  dominantClass?: number;
  dominantShare?: number;
}

export const NEAR_CHANCE_FACTOR = 1.5;
export const ONE_CLASS_SHARE = 0.9;

/** `confusion` rows are true classes, columns predicted (src/train/metrics.ts). */
export function chanceHint(confusion: readonly (readonly number[])[], accuracy: number): ChanceHint | undefined {
  const classes = confusion.length;
  const total = confusion.reduce((a, row) => a + row.reduce((b, v) => b + v, 0), 0);
  if (classes < 2 || total === 0) return undefined;
  const chance = 1 / classes;
  const predictedAs = confusion[0].map((_, c) => confusion.reduce((a, row) => a + (row[c] ?? 0), 0));
  const dominantClass = predictedAs.indexOf(Math.max(...predictedAs));
  const dominantShare = predictedAs[dominantClass] / total;
  if (dominantShare >= ONE_CLASS_SHARE) return { kind: 'oneClass', classes, accuracy, chance, dominantClass, dominantShare };
  if (accuracy <= NEAR_CHANCE_FACTOR * chance) return { kind: 'chance', classes, accuracy, chance };
  return undefined;
}
