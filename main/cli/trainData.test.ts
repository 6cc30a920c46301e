// `cnn-studio train --data DIR` reads an IDX folder exactly as the app's dataset import does; a project's
// dataset path is resolved against the project file and confined, and system filesystems are refused at once.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { confineDataFolder, dataArgFrom, loadTrainingData } from './trainData';
import { loadIdxFolder } from '../../node/data/loadDataset';

const FASHION = '/usr/share/datasets/fashion-mnist';

describe.skipIf(!existsSync(FASHION))('loadTrainingData on an IDX folder', () => {
  it('trains on the train pair and validates on the t10k pair, as the app does', async () => {
    const cli = await loadTrainingData({ kind: 'folder', path: FASHION });
    const app = (await loadIdxFolder(FASHION)).dataset;
    expect(cli.source).toBe('IDX train-images-idx3-ubyte.gz + train-labels-idx1-ubyte.gz');
    expect([cli.dataset.n, cli.dataset.validationIndices?.length]).toEqual([70000, 10000]);
    expect(cli.dataset.validationIndices).toEqual(app.validationIndices);
    expect(Buffer.from(cli.dataset.labels).equals(Buffer.from(app.labels))).toBe(true);
  });
});

describe('where the training data may come from', () => {
  // base/home/projects/p/p.cnnproj with base/home/projects/p/data and base/home/datasets beside it; base/elsewhere outside home.
  const base = mkdtempSync(path.join(os.tmpdir(), 'cnn-train-data-'));
  const home = path.join(base, 'home');
  const projectDir = path.join(home, 'projects', 'p');
  for (const d of [path.join(projectDir, 'data', 'cat'), path.join(home, 'datasets', 'digits', 'cat'), path.join(base, 'elsewhere', 'cat')]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(projectDir, 'notes.txt'), 'not a folder');
  symlinkSync('/proc', path.join(projectDir, 'data-link'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const fromProject = (written: string) => dataArgFrom(undefined, { kind: 'folder', path: written }, projectDir) as Extract<ReturnType<typeof dataArgFrom>, { path: string }>;
  const fromFlag = (flag: string) => dataArgFrom(flag, { kind: 'mnist' }, projectDir) as Extract<ReturnType<typeof dataArgFrom>, { path: string }>;

  it('resolves a project\'s relative path against the project file\'s folder, not the working directory', () => {
    expect(fromProject('data')).toEqual({ kind: 'folder', path: path.join(projectDir, 'data'), fromProject: { projectDir, written: 'data' } });
    expect(fromFlag('data').path).toBe(path.resolve('data'));
  });

  it.each([
    { name: 'its own data folder', arg: () => fromProject('data'), real: () => path.join(projectDir, 'data') },
    { name: 'a sibling folder in the home folder', arg: () => fromProject('../../datasets/digits'), real: () => path.join(home, 'datasets', 'digits') },
    { name: 'anywhere when named with --data', arg: () => fromFlag(path.join(base, 'elsewhere')), real: () => path.join(base, 'elsewhere') },
  ])('accepts $name', async ({ arg, real }) => {
    expect(await confineDataFolder(arg(), home)).toBe(real());
  });

  it.each([
    { name: 'a project path climbing to /proc/self', arg: () => fromProject('../../../../../../../../../../proc/self'), message: /^The project's dataset path "(\.\.\/)+proc\/self" \(\/proc\/\d+\) is on \/proc, a system filesystem, not a dataset folder — fix the path in the project, or pass the folder with --data\.$/ },
    { name: 'a link inside the project to /proc', arg: () => fromProject('data-link'), message: /"data-link" \(\/proc\) is on \/proc/ },
    { name: '--data /sys/kernel', arg: () => fromFlag('/sys/kernel'), message: /--data \/sys\/kernel is on \/sys, a system filesystem/ },
    { name: '--data /dev', arg: () => fromFlag('/dev'), message: /--data \/dev is on \/dev, a system filesystem/ },
    { name: 'a project path outside the project and home', arg: () => fromProject('../../../elsewhere'), message: /is outside the project's folder .* and your home folder — .*pass it with --data .*elsewhere if you mean it/ },
    { name: 'a project path to a file', arg: () => fromProject('notes.txt'), message: /"notes.txt" \(.*notes.txt\) is not a folder — fix the path in the project, or pass the folder with --data/ },
    { name: 'a project path that does not exist', arg: () => fromProject('gone'), message: /"gone" \(.*gone\): no such folder — fix the path in the project/ },
    { name: '--data that does not exist', arg: () => fromFlag('/no/such/folder'), message: /^--data \/no\/such\/folder: no such folder — give "mnist", an IDX folder or an image folder\.$/ },
  ])('refuses $name at once, saying why', async ({ arg, message }) => {
    const started = performance.now();
    await expect(confineDataFolder(arg(), home)).rejects.toThrow(message);
    expect(performance.now() - started).toBeLessThan(1000); // before: /proc scanned for 40 s and more
  });

  it('loadTrainingData refuses before reading anything', async () => {
    await expect(loadTrainingData(fromProject('../../../../../../../../../../proc/self'))).rejects.toThrow(/system filesystem/);
  });
});
