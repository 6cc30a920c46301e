// Dataset services: import an image folder (progress events, cancel), CIFAR-10/IDX folders, batches by id
// (from memory, or read from the cache blob when the dataset is larger than memory or the host restarted),
// and saving the import report. Datasets are known by their cache id, which survives restarts.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { defineHandlers, HostFailure, type HandlerContext } from './context';
import { atomicWrite } from '../../node/fs/atomicWrite';
import { confinePath } from '../security/pathGuard';
import { describeFileError } from '../../node/fs/fileErrors';
import { datasetChannels, type DatasetSummary } from '../../src/contract/dataset';
import { IN_MEMORY_DATASET_BYTES, pixelBytes, type InMemoryDataset } from '../../src/data/dataset';
import { BLOB, cacheDirFor, cacheRootFor, labelsOf, loadCachedDataset, type Manifest, readManifest, readSamples } from '../../node/data/datasetCache';
import { ImportCancelled, importImageFolder } from '../../node/data/importImageFolder';
import { detectFolderFormat, fitDataset, loadCifarFolder, loadIdxFolder, storeDataset } from '../../node/data/loadDataset';
import { classThumbnails } from '../../node/data/thumbnails';
import { RecentlyUsed } from './recentlyUsed';
import { reportFileTarget } from './report';

interface Loaded {
  dir: string;
  manifest: Manifest;
  /** The pixels, when the dataset fits in memory (IN_MEMORY_DATASET_BYTES) and has been read. */
  dataset?: InMemoryDataset;
  /** The pixels being read into `dataset`. */
  pixels?: Promise<unknown>;
  summary: DatasetSummary;
}

/** Heap a manifest costs per sample (its entry object, label and split), for the budget below. */
const MANIFEST_BYTES_PER_SAMPLE = 128;

/**
 * Datasets this session opened, the most recently used kept: at most 8, and at most two datasets' worth of
 * pixels at the in-memory limit (the one training and the one being imported). One dropped re-opens from its
 * cache on disk when next asked for, by the same id, pixels read again on first use.
 */
export const openDatasets = new RecentlyUsed<Loaded>({
  maxEntries: 8,
  maxBytes: 2 * IN_MEMORY_DATASET_BYTES,
  bytesOf: (l) => (l.dataset?.images.byteLength ?? 0) + l.manifest.n * MANIFEST_BYTES_PER_SAMPLE,
});
const jobs = new Map<string, AbortController>();

function summaryOf(m: Manifest, decoded: number, fromCache: number, seconds: number): DatasetSummary {
  return {
    n: m.n,
    height: m.height,
    width: m.width,
    channels: m.channels,
    classNames: m.classNames,
    trainCount: m.n - m.validationIndices.length,
    validationCount: m.validationIndices.length,
    channelMean: m.channelStats?.mean ?? [],
    channelStd: m.channelStats?.std ?? [],
    decoded,
    fromCache,
    seconds,
    imagesPerSecond: seconds > 0 ? m.n / seconds : 0,
  };
}

/** A dataset by id: this session's, or one imported earlier whose cache is still on disk. */
async function find(ctx: HandlerContext, datasetId: string): Promise<Loaded> {
  const have = openDatasets.get(datasetId);
  if (have) return have;
  let dir: string;
  try {
    dir = cacheDirFor(cacheRootFor(ctx.userDataDir), datasetId);
  } catch (e) {
    throw new HostFailure('not-found', (e as Error).message);
  }
  const manifest = await readManifest(dir);
  if (!manifest) throw new HostFailure('not-found', `No dataset ${datasetId} — import its folder again.`);
  const entry = { dir, manifest, summary: summaryOf(manifest, 0, manifest.n, 0) };
  openDatasets.set(datasetId, entry);
  return entry;
}

