// The dataset for `cnn-studio train --data …`: the embedded MNIST, an IDX folder (MNIST/Fashion-MNIST
// layout, raw or .gz), or an image/CIFAR folder through the datasets feature's loader (node/data/loadDataset).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InMemoryDataset } from '../../src/data/dataset';
import { idxToDataset } from '../../src/data/idx';
import type { DatasetRef } from '../../src/project/schema';

export type DataArg = { kind: 'mnist' } | { kind: 'idx' | 'folder' | 'cifar10'; path: string };

export function dataArgFrom(flag: string | undefined, projectRef: DatasetRef, projectDir: string | undefined): DataArg {
  if (flag === undefined) {
    if (projectRef.kind === 'mnist' || !projectRef.path) return { kind: 'mnist' };
    return { kind: projectRef.kind, path: path.resolve(projectDir ?? '.', projectRef.path) };
  }
  if (flag === 'mnist') return { kind: 'mnist' };
  return { kind: 'folder', path: path.resolve(flag) }; // refined to 'idx' by loadTrainingData when IDX files are there
}

/** In an IDX folder: the training pair (train-images-idx3-ubyte[.gz] + train-labels-idx1-ubyte[.gz]), else any pair. */
async function findIdxPair(dir: string): Promise<{ images: string; labels: string } | undefined> {
  const files = await fs.readdir(dir).catch(() => [] as string[]);
  const pick = (kind: 'images' | 'labels') => {
    const re = kind === 'images' ? /images[-.]idx3-ubyte(\.gz)?$/ : /labels[-.]idx1-ubyte(\.gz)?$/;
    const all = files.filter((f) => re.test(f)).sort();
    return all.find((f) => f.startsWith('train')) ?? all[0];
  };
  const images = pick('images');
  const labels = images && files.includes(images.replace('images-idx3', 'labels-idx1')) ? images.replace('images-idx3', 'labels-idx1') : pick('labels');
  return images && labels ? { images: path.join(dir, images), labels: path.join(dir, labels) } : undefined;
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
  const pair = await findIdxPair(arg.path);
  if (pair) {
    const [img, lab] = await Promise.all([fs.readFile(pair.images), fs.readFile(pair.labels)]);
    const dataset = await idxToDataset(new Uint8Array(img), new Uint8Array(lab));
    return { dataset, source: `IDX ${path.basename(pair.images)} + ${path.basename(pair.labels)}` };
  }
  // Image folders and CIFAR batch folders: the datasets feature's loader (decodes through its cache).
  const { loadDataset } = await import('../../node/data/loadDataset');
  const r = await loadDataset({ kind: arg.kind === 'idx' ? 'folder' : arg.kind, path: arg.path, ...input });
  return { dataset: r.dataset, source: `folder ${arg.path}` };
}
