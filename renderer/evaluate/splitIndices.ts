// Which samples a split is, given the ones the run held out for validation: `validation` those, `train` the
// rest, `all` every sample (src/train/split.ts makes the held-out list, from the folder or by seed).
import type { EvaluateSplit } from './evaluateMessages';

export function splitIndices(n: number, validation: readonly number[], split: EvaluateSplit): number[] {
  if (split === 'all') return Array.from({ length: n }, (_, i) => i);
  if (split === 'validation') return [...validation];
  const held = new Set(validation);
  return Array.from({ length: n }, (_, i) => i).filter((i) => !held.has(i));
}
