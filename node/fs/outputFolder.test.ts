// Output folders that cannot exist fail at once with a message that says why, instead of Node 20's recursive
// mkdir spinning forever (/proc/nope); possible ones are created level by level.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureOutputFolder } from './outputFolder';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'outfolder-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const linux = process.platform === 'linux';

describe('ensureOutputFolder', () => {
  it.each([
    ['a folder under /proc', '/proc/nope', 'system-filesystem', /inside \/proc, a proc filesystem/, linux],
    ['a deeper folder under /proc', '/proc/nope/deeper/still', 'system-filesystem', /inside \/proc/, linux],
    ['an existing /proc folder', '/proc/self', 'system-filesystem', /kernel state/, linux],
    ['a folder under /sys', '/sys/nope', 'system-filesystem', /inside \/sys, a sysfs filesystem/, linux],
    ['a folder under /dev', '/dev/nope', 'system-filesystem', /inside \/dev/, linux],
    ['a folder below a file', 'FILE/sub', 'not-a-folder', /FILE is a file, not a folder, so .*FILE\/sub cannot be made there/, true],
    ['a folder deep below a file', 'FILE/a/b/c', 'not-a-folder', /FILE is a file, not a folder/, true],
    ['a path that is a file', 'FILE', 'not-a-folder', /FILE is a file, not a folder — choose/, true],
  ])('refuses %s in well under a second', async (_name, given, code, message, runs) => {
    if (!runs) return;
    const file = path.join(dir, 'plain-file');
    writeFileSync(file, 'not a folder');
    const target = given.replace('FILE', file);
    const started = performance.now();
    const e = await ensureOutputFolder(target).catch((x) => x);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(e).toMatchObject({ name: 'OutputFolderError', code });
    expect(e.message.replaceAll(file, 'FILE')).toMatch(message);
    expect(e.message).toMatch(/— choose/);
  });

  it('creates missing levels one by one, and accepts a folder that is there', async () => {
    const deep = path.join(dir, 'a', 'b', 'c');
    await ensureOutputFolder(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    await ensureOutputFolder(deep);
  });

  it.skipIf(!linux || !existsSync('/dev/shm'))('accepts /dev/shm, real storage inside /dev', async () => {
    const shm = path.join('/dev/shm', path.basename(dir));
    try {
      await ensureOutputFolder(shm);
      expect(statSync(shm).isDirectory()).toBe(true);
    } finally {
      rmSync(shm, { recursive: true, force: true });
    }
  });
});
