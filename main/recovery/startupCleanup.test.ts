// The start-up repair on real folders: a recent project whose weights swap was interrupted, an abandoned
// project-save temp file, an autosave's temp file in the user data folder — all repaired or removed, the
// temporaries of a writer that still runs left alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanAtStart, foldersToClean } from './startupCleanup';
import { addRecent } from '../services/recentProjects';
import { temporaryName } from '../../node/fs/temporaryNames';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'startup-clean-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const deadToken = () => `${spawnSync(process.execPath, ['-e', '0']).pid}-00c0ffee`;

describe('cleanAtStart', () => {
  it('looks at the user data folder, its recovery folder, and each recent project’s folder and weights folder', async () => {
    const userData = path.join(dir, 'userData');
    await addRecent(userData, { path: path.join(dir, 'projects', 'digits.cnnproj'), name: 'Digits' });
    expect(await foldersToClean(userData)).toEqual([userData, path.join(userData, 'recovery'), path.join(dir, 'projects'), path.join(dir, 'projects', 'digits.weights')]);
  });

  it('finishes an interrupted weights swap, removes abandoned temp files, and leaves a live writer’s alone', async () => {
    const userData = path.join(dir, 'userData');
    const projects = path.join(dir, 'projects');
    mkdirSync(path.join(userData, 'recovery'), { recursive: true });
    mkdirSync(projects);
    await addRecent(userData, { path: path.join(projects, 'digits.cnnproj'), name: 'Digits' });
    writeFileSync(path.join(projects, 'digits.cnnproj'), '{}');
    // The kill came between moving the old weights aside and moving the new ones in.
    const t = deadToken();
    for (const [kind, v] of [['old', 'old'], ['tmp', 'new']] as const) {
      const d = path.join(projects, temporaryName('digits.weights', kind, t));
      mkdirSync(d);
      writeFileSync(path.join(d, 'model.json'), v);
      writeFileSync(path.join(d, 'weights.bin'), v);
    }
    const abandonedSave = path.join(projects, temporaryName('digits.cnnproj', 'tmp', deadToken()));
    const abandonedAutosave = path.join(userData, 'recovery', temporaryName('window-1.json', 'tmp', deadToken()));
    const liveWrite = path.join(projects, temporaryName('digits.cnnproj', 'tmp', `${process.ppid}-1234abcd`));
    for (const f of [abandonedSave, abandonedAutosave, liveWrite]) writeFileSync(f, 'partial');

    const report = await cleanAtStart(userData);
    expect(report.completed).toEqual([path.join(projects, 'digits.weights')]);
    expect(report.removed.sort()).toEqual([abandonedAutosave, abandonedSave].sort());
    expect(readFileSync(path.join(projects, 'digits.weights', 'model.json'), 'utf8')).toBe('new');
    expect(readFileSync(path.join(projects, 'digits.weights', 'weights.bin'), 'utf8')).toBe('new');
    expect(readdirSync(projects).sort()).toEqual([path.basename(liveWrite), 'digits.cnnproj', 'digits.weights'].sort());
    expect(existsSync(liveWrite)).toBe(true);
  });

  it('is harmless where nothing was ever written', async () => {
    expect(await cleanAtStart(path.join(dir, 'never-created'))).toEqual({ removed: [], completed: [], restored: [] });
  });
});
