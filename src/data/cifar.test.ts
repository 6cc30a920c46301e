import { describe, expect, it } from 'vitest';
import { CIFAR_RECORD_BYTES, CifarFormatError, cifarToDataset, parseCifarBatch, parseCifarMeta } from './cifar';

/** A record whose R, G and B planes follow three different formulas, so a swapped axis shows. */
function record(label: number, seed: number): Uint8Array {
  const r = new Uint8Array(CIFAR_RECORD_BYTES);
  r[0] = label;
  for (let p = 0; p < 1024; p++) {
    r[1 + p] = (p * 7 + seed) & 255;
    r[1 + 1024 + p] = (p * 13 + 3 * seed) & 255;
    r[1 + 2048 + p] = ((p >> 5) ^ (p & 31)) + seed;
  }
  return r;
}
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('parseCifarBatch', () => {
  it('turns CHW planes into HWC pixels and keeps labels', () => {
    const recs = [record(3, 1), record(9, 2)];
    const { images, labels, n } = parseCifarBatch(concat(recs));
    expect(n).toBe(2);
    expect([...labels]).toEqual([3, 9]);
    for (const [i, rec] of recs.entries())
      for (const [y, x] of [[0, 0], [0, 31], [17, 5], [31, 31]]) {
        const p = y * 32 + x;
        const at = (i * 1024 + p) * 3;
        expect([images[at], images[at + 1], images[at + 2]]).toEqual([rec[1 + p], rec[1025 + p], rec[2049 + p]]);
      }
  });
  it.each([
    { name: 'truncated', bytes: record(1, 1).subarray(0, 3000), msg: /multiple of 3073/ },
    { name: 'empty', bytes: new Uint8Array(0), msg: /multiple/ },
    { name: 'label out of range (a CIFAR-100 file)', bytes: record(57, 1), msg: /label 57/ },
  ])('refuses a $name batch with a message', ({ bytes, msg }) => {
    expect(() => parseCifarBatch(bytes)).toThrow(CifarFormatError);
    expect(() => parseCifarBatch(bytes)).toThrow(msg);
  });
});

describe('cifarToDataset', () => {
  it('joins training batches, then the test batch as validation', () => {
    const ds = cifarToDataset([concat([record(0, 1), record(1, 2)]), record(2, 3)], concat([record(4, 4), record(5, 5)]));
    expect(ds.n).toBe(5);
    expect([...ds.labels]).toEqual([0, 1, 2, 4, 5]);
    expect(ds.validationIndices).toEqual([3, 4]);
    expect([ds.height, ds.width, ds.channels]).toEqual([32, 32, 3]);
    expect(ds.images[3 * 3072]).toBe(record(4, 4)[1]);
  });
  it('reads class names from batches.meta.txt, else the standard ten', () => {
    const names = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n';
    expect(parseCifarMeta(names)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    expect(parseCifarMeta(undefined)[0]).toBe('airplane');
  });
});
