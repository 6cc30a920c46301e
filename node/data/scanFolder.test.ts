// The native lister (@cnn-studio/fast-stat) and the node:fs lister must give the same scan, entry for entry,
// on a folder holding every kind of thing a user's dataset folder can hold.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFastStat, scanFolder } from './scanFolder';

const isRoot = process.getuid?.() === 0;
let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cnn-scan-'));
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
});

afterAll(() => {
  chmodSync(path.join(root, 'locked'), 0o755);
  rmSync(root, { recursive: true, force: true });
});

describe('scanFolder', () => {
  it('lists files with sizes and mtimes, folders, and problems as values (node:fs lister)', async () => {
    const scan = await scanFolder(root, { lister: 'node' });
    const rels = scan.files.map((f) => f.rel);
    expect(rels).toContain('dog/강아지 1.png');
    expect(rels).toContain('dog/link-to-b.png'); // a link to a file counts as the file
    expect(rels).toContain('dog/link-to-deep/a/b/c/d.png'); // a linked folder is followed once
    expect(rels.some((r) => r.includes('.DS_Store') || r.startsWith('.hidden'))).toBe(false);
    expect(rels).not.toContain('cat/pipe');
    // Names sort by UTF-16 code units, as JavaScript compares strings: 'Z' < 'a'.
    expect(rels.filter((r) => r.startsWith('cat/'))).toEqual(['cat/Zebra.png', 'cat/a.png', 'cat/b.png']);
    expect(scan.files.find((f) => f.rel === 'cat/b.png')).toEqual({ rel: 'cat/b.png', size: 10, mtimeMs: Math.floor(statSync(path.join(root, 'cat/b.png')).mtimeMs) });
    expect(Math.abs(scan.files.find((f) => f.rel === 'cat/b.png')!.mtimeMs - 1_700_000_000_123)).toBeLessThanOrEqual(1);
    expect(scan.dirs).toEqual(expect.arrayContaining(['cat', 'dog', 'empty', 'train', 'train/cat', 'deep/a/b/c', 'dog/link-to-deep']));
    const problems = Object.fromEntries(scan.problems.map((p) => [p.path, p.code]));
    expect(problems['cat/loop']).toBe('symlink-loop');
    expect(problems['cat/self.png']).toBe('symlink-loop');
    expect(problems['cat/broken.png']).toBe('unreadable');
    if (!isRoot) expect(problems['locked']).toBe('unreadable');
  });

  it.skipIf(!loadFastStat())('the native lister gives exactly the node:fs scan', async () => {
    const native = await scanFolder(root, { lister: 'native' });
    const node = await scanFolder(root, { lister: 'node' });
    expect(native).toEqual(node);
    expect(native.files.length).toBeGreaterThan(8);
  });

  it('reports a folder that cannot be listed, and the native lister throws a clear error where it was not built', async () => {
    const scan = await scanFolder(path.join(root, 'cat', 'b.png'), { lister: 'node' });
    expect(scan.problems).toEqual([expect.objectContaining({ path: '.', code: 'unreadable' })]);
    if (!loadFastStat()) await expect(scanFolder(root, { lister: 'native' })).rejects.toThrow(/not built/);
  });
});
