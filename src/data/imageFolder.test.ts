import { describe, expect, it } from 'vitest';
import { addChannelSums, channelStatsOf, convertChannels, normalizationFor, datasetWarnings, discoverLayout, imbalanceStats, resampleInto, resizeGeometry, sizeHistogram, splitValidation } from './imageFolder';

describe('discoverLayout', () => {
  it.each([
    {
      name: 'class folders, nested files count for their class, top-level files are outside',
      files: ['cat/1.png', 'cat/sub/2.png', 'dog/1.png', 'readme.txt'],
      dirs: ['cat', 'cat/sub', 'dog', 'empty'],
      classes: ['cat', 'dog', 'empty'],
      split: 'random',
      perClass: [2, 1, 0],
      outside: ['readme.txt'],
      empty: ['empty'],
    },
    {
      name: 'train/ + val/ fix the split; classes are the union of both',
      files: ['train/a/1.png', 'train/b/1.png', 'val/a/2.png', 'val/c/1.png', 'train/x.png'],
      dirs: ['train', 'val', 'train/a', 'train/b', 'val/a', 'val/c'],
      classes: ['a', 'b', 'c'],
      split: 'folders',
      perClass: [2, 1, 1],
      outside: ['train/x.png'],
      empty: [],
    },
    {
      name: 'train/ + test/ (no val/): test is the validation split',
      files: ['train/a/1.png', 'test/a/2.png'],
      dirs: ['train', 'test', 'train/a', 'test/a'],
      classes: ['a'],
      split: 'folders',
      perClass: [2],
      outside: [],
      empty: [],
    },
    {
      name: 'train/ alone is just a class',
      files: ['train/1.png', 'other/2.png'],
      dirs: ['train', 'other'],
      classes: ['other', 'train'],
      split: 'random',
      perClass: [1, 1],
      outside: [],
      empty: [],
    },
  ])('$name', ({ files, dirs, classes, split, perClass, outside, empty }) => {
    const l = discoverLayout(files, dirs);
    expect(l.classNames).toEqual(classes);
    expect(l.splitSource).toBe(split);
    expect(classes.map((_, i) => l.entries.filter((e) => e.classIndex === i).length)).toEqual(perClass);
    expect(l.outside.map((o) => o.file)).toEqual(outside);
    expect(l.emptyClasses).toEqual(empty);
  });

  it('marks validation entries only from the validation folder', () => {
    const l = discoverLayout(['train/a/1.png', 'val/a/2.png'], ['train', 'val', 'train/a', 'val/a']);
    expect(l.entries.map((e) => [e.file, e.split])).toEqual([
      ['train/a/1.png', 'train'],
      ['val/a/2.png', 'validation'],
    ]);
  });

  it('merges NFC and NFD spellings of a Korean class name, keeps emoji names', () => {
    const nfc = '고양이';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const l = discoverLayout([`${nfc}/1.png`, `${nfd}/2.png`, '🐶/1.png'], [nfc, nfd, '🐶']);
    expect(l.classNames).toEqual([nfc, '🐶']);
    expect(l.entries.filter((e) => e.classIndex === 0)).toHaveLength(2);
    expect(l.mergedNames).toEqual([nfc]);
  });

  it('keeps only the chosen class subset', () => {
    const l = discoverLayout(['a/1.png', 'b/1.png', 'c/1.png'], ['a', 'b', 'c'], ['c', 'a']);
    expect(l.classNames).toEqual(['a', 'c']);
    expect(l.entries.map((e) => e.file)).toEqual(['a/1.png', 'c/1.png']);
  });
});

describe('splitValidation', () => {
  const labels = [...Array(100).fill(0), ...Array(50).fill(1), 2];
  it('holds out the fraction per class, and a single-sample class stays in training', () => {
    const v = splitValidation(labels, 0.2, 7);
    expect(v.filter((i) => labels[i] === 0)).toHaveLength(20);
    expect(v.filter((i) => labels[i] === 1)).toHaveLength(10);
    expect(v.filter((i) => labels[i] === 2)).toHaveLength(0);
    expect(new Set(v).size).toBe(v.length);
  });
  it('is reproducible for a seed and differs between seeds', () => {
    expect(splitValidation(labels, 0.2, 7)).toEqual(splitValidation(labels, 0.2, 7));
    expect(splitValidation(labels, 0.2, 7)).not.toEqual(splitValidation(labels, 0.2, 8));
  });
  it('returns nothing for fraction 0', () => expect(splitValidation(labels, 0, 1)).toEqual([]));
});

describe('resizeGeometry', () => {
  it.each([
    { policy: 'stretch', src: [200, 100], dst: [50, 50], crop: { x: 0, y: 0, w: 200, h: 100 }, place: { x: 0, y: 0, w: 50, h: 50 } },
    { policy: 'center-crop', src: [200, 100], dst: [50, 50], crop: { x: 50, y: 0, w: 100, h: 100 }, place: { x: 0, y: 0, w: 50, h: 50 } },
    { policy: 'center-crop', src: [100, 300], dst: [40, 60], crop: { x: 0, y: 75, w: 100, h: 150 }, place: { x: 0, y: 0, w: 40, h: 60 } },
    { policy: 'letterbox', src: [200, 100], dst: [50, 50], crop: { x: 0, y: 0, w: 200, h: 100 }, place: { x: 0, y: 12, w: 50, h: 25 } },
    { policy: 'letterbox', src: [30, 90], dst: [60, 60], crop: { x: 0, y: 0, w: 30, h: 90 }, place: { x: 20, y: 0, w: 20, h: 60 } },
    { policy: 'letterbox', src: [64, 32], dst: [32, 16], crop: { x: 0, y: 0, w: 64, h: 32 }, place: { x: 0, y: 0, w: 32, h: 16 } },
  ] as const)('$policy $src → $dst', ({ policy, src, dst, crop, place }) => {
    expect(resizeGeometry(policy, src[0], src[1], dst[0], dst[1])).toEqual({ crop, place });
  });
});

