import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { idxFolderFiles, idxToDataset, inflateIfGzip, isGzip, parseIdx, readIdx, IdxFormatError } from './idx';

const FASHION = '/usr/share/datasets/fashion-mnist';
const hasFashion = existsSync(`${FASHION}/t10k-labels-idx1-ubyte.gz`);

/** A hand-written IDX file: 00 00 08 rank, dims (big-endian), bytes. */
function idxBytes(dims: number[], data: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out.set([0, 0, 8, dims.length]);
  const v = new DataView(out.buffer);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

describe('parseIdx', () => {
  it('reads dims and data of a hand-made 2×2×3 file, raw and gzip', async () => {
    const raw = idxBytes([2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const bytes of [raw, new Uint8Array(gzipSync(raw))]) {
      const a = await readIdx(bytes);
      expect(a.dims).toEqual([2, 2, 3]);
      expect([...a.data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    }
    expect(isGzip(new Uint8Array(gzipSync(raw)))).toBe(true);
    expect(await inflateIfGzip(raw)).toBe(raw);
  });

  it.each([
    ['not IDX', new Uint8Array([1, 2, 3, 4, 5]), /not an IDX file/],
    ['float data', new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]), /float values/],
    ['truncated header', new Uint8Array([0, 0, 8, 3, 0, 0]), /ends inside its header/],
    ['truncated data', idxBytes([4, 2], [1, 2, 3]), /truncated.*4×2 = 8 bytes.*3 follow/],
    ['gzip given to parseIdx', new Uint8Array(gzipSync(idxBytes([1], [7]))), /gzip-compressed/],
  ])('rejects %s with a message saying what is wrong', (_name, bytes, message) => {
    expect(() => parseIdx(bytes)).toThrow(IdxFormatError);
    expect(() => parseIdx(bytes)).toThrow(message);
  });
});

describe.skipIf(!hasFashion)(`Fashion-MNIST from /usr/share/datasets${hasFashion ? '' : ' (skipped: apt-get install dataset-fashion-mnist)'}`, () => {
  it('reads the 10,000 test images and labels (.gz) into a dataset', async () => {
    const ds = await idxToDataset(readFileSync(`${FASHION}/t10k-images-idx3-ubyte.gz`), readFileSync(`${FASHION}/t10k-labels-idx1-ubyte.gz`));
    expect([ds.n, ds.height, ds.width, ds.channels]).toEqual([10000, 28, 28, 1]);
    expect(ds.images.length).toBe(10000 * 28 * 28);
    expect(ds.classNames).toHaveLength(10);
    // Fashion-MNIST's test set is balanced: 1,000 of each class.
    const counts = new Array(10).fill(0);
    for (const l of ds.labels) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(1000));
    // Real pictures: the pixels use the whole 0..255 range, mostly background.
    let max = 0, zeros = 0;
    for (const p of ds.images) {
      max = Math.max(max, p);
      zeros += p === 0 ? 1 : 0;
    }
    expect(max).toBe(255);
    expect(zeros / ds.images.length).toBeGreaterThan(0.3);
  });

  it('refuses images and labels of different lengths', async () => {
    const labels = idxBytes([3], [0, 1, 2]);
    await expect(idxToDataset(readFileSync(`${FASHION}/t10k-images-idx3-ubyte.gz`), labels)).rejects.toThrow(/10000 samples but labels file has 3/);
  });
});

describe('idxFolderFiles', () => {
  const pair = (stem: string, ext = '-idx3-ubyte.gz') => ({ images: `${stem}images${ext}`, labels: `${stem}labels${ext.replace('idx3', 'idx1')}` });
  const names = (...pairs: { images: string; labels: string }[]) => pairs.flatMap((p) => [p.labels, p.images]);
  it.each([
    ['MNIST / Fashion-MNIST, gzipped', names(pair('t10k-'), pair('train-')), { train: pair('train-'), validation: pair('t10k-') }],
    ['raw files with dotted names', names(pair('train-', '.idx3-ubyte'), pair('t10k-', '.idx3-ubyte')), { train: pair('train-', '.idx3-ubyte'), validation: pair('t10k-', '.idx3-ubyte') }],
    ['EMNIST stems', names(pair('emnist-digits-test-'), pair('emnist-digits-train-')), { train: pair('emnist-digits-train-'), validation: pair('emnist-digits-test-') }],
    ['the train pair alone', names(pair('train-')), { train: pair('train-') }],
    ['only a test pair: trained on, nothing to validate with', names(pair('t10k-')), { train: pair('t10k-') }],
    ['a pair of another name beside other files', [...names(pair('digits-')), 'README.md'], { train: pair('digits-') }],
  ])('%s', (_n, files, want) => {
    expect(idxFolderFiles(files)).toEqual(want);
  });

  it('pairs images only with labels of the same stem', () => {
    expect(idxFolderFiles(['train-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'])).toBeUndefined();
    expect(idxFolderFiles(['a.png', 'b.png'])).toBeUndefined();
  });
});
