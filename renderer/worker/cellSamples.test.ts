// The worker's 'cellSamples' answer: the page's pixels are those samples' own (each image here is filled with
// its index, so a mix-up shows), limits above 200 are refused by the message schema, and a worker with loaded
// weights (no run) says to train first.
import { describe, expect, it } from 'vitest';
import type { InMemoryDataset, TrainingDataset } from '../../src/data/dataset';
import { ToWorkerSchema, type ToWorker } from './messages';
import { cellImages, NO_RUN_FOR_CELLS } from './cellSamples';

const size = 4 * 4;
const n = 40;
const dataset: InMemoryDataset = {
  images: new Uint8Array(n * size).map((_, i) => Math.floor(i / size)),
  labels: new Uint8Array(n).map((_, i) => i % 3),
  n,
  height: 4,
  width: 4,
  channels: 1,
  classNames: ['a', 'b', 'c'],
};
// Validation = the last 20 samples; predicted class 1 for all, confidence rising with the index.
const indices = Array.from({ length: 20 }, (_, k) => 20 + k);
const validation = { indices, predicted: new Int32Array(20).fill(1), confidence: Float32Array.from(indices, (i) => i / 100) };
const readPixels = async (ds: TrainingDataset, idx: readonly number[]) => {
  const out = new Uint8Array(idx.length * size);
  idx.forEach((i, k) => out.set((ds as InMemoryDataset).images.subarray(i * size, (i + 1) * size), k * size));
  return out;
};
const ask = (trueClass: number, predictedClass: number, offset: number, limit: number) => ToWorkerSchema.parse({ type: 'cellSamples', id: 1, trueClass, predictedClass, offset, limit }) as Extract<ToWorker, { type: 'cellSamples' }>;

describe('cellImages', () => {
  it.each([
    { t: 0, p: 1, offset: 0, limit: 60, want: [39, 36, 33, 30, 27, 24, 21] },
    { t: 0, p: 1, offset: 2, limit: 3, want: [33, 30, 27] },
    { t: 2, p: 1, offset: 0, limit: 60, want: [38, 35, 32, 29, 26, 23, 20] },
    { t: 1, p: 0, offset: 0, limit: 60, want: [] },
  ])('cell $t→$p, offset $offset, limit $limit', async ({ t, p, offset, limit, want }) => {
    const r = await cellImages({ dataset, validation }, readPixels, ask(t, p, offset, limit));
    expect(r.indices).toEqual(want);
    expect([r.height, r.width, r.channels]).toEqual([4, 4, 1]);
    expect(r.images).toHaveLength(want.length * size);
    want.forEach((idx, k) => expect(new Set(r.images.subarray(k * size, (k + 1) * size))).toEqual(new Set([idx])));
  });

  it('says to train first when the worker has no run (weights were loaded)', async () => {
    await expect(cellImages(undefined, readPixels, ask(0, 1, 0, 60))).rejects.toThrow(NO_RUN_FOR_CELLS);
    expect(NO_RUN_FOR_CELLS).toMatch(/train the model first/);
  });

  it('the message takes at most 200 per page', () => {
    expect(ToWorkerSchema.safeParse({ type: 'cellSamples', id: 1, trueClass: 0, predictedClass: 1, offset: 0, limit: 201 }).success).toBe(false);
    expect(ToWorkerSchema.safeParse({ type: 'cellSamples', id: 1, trueClass: 0, predictedClass: 1, offset: 0, limit: 200 }).success).toBe(true);
  });
});
