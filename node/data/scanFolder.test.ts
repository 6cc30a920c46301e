// The native lister (@cnn-studio/fast-stat) and the node:fs lister must give the same scan, entry for entry,
// on a folder holding every kind of thing a user's dataset folder can hold — and both must stay bounded:
// folders scanned once by (device, inode), links out of the allowed folders not followed, cancel heard at once.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFastStat, ScanCancelled, scanFolder, type DirectoryLister } from './scanFolder';

const isRoot = process.getuid?.() === 0;
const listers: DirectoryLister[] = loadFastStat() ? ['node', 'native'] : ['node'];
/** base/data is the dataset; base/shared is beside it (allowed when base is); secret is elsewhere. */
let base: string;
let root: string;
let secret: string;

beforeAll(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'cnn-scan-'));
  root = path.join(base, 'data');
  mkdirSync(root);
  secret = mkdtempSync(path.join(os.tmpdir(), 'cnn-scan-secret-'));
  writeFileSync(path.join(secret, 'id_rsa'), 'PRIVATE');
  mkdirSync(path.join(base, 'shared', 'x'), { recursive: true });
  writeFileSync(path.join(base, 'shared', 'x', 's.png'), 'x');
  const put = (rel: string, bytes: number, mtime?: Date) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), Buffer.alloc(bytes, 7));
    if (mtime) utimesSync(path.join(root, rel), mtime, mtime);
  };
  put('cat/b.png', 10, new Date(1_700_000_000_123.456));
  put('cat/a.png', 0);
  put('cat/Zebra.png', 3);
  put('dog/강아지 1.png', 5);
  put('dog/ünïcödé.jpg', 6);
  put('dog/.DS_Store', 1);
  put('.hidden/x.png', 1);
  put('train/cat/t.png', 2);
  put('deep/a/b/c/d.png', 4);
  symlinkSync(path.join(root, 'cat', 'b.png'), path.join(root, 'dog', 'link-to-b.png'));
  symlinkSync(path.join(root, 'deep'), path.join(root, 'dog', 'link-to-deep'));
  symlinkSync(root, path.join(root, 'cat', 'loop'));
  symlinkSync(path.join(root, 'missing.png'), path.join(root, 'cat', 'broken.png'));
  symlinkSync('self.png', path.join(root, 'cat', 'self.png'));
  execFileSync('mkfifo', [path.join(root, 'cat', 'pipe')]);
  mkdirSync(path.join(root, 'empty'));
  mkdirSync(path.join(root, 'locked'));
  writeFileSync(path.join(root, 'locked', 'secret.png'), 'x');
  chmodSync(path.join(root, 'locked'), 0o000);
  symlinkSync(secret, path.join(root, 'dog', 'link-to-secret'));
  symlinkSync(path.join(secret, 'id_rsa'), path.join(root, 'dog', 'key.png'));
  symlinkSync(path.join(base, 'shared'), path.join(root, 'link-to-shared'));
  // A name that is not UTF-8 (Latin-1 "é" = 0xE9), as copied from an old archive.
  writeFileSync(Buffer.concat([Buffer.from(path.join(root, 'cat') + '/caf'), Buffer.from([0xe9]), Buffer.from('.png')]), 'x');
});

afterAll(() => {
  chmodSync(path.join(root, 'locked'), 0o755);
  rmSync(base, { recursive: true, force: true });
  rmSync(secret, { recursive: true, force: true });
});

