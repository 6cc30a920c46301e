import { describe, expect, it } from 'vitest';
import { gatherSamples, isStreamed, withHeldOutValidation, type InMemoryDataset, type StreamedDataset } from './dataset';

// 5 samples of 2×1×1: sample i holds pixels [10i, 10i+1]; labels i % 3.
const mem: InMemoryDataset = { images: Uint8Array.from({ length: 10 }, (_, k) => 10 * (k >> 1) + (k & 1)), labels: Uint8Array.from([0, 1, 2, 0, 1]), n: 5, height: 2, width: 1, channels: 1, classNames: ['a', 'b', 'c'], validationIndices: [4] };
const reads: number[][] = [];
const streamed: StreamedDataset = {
  labels: mem.labels, n: 5, height: 2, width: 1, channels: 1, classNames: mem.classNames, validationIndices: [4],
  readSamples: async (idx) => {
    reads.push([...idx]);
    const out = new Uint8Array(idx.length * 2);
    idx.forEach((i, k) => out.set(mem.images.subarray(i * 2, i * 2 + 2), k * 2));
    return out;
  },
};

describe('gatherSamples', () => {
  it('an in-memory dataset is passed through untouched', async () => {
    const g = await gatherSamples(mem, [3, 1]);
    expect(g.ds).toBe(mem);
    expect([...g.indices]).toEqual([3, 1]);
    expect(isStreamed(mem)).toBe(false);
  });
  it('a streamed dataset reads just the batch, in order, with its labels', async () => {
    const g = await gatherSamples(streamed, [3, 1, 4]);
    expect(isStreamed(streamed)).toBe(true);
    expect(reads).toEqual([[3, 1, 4]]);
    expect([...g.indices]).toEqual([0, 1, 2]);
    expect([...g.ds.images]).toEqual([30, 31, 10, 11, 40, 41]);
    expect([...g.ds.labels]).toEqual([0, 1, 1]);
    expect([g.ds.n, g.ds.validationIndices]).toEqual([3, undefined]);
  });
});

describe('withHeldOutValidation', () => {
  const set = (n: number, first: number, side = 1): InMemoryDataset => ({
    images: Uint8Array.from({ length: n * side * side }, (_, k) => first + Math.floor(k / (side * side))),
    labels: Uint8Array.from({ length: n }, (_, i) => (first + i) % 2),
    n,
    height: side,
    width: side,
    channels: 1,
    classNames: ['even', 'odd'],
  });

  it('appends the held-out samples after the training ones and makes them the validation split', () => {
    const ds = withHeldOutValidation(set(3, 0), set(2, 10));
    expect([...ds.images]).toEqual([0, 1, 2, 10, 11]);
    expect([...ds.labels]).toEqual([0, 1, 0, 0, 1]);
    expect([ds.n, ds.validationIndices]).toEqual([5, [3, 4]]);
  });

  it('refuses a held-out set of another image size, naming both', () => {
    expect(() => withHeldOutValidation(set(3, 0, 2), set(2, 10, 3))).toThrow(/test images are 3×3×1 but the training images 2×2×1/);
  });
});
