// One entry point from a dataset reference to pixels: image folders (through the cache), CIFAR-10 binary
// batch folders and IDX folders. Used by the CLI (`cnn-studio train --data`) and the dataset service.
// Every file is size-checked before it is read whole, and IDX headers before their data is inflated (src/data/idx.ts).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type DatasetFormat, ImportOptionsSchema, type ImportOptions } from '../../src/contract/dataset';
import { IN_MEMORY_DATASET_BYTES, withHeldOutValidation, type InMemoryDataset } from '../../src/data/dataset';
import { CIFAR10_TEST_FILE, CIFAR10_TRAIN_FILES, cifarToDataset, parseCifarMeta } from '../../src/data/cifar';
import { idxFolderFiles, idxToDataset, isIdxImagesFile, MAX_IDX_DATA_BYTES, type IdxFolderFiles, type IdxPair } from '../../src/data/idx';
import { formatBytes, MiB } from '../../src/data/byteSize';
import { describeFileError, errorCode } from '../fs/fileErrors';
import { isWithin } from '../fs/isWithin';
import { addChannelSums, channelStatsOf, convertChannels, datasetWarnings, imbalanceStats, resampleInto, resizeGeometry, sizeHistogram } from '../../src/data/imageFolder';
import { BLOB, CACHE_VERSION, cacheDirFor, cacheIdFor, fingerprintOf, type Manifest, writeManifest } from './datasetCache';
import { importImageFolder, type ImportResult } from './importImageFolder';

/** Where the CLI keeps its decoded cache (the app uses its user-data folder instead). */
export const defaultCacheRoot = () => process.env.CNN_STUDIO_CACHE ?? path.join(os.homedir(), '.cache', 'cnn-studio', 'dataset-cache');

/**
 * What a folder holds: an IDX set (a *-images-idx3-ubyte[.gz] file), CIFAR-10 binary batches (data_batch_N.bin,
 * here or in cifar-10-batches-bin/), or else class subfolders of images.
 */
export async function detectFolderFormat(dir: string): Promise<DatasetFormat> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  if (names.some(isIdxImagesFile)) return 'idx';
  if (names.some((n) => CIFAR10_TRAIN_FILES.includes(n))) return 'cifar10';
  if (names.includes('cifar-10-batches-bin')) {
    const inner = await fs.readdir(path.join(dir, 'cifar-10-batches-bin')).catch(() => [] as string[]);
    if (inner.some((n) => CIFAR10_TRAIN_FILES.includes(n))) return 'cifar10';
  }
  return 'folder';
}

/**
 * A dataset at its native size (IDX 28×28 grey, CIFAR 32×32 RGB) brought to the size and colour the graph's
 * Input asks for, with the same resize policy and resampler as image folders.
 */
export function fitDataset(ds: InMemoryDataset, o: Pick<ImportOptions, 'height' | 'width' | 'channels' | 'resize'>): InMemoryDataset {
  if (ds.height === o.height && ds.width === o.width && ds.channels === o.channels) return ds;
  const src = ds.height * ds.width * ds.channels;
  const dst = o.height * o.width * o.channels;
  const geom = resizeGeometry(o.resize, ds.width, ds.height, o.width, o.height);
  const images = new Uint8Array(ds.n * dst);
  const resized = new Uint8Array(o.height * o.width * ds.channels);
  for (let i = 0; i < ds.n; i++) {
    resampleInto(ds.images.subarray(i * src, (i + 1) * src), ds.width, ds.height, ds.channels, geom, resized, o.width, o.height);
    images.set(convertChannels(resized, o.height * o.width, ds.channels, o.channels), i * dst);
  }
  return { ...ds, images, height: o.height, width: o.width, channels: o.channels };
}

/** Where a dataset folder's files may lead through symbolic links (real paths); absent = anywhere. */
export interface ReadLimits {
  allowedRoots?: readonly string[];
}

/**
 * One data file read whole, after checking it is a regular file of at most `maxBytes` (a FIFO or a 100 GB file
 * named data_batch_1.bin is refused before reading, not read until memory runs out) and, with `allowedRoots`,
 * that it does not lead out of them through a link. Errors name the file.
 */
