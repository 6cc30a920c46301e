// File sets and their repair, on real files: which way a set is put in place, what is kept, what a failure
// before the commit leaves, and — built by hand, one per moment a kill can strike — every state a killed write
// can leave, each repaired by cleanOrphanTemporaries to a whole old or whole new set.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileSetError, writeFileSetAtomically } from './fileSet';
import { cleanOrphanTemporaries, ORPHAN_AGE_MS } from './orphanTemporaries';
import { parseTemporaryName, temporaryName } from './temporaryNames';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'fileset-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const set = (v: string) => ({ 'model.json': `{"v":"${v}"}`, 'weights.bin': new TextEncoder().encode(`bin ${v}`) });
/** The version of the set in `folder`: both files must agree, else 'mix'. */
function versionIn(folder: string): string {
  const json = existsSync(path.join(folder, 'model.json')) ? JSON.parse(readFileSync(path.join(folder, 'model.json'), 'utf8')).v : 'missing';
  const bin = existsSync(path.join(folder, 'weights.bin')) ? readFileSync(path.join(folder, 'weights.bin'), 'utf8').slice(4) : 'missing';
  return json === bin ? json : 'mix';
}
const ours = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((e) => parseTemporaryName(e)) : []);

/** A pid that surely belonged to a process which has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('writeFileSetAtomically', () => {
  it.each([
    ['a new folder (and its missing parents)', (_f: string) => {}, 'whole-folder'],
    ['a folder holding only an earlier version of the set', (f: string) => (mkdirSync(f, { recursive: true }), writeFileSync(path.join(f, 'model.json'), '{"v":"0"}'), writeFileSync(path.join(f, 'weights.bin'), 'bin 0')), 'whole-folder'],
    ['a folder with a file of the user’s', (f: string) => (mkdirSync(f, { recursive: true }), writeFileSync(path.join(f, 'notes.txt'), 'mine')), 'in-place'],
    ['a folder with a sub-folder of the user’s', (f: string) => mkdirSync(path.join(f, 'runs'), { recursive: true }), 'in-place'],
  ])('writes into %s as one set (%s), keeping everything else', async (_name, prepare, mode) => {
    const folder = path.join(dir, 'a', 'b', 'out');
    prepare(folder);
    const before = existsSync(folder) ? readdirSync(folder).filter((e) => !(e in set('x'))) : [];
    const r = await writeFileSetAtomically(folder, set('1'));
    expect(r).toEqual({ files: [path.join(folder, 'model.json'), path.join(folder, 'weights.bin')], bytes: 9 + 5, mode });
    expect(versionIn(folder)).toBe('1');
    expect(readdirSync(folder).sort()).toEqual([...before, 'model.json', 'weights.bin'].sort());
    expect([...ours(folder), ...ours(path.dirname(folder))]).toEqual([]);
  });

  it('keeps the folder’s permissions when it swaps it whole', async () => {
    const folder = path.join(dir, 'w');
    await writeFileSetAtomically(folder, set('1'));
    chmodSync(folder, 0o750);
    expect((await writeFileSetAtomically(folder, set('2'))).mode).toBe('whole-folder');
    expect(statSync(folder).mode & 0o777).toBe(0o750);
  });

  it('replaces in place where the caller forbids renaming the folder itself', async () => {
    const folder = path.join(dir, 'root-folder');
    expect((await writeFileSetAtomically(folder, set('1'), { allowWholeFolder: false })).mode).toBe('in-place');
    expect(versionIn(folder)).toBe('1');
  });

  it.each(['whole-folder', 'in-place'])('leaves the old set and no temporaries when it fails after staging (%s)', async (mode) => {
    const folder = path.join(dir, 'w');
    await writeFileSetAtomically(folder, set('1'));
    if (mode === 'in-place') writeFileSync(path.join(folder, 'notes.txt'), 'mine');
    const failing = writeFileSetAtomically(folder, set('2'), {
      afterStep: (step) => {
        if (step === 'staged') throw new Error('simulated failure');
      },
    });
    await expect(failing).rejects.toThrow('simulated failure');
    expect(versionIn(folder)).toBe('1');
    expect([...ours(folder), ...ours(dir)]).toEqual([]);
  });

  it('refuses, changing nothing, a set whose file name is a folder there', async () => {
    const folder = path.join(dir, 'w');
    mkdirSync(path.join(folder, 'model.json'), { recursive: true });
    writeFileSync(path.join(folder, 'weights.bin'), 'bin 0');
    const e = await writeFileSetAtomically(folder, set('1')).catch((x) => x);
    expect(e).toBeInstanceOf(FileSetError);
    expect(e.message).toMatch(/model\.json is a folder/);
    expect(readFileSync(path.join(folder, 'weights.bin'), 'utf8')).toBe('bin 0');
    expect(ours(folder)).toEqual([]);
  });

  it.each(['', '.', '..', 'a/b', 'a\\b', 'x\0y', '.model.json.cnn-tmp-1-abcdef01'])('refuses the file name %j', async (name) => {
    await expect(writeFileSetAtomically(path.join(dir, 'w'), { [name]: 'x' })).rejects.toMatchObject({ code: 'bad-name' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('serialises two sets written to one folder at once: the result is one of them, whole', async () => {
    const folder = path.join(dir, 'w');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'notes.txt'), 'mine'); // in place, where interleaved renames could mix
    await Promise.all(['1', '2', '3', '4'].map((v) => writeFileSetAtomically(folder, set(v))));
    expect(['1', '2', '3', '4']).toContain(versionIn(folder));
  });
});

describe('cleanOrphanTemporaries: every state a killed write can leave', () => {
  // Each builds `<dir>/w` (the set's folder) and its temporaries as a kill at that moment leaves them.
  const W = () => path.join(dir, 'w');
  const writeSet = (folder: string, v: string, extra: Record<string, string> = {}) => {
    mkdirSync(folder, { recursive: true });
    for (const [n, d] of Object.entries({ ...set(v), ...extra })) writeFileSync(path.join(folder, n), d);
  };
  const beside = (kind: 'tmp' | 'old', token: string) => path.join(dir, temporaryName('w', kind, token));
  const inside = (kind: 'tmp' | 'commit', token: string) => path.join(W(), temporaryName('cnn-set', kind, token));

  it.each([
    ['whole folder, killed while staging', (t: string) => (writeSet(W(), '1'), writeSet(beside('tmp', t), '2')), '1', { removed: 1 }],
    ['whole folder, first write, killed while staging', (t: string) => writeSet(beside('tmp', t), '2'), 'missing', { removed: 1 }],
    ['whole folder, old folder moved aside, new not yet in', (t: string) => (writeSet(beside('old', t), '1'), writeSet(beside('tmp', t), '2')), '2', { completed: 1 }],
    ['whole folder, old folder moved aside, staging lost', (t: string) => writeSet(beside('old', t), '1'), '1', { restored: 1 }],
    ['whole folder, swapped, old folder not yet removed', (t: string) => (writeSet(W(), '2'), writeSet(beside('old', t), '1', { 'made-during-swap.txt': 'keep me' })), '2', {}],
    ['in place, killed while staging', (t: string) => (writeSet(W(), '1', { 'notes.txt': 'mine' }), writeSet(inside('tmp', t), '2')), '1', { removed: 1 }],
    ['in place, committed, no file moved yet', (t: string) => (writeSet(W(), '1', { 'notes.txt': 'mine' }), writeSet(inside('commit', t), '2')), '2', { completed: 1 }],
    [
      'in place, committed, weights.bin moved, model.json not',
      (t: string) => {
        writeSet(W(), '1', { 'notes.txt': 'mine' });
        mkdirSync(inside('commit', t));
        writeFileSync(path.join(inside('commit', t), 'model.json'), '{"v":"2"}');
        writeFileSync(path.join(W(), 'weights.bin'), 'bin 2');
      },
      '2',
      { completed: 1 },
    ],
  ])('%s → a whole set', async (_name, build, version, counts) => {
    build(`${deadPid()}-0123abcd`);
    const beside = await cleanOrphanTemporaries(dir);
    const within = await cleanOrphanTemporaries(W()); // in-place temporaries live inside the folder
    expect(versionIn(W())).toBe(version);
    expect([...ours(dir), ...ours(W())]).toEqual([]);
    const count = (k: 'removed' | 'completed' | 'restored') => beside[k].length + within[k].length;
    expect({ removed: count('removed'), completed: count('completed'), restored: count('restored') }).toEqual({ removed: 0, completed: 0, restored: 0, ...counts });
    if (existsSync(path.join(W(), 'notes.txt'))) expect(readFileSync(path.join(W(), 'notes.txt'), 'utf8')).toBe('mine');
    if (_name.includes('not yet removed')) expect(readFileSync(path.join(W(), 'made-during-swap.txt'), 'utf8')).toBe('keep me');
  });

  it('leaves alone a fresh temporary of a live writer, and removes it once older than the age limit (its pid was reused)', async () => {
    const live = path.join(dir, temporaryName('model.json', 'tmp', `${process.ppid}-89abcdef`));
    writeFileSync(live, 'being written');
    expect((await cleanOrphanTemporaries(dir)).removed).toEqual([]);
    expect(existsSync(live)).toBe(true);
    const old = (Date.now() - ORPHAN_AGE_MS - 60_000) / 1000;
    utimesSync(live, old, old);
    expect((await cleanOrphanTemporaries(dir)).removed).toEqual([live]);
  });

  it('removes the older atomicWrite temp files (no pid) beside their file once old, and nothing else', async () => {
    writeFileSync(path.join(dir, 'model.json'), '{}');
    const names = ['.model.json.0123456789ab.tmp', '.model.json.0123456789ab.bak.tmp', '.other.json.0123456789ab.tmp', '.model.json.aaaaaaaaaaaa.tmp', 'notes.tmp'];
    for (const n of names) writeFileSync(path.join(dir, n), 'x');
    const old = (Date.now() - ORPHAN_AGE_MS - 60_000) / 1000;
    for (const n of names.filter((x) => !x.includes('aaaa'))) utimesSync(path.join(dir, n), old, old);
    const report = await cleanOrphanTemporaries(dir);
    expect(report.removed.map((p) => path.basename(p)).sort()).toEqual(['.model.json.0123456789ab.bak.tmp', '.model.json.0123456789ab.tmp']);
    expect(readdirSync(dir).sort()).toEqual(['.model.json.aaaaaaaaaaaa.tmp', '.other.json.0123456789ab.tmp', 'model.json', 'notes.tmp']);
  });
});
