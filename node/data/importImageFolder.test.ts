// Builds image folders on the fly (real Fashion-MNIST pictures, sharp-encoded) with the kinds of bad input
// people's folders have, and checks the import reports each one and carries on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImportOptionsSchema, type ImportOptions } from '../../src/contract/dataset';
import { encodeBmp24 } from '../../src/data/bmp';
import { ImportCancelled, importImageFolder, type ImportResult } from './importImageFolder';
import { readBatches } from './datasetCache';
import { fashionImage, greyPng, rgbImage } from './testImages';
import { pngBomb } from './testBombs';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cnn-import-test-'));
afterAll(() => {
  try {
    chmodSync(path.join(tmp, 'bad', 'locked'), 0o755);
  } catch {
    // not created
  }
  rmSync(tmp, { recursive: true, force: true });
});
const opts = (o: Partial<ImportOptions> = {}) => ImportOptionsSchema.parse(o);
const write = (file: string, data: Uint8Array | string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
};
const isRoot = process.getuid?.() === 0;

/** A PNG whose header claims 10000×6000 (60 MP): refused from the header, never decoded. */
async function hugeClaimPng(): Promise<Uint8Array> {
  const png = new Uint8Array(await greyPng(0));
  const v = new DataView(png.buffer, png.byteOffset);
  v.setUint32(16, 10000);
  v.setUint32(20, 6000);
  return png;
}

describe('importImageFolder on a messy folder', () => {
  const root = path.join(tmp, 'bad');
  const nfc = '고양이';
  let r: ImportResult;
  beforeAll(async () => {
    for (let i = 0; i < 4; i++) write(path.join(root, 'shirt', `${i}.png`), await greyPng(i));
    write(path.join(root, 'shirt', 'photo.jpg'), await (await rgbImage(4)).jpeg().toBuffer());
    write(path.join(root, 'shirt', 'anim.gif'), await (await rgbImage(5)).gif().toBuffer());
    write(path.join(root, 'shirt', 'pic.webp'), await (await rgbImage(6)).webp({ lossless: true }).toBuffer());
    const g = fashionImage(7);
    const rgb = new Uint8Array(784 * 3).map((_, k) => g[Math.floor(k / 3)]);
    write(path.join(root, 'shirt', 'scan.bmp'), encodeBmp24(rgb, 28, 28));
    const jpeg = await (await rgbImage(8, 120, 90)).jpeg().toBuffer();
    write(path.join(root, 'shirt', 'truncated.jpg'), jpeg.subarray(0, jpeg.length >> 1));
    write(path.join(root, 'shirt', 'zero.png'), new Uint8Array(0));
    write(path.join(root, 'shirt', 'notes.png'), 'this is text, not a picture');
    write(path.join(root, 'shirt', 'huge.png'), await hugeClaimPng());
    write(path.join(root, 'shirt', '.DS_Store'), 'junk');
    for (let i = 0; i < 2; i++) write(path.join(root, nfc, `${i}.png`), await greyPng(10 + i));
    write(path.join(root, nfc.normalize('NFD'), 'nfd.png'), await greyPng(12));
    write(path.join(root, '🐶 dog', '사진 1.png'), await greyPng(13));
    mkdirSync(path.join(root, 'empty'));
    write(path.join(root, 'readme.txt'), 'top-level file');
    symlinkSync(root, path.join(root, 'shirt', 'loop'));
    symlinkSync(path.join(root, 'missing.png'), path.join(root, 'shirt', 'broken.png'));
    // Decompression bombs: refused from the compressed size (100×100 needing 10 KiB, 64 KiB of IDAT), and
    // stopped by the inflate cap (28×28 needing 812 bytes, 4 KiB of IDAT inflating to 4 MiB).
    write(path.join(root, 'shirt', 'bomb.png'), await pngBomb({ width: 100, height: 100, inflatedBytes: 64 * 2 ** 20 }));
    write(path.join(root, 'shirt', 'small-bomb.png'), await pngBomb({ width: 28, height: 28, inflatedBytes: 4 * 2 ** 20 }));
    // A real picture outside the dataset folder, linked into it: not read.
    write(path.join(tmp, 'private', 'me.png'), await greyPng(15));
    symlinkSync(path.join(tmp, 'private', 'me.png'), path.join(root, 'shirt', 'linked-out.png'));
    // A file name that is not UTF-8 (Latin-1 é).
    writeFileSync(Buffer.concat([Buffer.from(path.join(root, 'shirt', 'caf')), Buffer.from([0xe9, 0x2e, 0x70, 0x6e, 0x67])]), await greyPng(16));
    if (!isRoot) {
      write(path.join(root, 'locked', 'x.png'), await greyPng(14));
      chmodSync(path.join(root, 'locked'), 0o000);
    }
    r = await importImageFolder({ folder: root, options: opts({ validationSplit: 0 }), cacheRoot: path.join(tmp, 'cache-bad') });
  });

  it('imports every readable image in every format', () => {
    const counts = Object.fromEntries(r.report.classes.map((c) => [c.name, c.count]));
    expect(counts).toEqual({ shirt: 8, [nfc]: 3, '🐶 dog': 1, empty: 0, ...(isRoot ? {} : { locked: 0 }) });
    expect(r.dataset!.n).toBe(12);
  });

  it('lists each bad file once with its reason', () => {
    const byPath = Object.fromEntries(r.report.skipped.map((s) => [s.path, s.code]));
    expect(byPath).toMatchObject({
      'shirt/truncated.jpg': 'corrupt',
      'shirt/zero.png': 'empty-file',
      'shirt/notes.png': 'not-an-image',
      'shirt/huge.png': 'too-large',
      'shirt/loop': 'symlink-loop',
      'shirt/broken.png': 'unreadable',
      'shirt/bomb.png': 'too-large',
      'shirt/small-bomb.png': 'too-large',
      'shirt/linked-out.png': 'outside-allowed-folders',
      'shirt/caf\uFFFD.png': 'unreadable',
      'readme.txt': 'not-in-class-folder',
    });
    const reason = (p: string) => r.report.skipped.find((s) => s.path === p)!.reason;
    expect(reason('shirt/bomb.png')).toMatch(/decompresses to more than its header says/);
    expect(reason('shirt/small-bomb.png')).toMatch(/image data decompresses to more than its header says \(28×28 needs 812 bytes\)/);
    expect(reason('shirt/caf\uFFFD.png')).toMatch(/its name is not valid UTF-8 — rename it/);
    expect(reason('shirt/broken.png')).toMatch(/^Broken link: it points to .*missing\.png, which does not exist\.$/);
    if (!isRoot) expect(byPath['locked']).toBe('unreadable');
    expect(r.report.skipped.find((s) => s.path === 'shirt/huge.png')!.reason).toMatch(/10000×6000/);
    expect(new Set(r.report.skipped.map((s) => s.path)).size).toBe(r.report.skipped.length);
    expect(byPath['shirt/.DS_Store']).toBeUndefined();
  });

  it('warns about the empty class, the imbalance and the merged Unicode spellings', () => {
    const codes = r.report.warnings.map((w) => w.code);
    expect(codes).toContain('empty-class');
    expect(codes).toContain('imbalance'); // 8 vs 1
    expect(codes).toContain('merged-unicode-names');
  });

  it('decodes pixels: grey PNG exact, BMP exact, histogram of original sizes', () => {
    const ds = r.dataset!;
    const shirt = ds.classNames.indexOf('shirt');
    // Files sort as 0.png 1.png 2.png 3.png anim.gif photo.jpg pic.webp scan.bmp within the class.
    const first = [...ds.labels].indexOf(shirt);
    expect(Buffer.from(ds.images.subarray(first * 784, (first + 1) * 784)).equals(Buffer.from(fashionImage(0)))).toBe(true);
    expect(Buffer.from(ds.images.subarray((first + 7) * 784, (first + 8) * 784)).equals(Buffer.from(fashionImage(7)))).toBe(true);
    expect(r.report.sizeHistogram.find((b) => b.label === '≤32')!.count).toBe(12);
  });
});

