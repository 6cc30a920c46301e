import { describe, expect, it } from 'vitest';
import { SeriesBuilder, Smoother } from './series';

describe('Smoother', () => {
  it('is bias-corrected: a constant input gives that constant from the first point', () => {
    const s = new Smoother(0.9);
    for (let i = 0; i < 5; i++) expect(s.push(2)).toBeCloseTo(2, 10);
  });
  it('follows a step with the EMA weights (β = 0.5: 0 then 1 → (0.25·0 + 0.5·1)/0.75)', () => {
    const s = new Smoother(0.5);
    s.push(0);
    expect(s.push(1)).toBeCloseTo(0.5 / 0.75, 10);
  });
});

describe('SeriesBuilder', () => {
  it('puts batches at fractional epochs and epoch values on the epoch’s last batch', () => {
    const b = new SeriesBuilder();
    for (let step = 0; step < 4; step++) b.addBatch(step, 2, 1 / (step + 1), step / 4);
    b.addEpoch({ loss: 0.9, acc: 0.5, valLoss: 1.1, valAcc: 0.4 });
    expect(b.data.x).toEqual([0.5, 1, 1.5, 2]);
    expect(b.data.epochLoss).toEqual([null, null, null, 0.9]);
    expect(b.data.epochValAcc).toEqual([null, null, null, 0.4]);
    expect(b.data.loss).toEqual([1, 0.5, 1 / 3, 0.25]);
  });
});