/** Pixels in host memory on first use when they fit; a dataset re-opened from the cache starts without them. */
async function withPixels(datasetId: string, l: Loaded): Promise<Loaded> {
  if (!l.dataset && pixelBytes(l.manifest.n, l.manifest) <= IN_MEMORY_DATASET_BYTES) {
    l.pixels ??= loadCachedDataset(l.dir, l.manifest).then((ds) => (l.dataset = ds));
    await l.pixels;
    openDatasets.trim(datasetId); // it grew by its pixels: older datasets may have to go
  }
  return l;
}

async function samplesOf(l: Loaded, indices: number[]): Promise<Uint8Array> {
  const { manifest: m, dataset: ds } = l;
  const record = m.height * m.width * m.channels;
  if (ds) {
    const out = new Uint8Array(indices.length * record);
    indices.forEach((i, k) => out.set(ds.images.subarray(i * record, (i + 1) * record), k * record));
    return out;
  }
  const fh = await fs.open(path.join(l.dir, BLOB), 'r');
  try {
    return await readSamples(fh, m, indices);
  } finally {
    await fh.close();
  }
}

export const handlers = defineHandlers(datasetChannels, {
  'dataset.importFolder': async (req, ctx) => {
    const folder = confinePath(ctx, req.path, 'dataset folder');
    const jobId = req.jobId ?? randomUUID();
    if (jobs.has(jobId)) throw new HostFailure('busy', `Import job ${jobId} is already running.`);
    const abort = new AbortController();
    jobs.set(jobId, abort);
    try {
      const format = await detectFolderFormat(folder);
      if (format !== 'folder') {
        // IDX and CIFAR-10 files: read whole (fast, no per-image decoding), fitted to the Input's size and colour.
        ctx.emit('dataset.progress', { jobId, done: 0, total: 0, rate: 0, phase: 'decode' });
        const started = performance.now();
        const limits = { allowedRoots: ctx.allowedRoots };
        const ds = fitDataset(format === 'cifar10' ? await loadCifarFolder(folder, limits) : (await loadIdxFolder(folder, limits)).dataset, req.options);
        const { datasetId, manifest } = await storeDataset(cacheRootFor(ctx.userDataDir), `${format}:${folder}`, ds);
        const entry: Loaded = { dir: cacheDirFor(cacheRootFor(ctx.userDataDir), datasetId), manifest, dataset: ds, summary: summaryOf(manifest, ds.n, 0, (performance.now() - started) / 1000) };
        openDatasets.set(datasetId, entry);
        const thumbnails = await classThumbnails(manifest, labelsOf(manifest), (idx) => samplesOf(entry, idx));
        return { jobId, datasetId, format, report: manifest.report, summary: entry.summary, thumbnails };
      }
      const r = await importImageFolder({
        folder,
        options: req.options,
        cacheRoot: cacheRootFor(ctx.userDataDir),
        signal: abort.signal,
        allowedRoots: ctx.allowedRoots,
        memoryLimitBytes: IN_MEMORY_DATASET_BYTES,
        loadPixels: false,
        onProgress: (p) => ctx.emit('dataset.progress', { jobId, ...p, rate: Math.round(p.rate) }),
      });
      const summary = summaryOf(r.manifest, r.decoded, r.fromCache, r.seconds);
      const entry: Loaded = { dir: r.dir, manifest: r.manifest, dataset: r.dataset, summary };
      openDatasets.set(r.datasetId, entry);
      const thumbnails = await classThumbnails(r.manifest, labelsOf(r.manifest), (idx) => samplesOf(entry, idx));
      return { jobId, datasetId: r.datasetId, format, report: r.report, summary, thumbnails };
    } catch (e) {
      if (e instanceof ImportCancelled) throw new HostFailure('cancelled', 'The import was cancelled; nothing was kept from this run.');
      if (e instanceof HostFailure) throw e;
      throw new HostFailure('import-failed', (e as Error).message);
    } finally {
      jobs.delete(jobId);
    }
  },

  'dataset.importFile': async (req, ctx) => {
    const dir = confinePath(ctx, req.path, 'dataset folder');
    const started = performance.now();
    let ds: InMemoryDataset;
    try {
      const limits = { allowedRoots: ctx.allowedRoots };
      ds = req.kind === 'cifar10' ? await loadCifarFolder(dir, limits) : (await loadIdxFolder(dir, limits)).dataset;
    } catch (e) {
      throw new HostFailure('import-failed', (e as Error).message);
    }
    const { datasetId, manifest } = await storeDataset(cacheRootFor(ctx.userDataDir), `${req.kind}:${dir}`, ds);
    const summary = summaryOf(manifest, ds.n, 0, (performance.now() - started) / 1000);
    openDatasets.set(datasetId, { dir: cacheDirFor(cacheRootFor(ctx.userDataDir), datasetId), manifest, dataset: ds, summary });
    return { datasetId, summary };
  },

  'dataset.cancel': async (req) => {
    const job = jobs.get(req.jobId);
    job?.abort();
    return { cancelled: !!job };
  },

  'dataset.getBatch': async (req, ctx) => {
    const l = await withPixels(req.datasetId, await find(ctx, req.datasetId));
    const m = l.manifest;
    if (req.start >= m.n) throw new HostFailure('out-of-range', `Start ${req.start} is past the end of the dataset (${m.n} samples).`);
    const count = Math.min(req.count, m.n - req.start);
    const indices = Array.from({ length: count }, (_, k) => req.start + k);
    const all = l.dataset?.labels ?? labelsOf(m);
    return { images: await samplesOf(l, indices), labels: all.slice(req.start, req.start + count), n: count, height: m.height, width: m.width, channels: m.channels };
  },

  'dataset.getSamples': async (req, ctx) => {
    const l = await find(ctx, req.datasetId);
    const m = l.manifest;
    const bad = req.indices.find((i) => i >= m.n);
    if (bad !== undefined) throw new HostFailure('out-of-range', `Sample ${bad} is past the end of the dataset (${m.n} samples).`);
    const all = l.dataset?.labels ?? labelsOf(m);
    const labels = all instanceof Uint8Array ? new Uint8Array(req.indices.length) : new Uint16Array(req.indices.length);
    req.indices.forEach((i, k) => (labels[k] = all[i]));
    return { images: await samplesOf(l, req.indices), labels };
  },

  'dataset.info': async (req, ctx) => {
    const l = await find(ctx, req.datasetId);
    return { summary: l.summary, labels: l.dataset?.labels ?? labelsOf(l.manifest), validationIndices: l.manifest.validationIndices };
  },

  'dataset.saveReport': async (req, ctx) => {
    const l = await find(ctx, req.datasetId);
    const target = await reportTarget(ctx, req.path);
    const text = JSON.stringify({ summary: l.summary, report: l.manifest.report }, null, 2);
    try {
      // As a project save: the file being replaced is kept as <name>.bak, and a crash leaves one or the other whole.
      await atomicWrite(target, text, { backup: true });
    } catch (e) {
      throw new HostFailure('write-failed', `The report ${target} ${describeFileError(e, target, 'writing')} Nothing was changed.`);
    }
    return { path: target, bytes: Buffer.byteLength(text) };
  },
});

export const REPORT_EXTENSION = '.json';

/**
 * Where a report may be written: a .json file (by the name asked for and by where it really leads, links
 * resolved) inside the allowed folders but not inside a hidden folder of theirs (~/.ssh, ~/.config), in a folder
 * that exists, and not over anything but a regular file. The report holds class names from the user's folder,
 * so it must not land where a program reads its settings or keys.
 */
const reportTarget = (ctx: HandlerContext, asked: string) =>
  reportFileTarget(ctx, asked, [REPORT_EXTENSION], { savedAs: `Reports are saved as ${REPORT_EXTENSION} files`, visibleFolder: "the dataset's or the project's" });