describe('resize policies and channels', () => {
  const root = path.join(tmp, 'shapes');
  beforeAll(async () => {
    // 60×20 white bar on black: the policies differ visibly.
    write(path.join(root, 'a', 'wide.png'), await sharp({ create: { width: 60, height: 20, channels: 3, background: { r: 255, g: 255, b: 255 } } }).png().toBuffer());
    write(path.join(root, 'b', 'wide.jpg'), await sharp({ create: { width: 60, height: 20, channels: 3, background: { r: 255, g: 0, b: 0 } } }).jpeg({ quality: 100 }).toBuffer());
  });
  it.each([
    { resize: 'stretch', topRow: 255 },
    { resize: 'center-crop', topRow: 255 },
    { resize: 'letterbox', topRow: 0 },
  ] as const)('$resize to 12×12: top row is $topRow, centre is white', async ({ resize, topRow }) => {
    const r = await importImageFolder({ folder: root, options: opts({ height: 12, width: 12, channels: 1, resize }), cacheRoot: path.join(tmp, `cache-${resize}`) });
    const img = r.dataset!.images.subarray(0, 144);
    expect(img[6]).toBe(topRow);
    expect(img[6 * 12 + 6]).toBe(255);
    // The JPEG goes through sharp with the same policy.
    const red = r.dataset!.images.subarray(144, 288);
    expect(Math.abs(red[0] - (resize === 'letterbox' ? 0 : 76))).toBeLessThanOrEqual(2); // BT.601 luma of red
  });
  it('RGB keeps colour', async () => {
    const r = await importImageFolder({ folder: root, options: opts({ height: 4, width: 4, channels: 3 }), cacheRoot: path.join(tmp, 'cache-rgb') });
    const red = r.dataset!.images.subarray(48, 51);
    expect(red[0]).toBeGreaterThan(240);
    expect(red[1]).toBeLessThan(15);
  });
});