export async function readDataFile(file: string, maxBytes: number, limits: ReadLimits = {}): Promise<Uint8Array> {
  const name = path.basename(file);
  let stat;
  try {
    if (limits.allowedRoots) {
      const real = await fs.realpath(file);
      const roots = await Promise.all(limits.allowedRoots.map((r) => fs.realpath(r).catch(() => path.resolve(r))));
      if (!roots.some((r) => isWithin(r, real))) throw new Error(`${name} leads to ${real}, outside the folders this app may read — copy the file into the dataset folder instead of linking it.`);
      file = real;
    }
    stat = await fs.stat(file);
  } catch (e) {
    if (!errorCode(e)) throw e;
    throw new Error(`${name} ${describeFileError(e, file)}`);
  }
  if (!stat.isFile()) throw new Error(`${name} is not a regular file (a folder, pipe or device) — a dataset file must be an ordinary file.`);
  if (stat.size > maxBytes) throw new Error(`${name} is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit for one dataset file — this app holds datasets in memory.`);
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (e) {
    throw new Error(`${name} ${describeFileError(e, file)}`);
  }
}

/** A dataset folder's names; a folder that cannot be listed says why (not "has no IDX pair"). */
async function listFolder(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (e) {
    throw new Error(`The dataset folder ${dir} ${describeFileError(e, dir, 'opening')}`);
  }
}

/** A .gz IDX file can be at most a little larger than the data it inflates to (deflate's stored blocks). */
const MAX_IDX_FILE_BYTES = MAX_IDX_DATA_BYTES + 16 * MiB;

/** A CIFAR-10 binary folder: data_batch_1..5.bin (+ test_batch.bin, batches.meta.txt), or its parent. */
export async function loadCifarFolder(dir: string, limits: ReadLimits = {}): Promise<InMemoryDataset> {
  for (const d of [dir, path.join(dir, 'cifar-10-batches-bin')]) {
    const names = await fs.readdir(d).catch(() => [] as string[]);
    const train = CIFAR10_TRAIN_FILES.filter((f) => names.includes(f));
    if (train.length === 0) continue;
    const batches = await Promise.all(train.map((f) => readDataFile(path.join(d, f), IN_MEMORY_DATASET_BYTES, limits)));
    const test = names.includes(CIFAR10_TEST_FILE) ? await readDataFile(path.join(d, CIFAR10_TEST_FILE), IN_MEMORY_DATASET_BYTES, limits) : undefined;
    const meta = names.includes('batches.meta.txt') ? new TextDecoder().decode(await readDataFile(path.join(d, 'batches.meta.txt'), MiB, limits)) : undefined;
    return cifarToDataset(batches, test, parseCifarMeta(meta));
  }
  throw new Error(`${dir} holds no CIFAR-10 binary batches (data_batch_1.bin …) — download the "CIFAR-10 binary version" and point at its folder.`);
}

/** What an IDX folder was read into, and from which files (for messages such as the CLI's "trained on"). */
export interface IdxFolder {
  dataset: InMemoryDataset;
  files: IdxFolderFiles;
}

/**
 * An IDX folder (MNIST / Fashion-MNIST / EMNIST layout, raw or .gz): the training pair, with the t10k (test)
 * pair beside it as the validation split. The one reader of IDX folders: the app's import and the CLI's --data.
 */
export async function loadIdxFolder(dir: string, limits: ReadLimits = {}): Promise<IdxFolder> {
  const files = idxFolderFiles(await listFolder(dir));
  if (!files) throw new Error(`${dir} has no IDX pair (train-images-idx3-ubyte + train-labels-idx1-ubyte, raw or .gz).`);
  const read = async (pair: IdxPair) => {
    const [images, labels] = await Promise.all([readDataFile(path.join(dir, pair.images), MAX_IDX_FILE_BYTES, limits), readDataFile(path.join(dir, pair.labels), MAX_IDX_FILE_BYTES, limits)]);
    return idxToDataset(images, labels, undefined, pair);
  };
  const train = await read(files.train);
  const dataset = files.validation ? withHeldOutValidation(train, await read(files.validation)) : train;
  return { dataset, files };
}

