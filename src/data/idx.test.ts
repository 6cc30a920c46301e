import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { idxFolderFiles, idxToDataset, inflateIfGzip, isGzip, parseIdx, readIdx, IdxFormatError, MAX_IDX_DATA_BYTES } from './idx';
import { compressedZeros, idxGzBomb, idxHeader } from '../../node/data/testBombs';

const MiB = 2 ** 20;

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

describe('bounded reading: headers checked against the bytes and the limits, inflate capped', () => {
  const gz = (b: Uint8Array) => new Uint8Array(gzipSync(b));
  it.each([
    { name: 'gz whose header says 10×28×28 but inflates to 32 MiB', make: () => idxGzBomb([10, 28, 28], 32 * MiB), message: /decompresses to more than its header says \(10×28×28 = 7\.7 KiB of data, then more than 64 KiB beyond\)/ },
    { name: 'gz whose header promises 2.8M×28×28 (2 GiB)', make: () => idxGzBomb([2_800_000, 28, 28], 1024), message: /header promises 2800000×28×28 = 2\.0 GiB of data, over the 1\.0 GiB limit/ },
    { name: 'raw header promising 4 GiB', make: async () => idxHeader([65536, 256, 256]), message: /header promises 65536×256×256 = 4\.0 GiB of data, over the 1\.0 GiB limit/ },
    { name: 'gz cut inside the data', make: async () => gz(idxBytes([100], [1, 2, 3])), message: /truncated: its header promises 100 = 100 bytes but only 3 follow/ },
    { name: 'gz ending inside the header', make: async () => gz(new Uint8Array([0, 0, 8, 3, 0, 0, 0])), message: /ends inside its header \(7 bytes\)/ },
    { name: 'gz of something else', make: async () => gz(new TextEncoder().encode('<html>not found</html>')), message: /not an IDX file/ },
    { name: 'damaged gzip', make: async () => gz(idxBytes([4], [1, 2, 3, 4])).map((b, i) => (i > 12 ? b ^ 0x55 : b)), message: /not a valid gzip stream/ },
  ])('refuses $name, saying why', async ({ make, message }) => {
    const bytes = new Uint8Array(await make());
    const started = performance.now();
    const e = await readIdx(bytes, 'train-images-idx3-ubyte.gz').catch((x) => x);
    expect(e).toBeInstanceOf(IdxFormatError);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith('train-images-idx3-ubyte.gz')).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('accepts a little trailing data after what the header promises (ignored), raw and gz', async () => {
    const file = new Uint8Array(await compressedZeros('gzip', 1000, idxBytes([2, 3], [1, 2, 3, 4, 5, 6])));
    const a = await readIdx(file);
    expect([a.dims, [...a.data]]).toEqual([[2, 3], [1, 2, 3, 4, 5, 6]]);
    expect([...parseIdx(idxBytes([2], [7, 8, 9])).data]).toEqual([7, 8]);
  });

  it('inflateIfGzip stops at its limit', async () => {
    const bomb = new Uint8Array(await compressedZeros('gzip', 8 * MiB));
    await expect(inflateIfGzip(bomb, MiB, 'x.gz')).rejects.toThrow(/x\.gz decompresses to more than 1\.0 MiB/);
    expect((await inflateIfGzip(bomb, 8 * MiB)).length).toBe(8 * MiB);
    expect(MAX_IDX_DATA_BYTES).toBe(1024 * MiB);
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