describe('scanFolder', () => {
  it('lists files with sizes and mtimes, folders, and problems as values (node:fs lister)', async () => {
    const scan = await scanFolder(root, { lister: 'node' });
    const rels = scan.files.map((f) => f.rel);
    expect(rels).toContain('dog/강아지 1.png');
    expect(rels).toContain('dog/link-to-b.png'); // a link to a file counts as the file
    expect(rels).toContain('deep/a/b/c/d.png');
    expect(rels.some((r) => r.startsWith('dog/link-to-deep/'))).toBe(false); // the same folder as deep/: scanned once
    expect(rels.some((r) => r.includes('.DS_Store') || r.startsWith('.hidden'))).toBe(false);
    expect(rels).not.toContain('cat/pipe');
    // Names sort by UTF-16 code units, as JavaScript compares strings: 'Z' < 'a'.
    expect(rels.filter((r) => r.startsWith('cat/'))).toEqual(['cat/Zebra.png', 'cat/a.png', 'cat/b.png']);
    expect(scan.files.find((f) => f.rel === 'cat/b.png')).toEqual({ rel: 'cat/b.png', size: 10, mtimeMs: Math.floor(statSync(path.join(root, 'cat/b.png')).mtimeMs) });
    expect(Math.abs(scan.files.find((f) => f.rel === 'cat/b.png')!.mtimeMs - 1_700_000_000_123)).toBeLessThanOrEqual(1);
    expect(scan.dirs).toEqual(expect.arrayContaining(['cat', 'dog', 'empty', 'train', 'train/cat', 'deep/a/b/c']));
    expect(scan.dirs).not.toContain('dog/link-to-deep');
    const problems = Object.fromEntries(scan.problems.map((p) => [p.path, [p.code, p.reason]]));
    expect(problems['cat/loop']).toEqual(['symlink-loop', expect.stringMatching(/Link back to a folder that contains it/)]);
    expect(problems['cat/self.png']).toEqual(['symlink-loop', expect.any(String)]);
    expect(problems['cat/broken.png']).toEqual(['unreadable', `Broken link: it points to ${path.join(root, 'missing.png')}, which does not exist.`]);
    expect(problems['dog/link-to-deep']).toEqual(['already-scanned', 'The same folder as "deep", already scanned — skipped so its files count once.']);
    // Links out of the dataset folder (the default allowed root) are not followed, folder or file.
    expect(problems['dog/link-to-secret']).toEqual(['outside-allowed-folders', expect.stringContaining(`Link to ${secret}, outside the folders this app may read`)]);
    expect(problems['dog/key.png']?.[0]).toBe('outside-allowed-folders');
    expect(problems['link-to-shared']?.[0]).toBe('outside-allowed-folders');
    expect(problems['cat/caf\uFFFD.png']).toEqual(['unreadable', expect.stringMatching(/its name is not valid UTF-8 — rename it/)]);
    if (!isRoot) expect(problems['locked']).toEqual(['unreadable', expect.stringMatching(/permission denied \(EACCES\) — check its permissions/)]);
  });

  it.each(listers)('follows links inside the allowed roots, and only those (%s lister)', async (lister) => {
    const scan = await scanFolder(root, { lister, allowedRoots: [base] });
    expect(scan.files.map((f) => f.rel)).toContain('link-to-shared/x/s.png');
    expect(scan.dirs).toEqual(expect.arrayContaining(['link-to-shared', 'link-to-shared/x']));
    expect(scan.problems.find((p) => p.path === 'dog/link-to-secret')?.code).toBe('outside-allowed-folders');
    expect(scan.files.some((f) => f.rel.includes('id_rsa') || f.rel === 'dog/key.png')).toBe(false);
  });

  it.skipIf(!loadFastStat())('the native lister gives exactly the node:fs scan', async () => {
    const native = await scanFolder(root, { lister: 'native' });
    const node = await scanFolder(root, { lister: 'node' });
    expect(native).toEqual(node);
    expect(native.files.length).toBeGreaterThan(8);
  });

  it('a folder reached through a link before its own path is scanned under its own path', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cnn-scan-order-'));
    try {
      mkdirSync(path.join(dir, 'zebra'));
      writeFileSync(path.join(dir, 'zebra', 'z.png'), 'z');
      symlinkSync(path.join(dir, 'zebra'), path.join(dir, 'a-link')); // sorts first
      for (const lister of listers) {
        const scan = await scanFolder(dir, { lister });
        expect(scan.files.map((f) => f.rel)).toEqual(['zebra/z.png']);
        expect(scan.problems).toEqual([{ path: 'a-link', code: 'already-scanned', reason: expect.stringContaining('"zebra"') }]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(listers)('a 22-level fan-out of links (each level points twice into the next: 2^22 paths) scans each folder once, fast (%s lister)', async (lister) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cnn-scan-fanout-'));
    try {
      const LEVELS = 22;
      for (let i = 0; i <= LEVELS; i++) mkdirSync(path.join(dir, 'levels', `L${i}`), { recursive: true });
      for (let i = 0; i < LEVELS; i++) for (const n of ['a', 'b']) symlinkSync(path.join(dir, 'levels', `L${i + 1}`), path.join(dir, 'levels', `L${i}`, n));
      writeFileSync(path.join(dir, 'levels', `L${LEVELS}`, 'img.png'), 'x');
      mkdirSync(path.join(dir, 'data'));
      symlinkSync(path.join(dir, 'levels', 'L0'), path.join(dir, 'data', 'start'));
      const started = performance.now();
      const scan = await scanFolder(path.join(dir, 'data'), { lister, allowedRoots: [dir] });
      expect(performance.now() - started).toBeLessThan(1000); // before: over 60 s
      expect(scan.files.map((f) => f.rel)).toEqual([`start/${'a/'.repeat(LEVELS)}img.png`]);
      expect(scan.dirs).toHaveLength(LEVELS + 1);
      expect(scan.problems).toHaveLength(LEVELS);
      expect(new Set(scan.problems.map((p) => p.code))).toEqual(new Set(['already-scanned']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a folder that cannot be listed, and the native lister throws a clear error where it was not built', async () => {
    const scan = await scanFolder(path.join(root, 'cat', 'b.png'), { lister: 'node' });
    expect(scan.problems).toEqual([expect.objectContaining({ path: '.', code: 'unreadable' })]);
    if (!loadFastStat()) await expect(scanFolder(root, { lister: 'native' })).rejects.toThrow(/not built/);
  });
});

describe('scanFolder cancel', () => {
  let wide: string;
  beforeAll(() => {
    wide = mkdtempSync(path.join(os.tmpdir(), 'cnn-scan-cancel-'));
    for (let d = 0; d < 24; d++) {
      mkdirSync(path.join(wide, `c${d}`, 'deeper'), { recursive: true });
      // 48,000 files: the native lister walks them in ~80 ms here, several 20 ms slices, so a cancel always meets
      // the walk under way (12,000 sometimes finished inside one slice, before the cancel was heard).
      for (let f = 0; f < 2000; f++) writeFileSync(path.join(wide, `c${d}`, 'deeper', `${f}.png`), '');
    }
  });
  afterAll(() => rmSync(wide, { recursive: true, force: true }));

  it.each(listers)('stops within a second of a cancel, at whatever depth it is (%s lister)', async (lister) => {
    // Cancelled before it starts: nothing is scanned.
    await expect(scanFolder(wide, { lister, signal: AbortSignal.abort() })).rejects.toThrow(ScanCancelled);
    // Cancelled at its first pause (after ~20 ms of a scan that takes several times that), two folders deep.
    const ac = new AbortController();
    let abortedAt = 0;
    setImmediate(() => {
      abortedAt = performance.now();
      ac.abort();
    });
    const e = await scanFolder(wide, { lister, signal: ac.signal }).catch((x) => x);
    expect(e).toBeInstanceOf(ScanCancelled);
    expect(performance.now() - abortedAt).toBeLessThan(1000);
  });
});
