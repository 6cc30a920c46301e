// The one IDX folder reader (the app's dataset import and the CLI's --data), on the real Fashion-MNIST files.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectFolderFormat, loadCifarFolder, loadDataset, loadIdxFolder } from './loadDataset';
import { compressedZeros, idxGzBomb, idxHeader, measureInChild } from './testBombs';

const MiB = 2 ** 20;

const FASHION = '/usr/share/datasets/fashion-mnist';

describe.skipIf(!existsSync(FASHION))('loadIdxFolder on Fashion-MNIST', () => {
  it('trains on the 60,000 train images and validates on the 10,000 t10k ones', async () => {
    expect(await detectFolderFormat(FASHION)).toBe('idx');
    const { dataset: ds, files } = await loadIdxFolder(FASHION);
    expect(files).toEqual({
      train: { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' },
      validation: { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz' },
    });
    expect([ds.n, ds.height, ds.width, ds.channels, ds.classNames.length]).toEqual([70000, 28, 28, 1, 10]);
    expect(ds.images.length).toBe(70000 * 784);
    expect(ds.validationIndices).toHaveLength(10000);
    expect([ds.validationIndices![0], ds.validationIndices!.at(-1)]).toEqual([60000, 69999]);
    // Both halves are balanced (6,000 and 1,000 of each class), so the labels landed where they belong.
    const train = new Array(10).fill(0);
    const test = new Array(10).fill(0);
    ds.labels.forEach((l, i) => (i < 60000 ? train : test)[l]++);
    expect(train).toEqual(new Array(10).fill(6000));
    expect(test).toEqual(new Array(10).fill(1000));
    // The first t10k image is an ankle boot (class 9): the test pixels follow the training ones unchanged.
    expect(ds.labels[60000]).toBe(9);
    expect(ds.images.subarray(60000 * 784, 60001 * 784).some((p) => p > 200)).toBe(true);
  });

  it('reads the train pair alone when the folder has no t10k pair, and so does loadDataset', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'idx-train-only-'));
    try {
      for (const f of ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']) symlinkSync(path.join(FASHION, f), path.join(dir, f));
      const { dataset, files } = await loadIdxFolder(dir);
      expect(files.validation).toBeUndefined();
      expect([dataset.n, dataset.validationIndices]).toEqual([60000, undefined]);
      expect((await loadDataset({ kind: 'idx', path: dir })).dataset.n).toBe(60000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loadIdxFolder', () => {
  it('names what is missing in a folder without an IDX pair', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'idx-empty-'));
    try {
      await expect(loadIdxFolder(dir)).rejects.toThrow(/has no IDX pair \(train-images-idx3-ubyte \+ train-labels-idx1-ubyte/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dataset files are bounded before they are read', () => {
  it('an IDX .gz bomb (2 MB inflating to 512 MiB behind a 10×28×28 header) is refused at the cost of its header (fresh process, peak RSS)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'idx-bomb-'));
    try {
      writeFileSync(path.join(dir, 'train-images-idx3-ubyte.gz'), await idxGzBomb([10, 28, 28], 512 * MiB));
      writeFileSync(path.join(dir, 'train-labels-idx1-ubyte.gz'), await compressedZeros('gzip', 10, idxHeader([10])));
      const r = await measureInChild({ m: 'node/data/loadDataset.ts' }, `m.loadIdxFolder(${JSON.stringify(dir)}).then(() => 'loaded')`);
      expect(r.result.error).toMatch(/^train-images-idx3-ubyte\.gz decompresses to more than its header says/);
      expect(r.peakGrowthMiB).toBeLessThan(32); // before: +6176 MiB for a 2 GiB one
      expect(r.ms).toBeLessThan(1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    { name: 'a FIFO named data_batch_1.bin', make: (f: string) => execFileSync('mkfifo', [f]), message: /data_batch_1\.bin is not a regular file/ },
    { name: 'a folder named data_batch_1.bin', make: (f: string) => execFileSync('mkdir', [f]), message: /data_batch_1\.bin is not a regular file/ },
    { name: 'a link to a file that is gone', make: (f: string) => symlinkSync(path.join(os.tmpdir(), 'no-such-cifar-batch.bin'), f), message: /data_batch_1\.bin vanished while reading \(was it moved or deleted\?\)/ },
  ])('CIFAR: $name is refused without blocking', async ({ make, message }) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cifar-odd-'));
    try {
      make(path.join(dir, 'data_batch_1.bin'));
      await expect(loadCifarFolder(dir)).rejects.toThrow(message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a folder that cannot be listed says what happened, not "has no IDX pair"', async () => {
    await expect(loadIdxFolder(path.join(os.tmpdir(), 'no-such-idx-folder-13'))).rejects.toThrow(/no-such-idx-folder-13 does not exist — check the path/);
  });
});