/** Puts an already-decoded dataset into the cache, so it can be fetched by id like an imported folder. */
export async function storeDataset(cacheRoot: string, source: string, ds: InMemoryDataset): Promise<{ datasetId: string; manifest: Manifest }> {
  const key = { height: ds.height, width: ds.width, channels: ds.channels as 1 | 3, resize: 'none' };
  const datasetId = cacheIdFor(source, key);
  const dir = cacheDirFor(cacheRoot, datasetId);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `${BLOB}.${process.pid}.tmp`);
  await fs.writeFile(tmp, ds.images.subarray(0, ds.n * ds.height * ds.width * ds.channels));
  await fs.rename(tmp, path.join(dir, BLOB));
  const entries = Array.from({ length: ds.n }, (_, i) => ({ rel: `#${i}`, size: 0, mtimeMs: 0, label: ds.labels[i], w: ds.width, h: ds.height, slot: i }));
  const val = new Set(ds.validationIndices ?? []);
  const classes = ds.classNames.map((name) => ({ name, count: 0, train: 0, validation: 0 }));
  entries.forEach((e, i) => {
    classes[e.label].count++;
    classes[e.label][val.has(i) ? 'validation' : 'train']++;
  });
  const manifest: Manifest = {
    version: CACHE_VERSION,
    folder: source,
    key,
    fingerprint: fingerprintOf([{ rel: source, size: ds.n, mtimeMs: 0 }]),
    n: ds.n,
    height: ds.height,
    width: ds.width,
    channels: ds.channels,
    classNames: ds.classNames,
    entries,
    skipped: [],
    validationIndices: ds.validationIndices ?? [],
    channelStats: channelStatsOf(addChannelSums(ds.images.subarray(0, ds.n * ds.height * ds.width * ds.channels), ds.channels)),
    report: {
      folder: source,
      files: ds.n,
      imported: ds.n,
      skipped: [],
      classes,
      sizeHistogram: sizeHistogram([{ width: ds.width, height: ds.height }]).map((b) => ({ ...b, count: b.count && ds.n })),
      warnings: datasetWarnings({ classes, emptyClasses: classes.filter((c) => !c.count).map((c) => c.name), mergedNames: [], imported: ds.n, skipped: 0 }),
      imbalanceRatio: imbalanceStats(classes).ratio,
      splitSource: ds.validationIndices ? 'folders' : 'random',
    },
  };
  await writeManifest(dir, manifest);
  return { datasetId, manifest };
}

export type DatasetRefLike = { kind: string; path: string } & Partial<Pick<ImportOptions, 'height' | 'width' | 'channels' | 'resize'>>;

/**
 * A dataset reference → the dataset in memory. Image folders decode at the given size (default 28×28 grey:
 * pass the graph Input node's height/width/channels) and go through the cache in `cacheRoot`. `limits.allowedRoots`:
 * where the folder's symbolic links may lead (absent: an image folder's own tree; IDX/CIFAR files anywhere).
 */
export async function loadDataset(ref: DatasetRefLike, cacheRoot = defaultCacheRoot(), limits: ReadLimits = {}): Promise<{ dataset: InMemoryDataset; result?: ImportResult }> {
  if (ref.kind === 'cifar10') return { dataset: await loadCifarFolder(ref.path, limits) };
  if (ref.kind === 'idx') return { dataset: (await loadIdxFolder(ref.path, limits)).dataset };
  if (ref.kind !== 'folder') throw new Error(`Dataset kind "${ref.kind}" is not a folder kind (folder, idx, cifar10).`);
  const options = ImportOptionsSchema.parse({ height: ref.height, width: ref.width, channels: ref.channels, resize: ref.resize });
  const result = await importImageFolder({ folder: ref.path, options, cacheRoot, memoryLimitBytes: Number.MAX_SAFE_INTEGER, allowedRoots: limits.allowedRoots });
  return { dataset: result.dataset!, result };
}
