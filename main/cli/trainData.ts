// The dataset for `cnn-studio train --data …`: the embedded MNIST, an IDX folder (MNIST/Fashion-MNIST
// layout, raw or .gz), or an image/CIFAR folder. Folders are read by the same loaders the app's dataset
// import uses (node/data/loadDataset), so an IDX folder trains on its train pair and validates on its t10k pair
// in both.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DatasetFormat } from '../../src/contract/dataset';
import type { InMemoryDataset } from '../../src/data/dataset';
import type { DatasetRef } from '../../src/project/schema';

export type DataArg = { kind: 'mnist' } | { kind: DatasetFormat; path: string };

export function dataArgFrom(flag: string | undefined, projectRef: DatasetRef, projectDir: string | undefined): DataArg {
  if (flag === undefined) {
    if (projectRef.kind === 'mnist' || !projectRef.path) return { kind: 'mnist' };
    return { kind: projectRef.kind, path: path.resolve(projectDir ?? '.', projectRef.path) };
  }
  if (flag === 'mnist') return { kind: 'mnist' };
  return { kind: 'folder', path: path.resolve(flag) }; // what the folder holds is detected by loadTrainingData
}

export async function loadTrainingData(
  arg: DataArg,
  input?: { height?: number; width?: number; channels?: 1 | 3 },
): Promise<{ dataset: InMemoryDataset; source: string }> {
  if (arg.kind === 'mnist') {
    const { loadMnist } = await import('../../node/data/ensureMnist');
    return { dataset: await loadMnist(), source: 'embedded MNIST (10,000 digits)' };
  }
  const stat = await fs.stat(arg.path).catch(() => undefined);
  if (!stat?.isDirectory()) throw new Error(`--data ${arg.path}: no such folder — give "mnist", an IDX folder or an image folder.`);
  const { detectFolderFormat, loadDataset, loadIdxFolder } = await import('../../node/data/loadDataset');
  // A folder given on the command line may hold IDX or CIFAR files; a project's 'idx'/'cifar10' reference says so.
  const format = arg.kind === 'folder' ? await detectFolderFormat(arg.path) : arg.kind;
  if (format === 'idx') {
    const { dataset, files } = await loadIdxFolder(arg.path);
    return { dataset, source: `IDX ${files.train.images} + ${files.train.labels}` };
  }
  // Image folders decode at the graph Input's size through the cache; CIFAR batches are read whole.
  const r = await loadDataset({ kind: format, path: arg.path, ...input });
  return { dataset: r.dataset, source: `folder ${arg.path}` };
}
