// Train/validation split: stratified (each class keeps its share) and seeded, so validation accuracy
// is comparable between runs and small classes are not left out of validation.
import type { TrainingDataset } from '../data/dataset';
import { mulberry32, shuffleInPlace } from './random';

export interface Split {
  train: number[];
  validation: number[];
}

export function splitDataset(ds: TrainingDataset, fraction: number, seed: number): Split {
  if (ds.validationIndices) {
    const val = new Set(ds.validationIndices);
    return { train: range(ds.n).filter((i) => !val.has(i)), validation: [...ds.validationIndices] };
  }
  return stratifiedSplit(ds.labels, ds.n, fraction, seed);
}

/** Each class sends round(share) of its samples to validation; the total is fixed by largest remainder. */
export function stratifiedSplit(labels: ArrayLike<number>, n: number, fraction: number, seed: number): Split {
  const rand = mulberry32(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) byClass.set(labels[i], [...(byClass.get(labels[i]) ?? []), i]);
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const total = Math.round(n * fraction);
  const exact = classes.map((c) => byClass.get(c)!.length * fraction);
  const take = exact.map(Math.floor);
  const order = exact.map((x, k) => [x - Math.floor(x), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let r = total - take.reduce((a, b) => a + b, 0), k = 0; r > 0; r--, k++) take[order[k % order.length][1]]++;
  const train: number[] = [];
  const validation: number[] = [];
  classes.forEach((c, k) => {
    const idx = byClass.get(c)!;
    shuffleInPlace(idx, rand);
    validation.push(...idx.slice(0, take[k]));
    train.push(...idx.slice(take[k]));
  });
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