describe('resampleInto', () => {
  it('box-averages 2×2 blocks when halving', () => {
    const src = Uint8Array.from([0, 100, 10, 20, 200, 40, 30, 50, 1, 2, 3, 4, 5, 6, 7, 8]); // 4×4 grey
    const dst = new Uint8Array(4);
    resampleInto(src, 4, 4, 1, resizeGeometry('stretch', 4, 4, 2, 2), dst, 2, 2);
    expect([...dst]).toEqual([Math.round((0 + 100 + 200 + 40) / 4), Math.round((10 + 20 + 30 + 50) / 4), Math.round((1 + 2 + 5 + 6) / 4), Math.round((3 + 4 + 7 + 8) / 4)]);
  });
  it('letterbox leaves black bars and fills the middle', () => {
    const src = new Uint8Array(4 * 2 * 3).fill(200); // 4 wide, 2 tall, RGB
    const dst = new Uint8Array(4 * 4 * 3).fill(9);
    resampleInto(src, 4, 2, 3, resizeGeometry('letterbox', 4, 2, 4, 4), dst, 4, 4);
    const row = (y: number) => [...dst.subarray(y * 12, y * 12 + 12)];
    expect(row(0)).toEqual(Array(12).fill(0));
    expect(row(1)).toEqual(Array(12).fill(200));
    expect(row(2)).toEqual(Array(12).fill(200));
    expect(row(3)).toEqual(Array(12).fill(0));
  });
  it('keeps a constant image constant when enlarging (bilinear)', () => {
    const dst = new Uint8Array(7 * 5);
    resampleInto(new Uint8Array(9).fill(77), 3, 3, 1, resizeGeometry('stretch', 3, 3, 7, 5), dst, 7, 5);
    expect(new Set(dst)).toEqual(new Set([77]));
  });
});

describe('convertChannels', () => {
  it('grey → RGB repeats, RGBA → grey uses BT.601 luma and drops alpha', () => {
    expect([...convertChannels(Uint8Array.from([5, 250]), 2, 1, 3)]).toEqual([5, 5, 5, 250, 250, 250]);
    expect([...convertChannels(Uint8Array.from([255, 0, 0, 9, 0, 0, 255, 9]), 2, 4, 1)]).toEqual([76, 29]);
    expect([...convertChannels(Uint8Array.from([1, 2, 3, 4]), 1, 4, 3)]).toEqual([1, 2, 3]);
  });
});

describe('report figures', () => {
  it('bins image sizes by longest side', () => {
    const h = sizeHistogram([
      { width: 28, height: 28 },
      { width: 20, height: 33 },
      { width: 640, height: 480 },
      { width: 4000, height: 3000 },
    ]);
    expect(h.map((b) => b.count)).toEqual([1, 1, 0, 0, 0, 1, 1]);
    expect(h.at(-1)!.label).toBe('>1024');
  });
  it('imbalance is max/min over non-empty classes', () => {
    expect(imbalanceStats([{ name: 'a', count: 10 }, { name: 'b', count: 40 }, { name: 'c', count: 0 }])).toEqual({ ratio: 4, largest: 'b', smallest: 'a' });
    expect(imbalanceStats([{ name: 'a', count: 10 }]).ratio).toBe(1);
  });
  it.each([
    { classes: [{ name: 'a', count: 5 }], empty: [], codes: ['single-class'] },
    { classes: [{ name: 'a', count: 5 }, { name: 'b', count: 0 }], empty: ['b'], codes: ['single-class', 'empty-class'] },
    { classes: [{ name: 'a', count: 50 }, { name: 'b', count: 10 }], empty: [], codes: ['imbalance'] },
    { classes: [{ name: 'a', count: 12 }, { name: 'b', count: 10 }], empty: [], codes: [] },
  ])('warnings for $classes', ({ classes, empty, codes }) => {
    const imported = classes.reduce((a, c) => a + c.count, 0);
    expect(datasetWarnings({ classes, emptyClasses: empty, mergedNames: [], imported, skipped: 0 }).map((w) => w.code)).toEqual(codes);
  });
});

describe('normalisation', () => {
  // Two RGB pixels: (0, 255, 51) and (255, 255, 153) → R mean .5 std .5; G mean 1 std 0; B mean .4 std .2.
  const stats = channelStatsOf(addChannelSums(Uint8Array.from([0, 255, 51, 255, 255, 153]), 3));
  it('channel statistics in 0..1 units, summed across chunks the same as at once', () => {
    expect(stats.mean.map((v) => +v.toFixed(6))).toEqual([0.5, 1, 0.4]);
    expect(stats.std.map((v) => +v.toFixed(6))).toEqual([0.5, 0, 0.2]);
    const acc = addChannelSums(Uint8Array.from([0, 255, 51]), 3);
    expect(channelStatsOf(addChannelSums(Uint8Array.from([255, 255, 153]), 3, acc))).toEqual(stats);
  });
  it.each([
    ['unit', { mean: [0, 0, 0], std: [1, 1, 1] }],
    ['symmetric', { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }],
    // A constant channel (std 0) is left unscaled rather than divided by zero.
    ['standardize', { mean: [0.5, 1, 0.4], std: [0.5, 1, 0.2] }],
  ] as const)('%s', (mode, want) => {
    const got = normalizationFor(mode, 3, stats);
    expect(got.mean.map((v) => +v.toFixed(6))).toEqual(want.mean);
    expect(got.std.map((v) => +v.toFixed(6))).toEqual(want.std);
  });
});