describe('cache', () => {
  const root = path.join(tmp, 'cached');
  const cacheRoot = path.join(tmp, 'cache-inc');
  beforeAll(async () => {
    for (const cls of ['a', 'b', 'c']) for (let i = 0; i < 10; i++) write(path.join(root, cls, `${i}.png`), await greyPng(cls.charCodeAt(0) * 10 + i));
  });

  it('re-opening decodes nothing; a changed, an added and a removed file decode only the two new ones', async () => {
    const first = await importImageFolder({ folder: root, options: opts(), cacheRoot });
    expect([first.decoded, first.fromCache, first.dataset!.n]).toEqual([30, 0, 30]);
    const again = await importImageFolder({ folder: root, options: opts(), cacheRoot });
    expect([again.decoded, again.fromCache]).toEqual([0, 30]);
    expect(Buffer.from(again.dataset!.images).equals(Buffer.from(first.dataset!.images))).toBe(true);
    expect(again.datasetId).toBe(first.datasetId);
    // Channel statistics kept in the manifest equal those of the pixels.
    const { addChannelSums, channelStatsOf } = await import('../../src/data/imageFolder');
    expect(first.manifest.channelStats).toEqual(channelStatsOf(addChannelSums(first.dataset!.images, 1)));
    expect(first.manifest.channelStats!.mean[0]).toBeGreaterThan(0.1);
    const { channelStatsFromBlob } = await import('./datasetCache');
    expect(await channelStatsFromBlob(first.dir, first.manifest)).toEqual(first.manifest.channelStats); // caches from before
    // The host's re-open: same report and split, pixels left on disk until asked for.
    const lazy = await importImageFolder({ folder: root, options: opts(), cacheRoot, loadPixels: false });
    expect([lazy.decoded, lazy.fromCache, lazy.dataset]).toEqual([0, 30, undefined]);
    expect(lazy.report).toEqual(first.report);
    expect(lazy.manifest.validationIndices).toEqual(first.dataset!.validationIndices);

    write(path.join(root, 'a', '0.png'), await greyPng(500));
    utimesSync(path.join(root, 'a', '0.png'), new Date(), new Date(Date.now() + 5000));
    write(path.join(root, 'b', 'new.png'), await greyPng(501));
    unlinkSync(path.join(root, 'c', '9.png'));
    const changed = await importImageFolder({ folder: root, options: opts(), cacheRoot });
    expect([changed.decoded, changed.fromCache, changed.dataset!.n]).toEqual([2, 28, 30]);
    // Same result as a cold import of the folder as it is now.
    const cold = await importImageFolder({ folder: root, options: opts(), cacheRoot: path.join(tmp, 'cache-cold') });
    expect(Buffer.from(changed.dataset!.images).equals(Buffer.from(cold.dataset!.images))).toBe(true);
    expect([...changed.dataset!.labels]).toEqual([...cold.dataset!.labels]);
    expect(Buffer.from(changed.dataset!.images.subarray(0, 784)).equals(Buffer.from(fashionImage(500)))).toBe(true);
  });

  it('other options get their own cache; the seed changes only the split', async () => {
    const big = await importImageFolder({ folder: root, options: opts({ height: 14, width: 14 }), cacheRoot });
    expect(big.decoded).toBe(30);
    const s1 = await importImageFolder({ folder: root, options: opts({ seed: 1 }), cacheRoot });
    const s2 = await importImageFolder({ folder: root, options: opts({ seed: 2 }), cacheRoot });
    expect(s1.decoded + s2.decoded).toBe(0);
    expect(s1.dataset!.validationIndices).toHaveLength(6);
    expect(s1.dataset!.validationIndices).not.toEqual(s2.dataset!.validationIndices);
  });

  it('over the memory budget: stays on disk, readBatches streams the same pixels', async () => {
    const inMem = await importImageFolder({ folder: root, options: opts({ height: 10, width: 10 }), cacheRoot: path.join(tmp, 'cache-mem') });
    const onDisk = await importImageFolder({ folder: root, options: opts({ height: 10, width: 10 }), cacheRoot: path.join(tmp, 'cache-disk'), memoryLimitBytes: 1000 });
    expect(onDisk.dataset).toBeUndefined();
    const order = [29, 3, 4, 5, 0, 17, 18];
    const batches = [];
    for await (const b of readBatches(onDisk.datasetId, 3, order, path.join(tmp, 'cache-disk'))) batches.push(b);
    expect(batches.map((b) => b.indices)).toEqual([[29, 3, 4], [5, 0, 17], [18]]);
    const all = Buffer.concat(batches.map((b) => b.images));
    const want = Buffer.concat(order.map((i) => inMem.dataset!.images.subarray(i * 100, (i + 1) * 100)));
    expect(all.equals(want)).toBe(true);
    expect(batches.flatMap((b) => [...b.labels])).toEqual(order.map((i) => inMem.dataset!.labels[i]));
  });
});

