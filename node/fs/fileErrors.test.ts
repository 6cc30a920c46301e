// Real failures, made on real files in a temp folder, and the words each one gets.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeFileError, errorCode } from './fileErrors';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cnn-file-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'file.png'), 'x');
mkdirSync(path.join(dir, 'folder'));
symlinkSync('loop.png', path.join(dir, 'loop.png'));
// A name that is not UTF-8: readdir hands it back with U+FFFD, which opens nothing.
writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9, 0x2e, 0x70, 0x6e, 0x67])]), 'x');
const mangled = readdirSync(dir).find((n) => n.includes('\uFFFD'))!;

/** The error a real read of `p` fails with. */
function failure(p: string): unknown {
  try {
    readFileSync(p);
  } catch (e) {
    return e;
  }
  throw new Error(`${p} was readable`);
}

describe('describeFileError', () => {
  it.each([
    { name: 'a file gone since it was listed', path: 'gone.png', doing: 'reading' as const, says: 'vanished while reading (was it moved or deleted?).' },
    { name: 'a path given that does not exist', path: 'gone.png', doing: 'opening' as const, says: 'does not exist — check the path.' },
    { name: 'a folder read as a file', path: 'folder', says: 'is a folder, not a file.' },
    { name: 'a file used as a folder', path: 'file.png/x.png', says: 'is not a folder (it, or a folder on its path, is a file).' },
    { name: 'a link to itself', path: 'loop.png', says: 'is a symbolic link that points back to itself (a link loop).' },
    { name: 'a name that is not UTF-8', path: mangled, says: 'could not be opened: its name is not valid UTF-8 — rename it (for example with `convmv` or your file manager).' },
  ])('$name', ({ path: p, doing, says }) => {
    const e = failure(path.join(dir, p));
    expect(describeFileError(e, p, doing)).toBe(says);
  });

  it.each([
    ['EACCES', 'reading', 'could not be read: permission denied (EACCES) — check its permissions.'],
    ['EPERM', 'writing', 'could not be written: permission denied (EPERM) — check its permissions.'],
    ['ENOSPC', 'writing', 'could not be written: the disk is full (ENOSPC) — free some space.'],
    ['EROFS', 'writing', 'could not be written: it is on a read-only disk (EROFS) — choose another folder.'],
    ['EIO', 'reading', 'could not be read: input/output error (EIO) — the disk or network share may be failing.'],
    ['EMFILE', 'reading', 'could not be opened: too many files are open (EMFILE) — close other programs and try again.'],
    ['ESTALE', 'reading', 'is on a network share that stopped answering (ESTALE) — reconnect it and try again.'],
    ['EWHATEVER', 'reading', 'could not be read (EWHATEVER).'],
  ] as const)('%s while %s', (code, doing, says) => {
    expect(describeFileError(Object.assign(new Error(code), { code }), 'x.png', doing)).toBe(says);
  });

  it('errors without a code keep their message', () => {
    expect(describeFileError(new Error('socket hang up'))).toBe('could not be read (socket hang up).');
    expect(errorCode('nope')).toBeUndefined();
  });
});
