import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { atomicWrite } from './atomicWrite';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'atomic-'))));
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('atomicWrite', () => {
  it('replaces the file and keeps the previous version as .bak', async () => {
    const f = path.join(dir, 'm.cnnproj');
    await atomicWrite(f, 'first', { backup: true });
    expect(readdirSync(dir)).toEqual(['m.cnnproj']); // no .bak for a new file
    await atomicWrite(f, 'second', { backup: true });
    expect(readFileSync(f, 'utf8')).toBe('second');
    expect(readFileSync(f + '.bak', 'utf8')).toBe('first');
  });

  it('leaves the old file intact and no temp file when it fails between write and rename', async () => {
    const f = path.join(dir, 'm.cnnproj');
    writeFileSync(f, 'old content');
    let tempSeen = '';
    await expect(
      atomicWrite(f, 'new content', {
        backup: true,
        beforeRename: (temp) => {
          tempSeen = readFileSync(temp, 'utf8'); // the temp file is complete before the rename
          throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect(tempSeen).toBe('new content');
    expect(readFileSync(f, 'utf8')).toBe('old content');
    expect(readdirSync(dir)).toEqual(['m.cnnproj']);
  });

  // root ignores directory permissions, so this case only means something for ordinary users.
  it.skipIf(process.getuid?.() === 0)('leaves the old file intact when the folder is read-only', async () => {
    const f = path.join(dir, 'm.cnnproj');
    writeFileSync(f, 'old content');
    chmodSync(dir, 0o555);
    await expect(atomicWrite(f, 'new content', { backup: true })).rejects.toThrow();
    expect(readFileSync(f, 'utf8')).toBe('old content');
  });

  it('fails without touching anything when the folder does not exist', async () => {
    await expect(atomicWrite(path.join(dir, 'missing', 'm.cnnproj'), 'x')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