describe('splits, subsets, cancel', () => {
  it('train/ + val/ folders fix the split', async () => {
    const root = path.join(tmp, 'split');
    for (const [split, n] of [['train', 3], ['val', 2]] as const) for (const cls of ['x', 'y']) for (let i = 0; i < n; i++) write(path.join(root, split, cls, `${i}.png`), await greyPng(i));
    const r = await importImageFolder({ folder: root, options: opts(), cacheRoot: path.join(tmp, 'cache-split') });
    expect(r.report.splitSource).toBe('folders');
    expect(r.report.classes).toEqual([
      { name: 'x', count: 5, train: 3, validation: 2 },
      { name: 'y', count: 5, train: 3, validation: 2 },
    ]);
    const sub = await importImageFolder({ folder: root, options: opts({ classes: ['y'] }), cacheRoot: path.join(tmp, 'cache-split') });
    expect(sub.dataset!.classNames).toEqual(['y']);
    expect(sub.report.warnings.map((w) => w.code)).toContain('single-class');
  });

  it('cancel stops the import with ImportCancelled', async () => {
    const root = path.join(tmp, 'many');
    const png = await greyPng(1);
    for (let i = 0; i < 300; i++) write(path.join(root, `c${i % 2}`, `${i}.png`), png);
    const abort = new AbortController();
    const run = importImageFolder({
      folder: root,
      options: opts({ height: 64, width: 64 }),
      cacheRoot: path.join(tmp, 'cache-cancel'),
      signal: abort.signal,
      concurrency: 2,
      onProgress: (p) => {
        if (p.phase !== 'decode' || abort.signal.aborted) return;
        abortedAt = performance.now();
        abort.abort();
      },
    });
    let abortedAt = 0;
    await expect(run).rejects.toBeInstanceOf(ImportCancelled);
    expect(performance.now() - abortedAt).toBeLessThan(1000);
  });

  it('cancel during the scan stops there: nothing is decoded', async () => {
    const root = path.join(tmp, 'wide');
    for (let d = 0; d < 10; d++) {
      mkdirSync(path.join(root, `c${d}`), { recursive: true });
      for (let i = 0; i < 100; i++) writeFileSync(path.join(root, `c${d}`, `${i}.png`), '');
    }
    const abort = new AbortController();
    const phases = new Set<string>();
    const started = performance.now();
    const run = importImageFolder({
      folder: root,
      options: opts(),
      cacheRoot: path.join(tmp, 'cache-wide'),
      signal: abort.signal,
      onProgress: (p) => {
        phases.add(p.phase);
        if (p.phase === 'scan') abort.abort(); // the walk's own checks stop it (node/data/scanFolder.test.ts: mid-walk)
      },
    });
    await expect(run).rejects.toBeInstanceOf(ImportCancelled);
    expect(performance.now() - started).toBeLessThan(1000);
    expect([...phases]).toEqual(['scan']);
  });

  it('a file deleted while the import runs is reported as vanished, not as a permissions problem', async () => {
    const root = path.join(tmp, 'vanishing');
    for (const name of ['a.png', 'b.png']) write(path.join(root, 'c', name), await greyPng(2));
    const r = await importImageFolder({
      folder: root,
      options: opts({ validationSplit: 0 }),
      cacheRoot: path.join(tmp, 'cache-vanishing'),
      concurrency: 1,
      onProgress: (p) => p.phase === 'decode' && p.done === 1 && unlinkSync(path.join(root, 'c', 'b.png')),
    });
    expect(r.report.skipped).toEqual([{ path: 'c/b.png', code: 'unreadable', reason: 'The file vanished while reading (was it moved or deleted?).' }]);
    expect(r.dataset!.n).toBe(1);
  });

  it('a file instead of a folder is an error with a message', async () => {
    write(path.join(tmp, 'file.png'), await greyPng(0));
    await expect(importImageFolder({ folder: path.join(tmp, 'file.png'), options: opts(), cacheRoot: path.join(tmp, 'c') })).rejects.toThrow(/not a folder/);
    await expect(importImageFolder({ folder: path.join(tmp, 'no-such-folder'), options: opts(), cacheRoot: path.join(tmp, 'c') })).rejects.toThrow(/no-such-folder does not exist — check the path/);
  });
});
