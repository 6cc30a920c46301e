// Imports an image folder (one subfolder per class; train/ + val/ or test/ when present) into the decoded
// cache and, when it fits the memory budget, an InMemoryDataset. Unchanged folders load from the cache
// without decoding; changed or added files are decoded alone; bad files become report entries.
// Decoding runs as a pool of async tasks (sharp works on libuv's threads), so the host's event loop stays free.
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { ImportOptions, ImportReport, SkippedFile } from '../../src/contract/dataset';
import { IN_MEMORY_DATASET_BYTES, type InMemoryDataset } from '../../src/data/dataset';
import { addChannelSums, channelStatsOf, datasetWarnings, discoverLayout, imbalanceStats, sizeHistogram, splitValidation } from '../../src/data/imageFolder';
import { decodeImage, SkipError, type DecodeTarget } from './decodeImage';
import { ScanCancelled, scanFolder, type ScannedFile } from './scanFolder';
import { isWithin } from '../fs/isWithin';
import { describeFileError } from '../fs/fileErrors';
import { BLOB, cacheDirFor, cacheIdFor, type CachedSkip, type CacheEntry, fingerprintOf, loadCachedDataset, type Manifest, readManifest, readSamples, writeManifest, CACHE_VERSION, type DecodeKey, channelStatsFromBlob } from './datasetCache';

export interface ImportProgress {
  done: number;
  total: number;
  rate: number;
  phase: 'scan' | 'decode' | 'write';
}

export interface ImportParams {
  folder: string;
  options: ImportOptions;
  cacheRoot: string;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Above this many pixel bytes the dataset stays on disk (read with readBatches). Default IN_MEMORY_DATASET_BYTES. */
  memoryLimitBytes?: number;
  decoder?: 'auto' | 'sharp';
  /**
   * false: an unchanged folder returns without reading its pixels (the host reads them on first use), so
   * re-opening a dataset costs the scan and the manifest only. Default true.
   */
  loadPixels?: boolean;
  /** Files read and decoded at once. */
  concurrency?: number;
  /**
   * Folders the dataset's symbolic links may lead into (the host's allowed folders); a link out of them is
   * reported, not followed, and no file is read from outside them. Default: the dataset folder itself.
   */
  allowedRoots?: readonly string[];
}

export interface ImportResult {
  datasetId: string;
  dir: string;
  manifest: Manifest;
  /** Absent when the dataset is larger than the memory budget. */
  dataset?: InMemoryDataset;
  report: ImportReport;
  decoded: number;
  fromCache: number;
  seconds: number;
}

export class ImportCancelled extends Error {
  constructor() {
    super('The import was cancelled.');
    this.name = 'ImportCancelled';
  }
}

const PROGRESS_EVERY_MS = 100;
const MAX_FILE_BYTES = 512 * 1024 * 1024;

/**
 * A dataset file's bytes, never from outside the allowed folders: a file swapped for a link to ~/.ssh/id_rsa
 * between the scan and the read is refused, not decoded. A plain file is opened with O_NOFOLLOW (one open,
 * as before: the cold import costs no extra system call per file); only a link is resolved and checked.
 */
const NO_FOLLOW: number | undefined = fsConstants.O_NOFOLLOW;

async function readInside(file: string, rel: string, allowedRoots: readonly string[]): Promise<Uint8Array> {
  if (NO_FOLLOW !== undefined) {
    try {
      return await fs.readFile(file, { flag: fsConstants.O_RDONLY | NO_FOLLOW });
    } catch (e) {
      if ((e as NodeJS.ErrnoException)?.code !== 'ELOOP') throw new SkipError('unreadable', `The file ${describeFileError(e, rel)}`);
      // ELOOP: the last part of the path is a symbolic link — resolve it and check where it leads.
    }
  }
  let real: string;
  try {
    real = await fs.realpath(file);
  } catch (e) {
    throw new SkipError('unreadable', `The file ${describeFileError(e, rel)}`);
  }
  if (!allowedRoots.some((r) => isWithin(r, real))) throw new SkipError('outside-allowed-folders', `It now leads to ${real}, outside the folders this app may read — not read.`);
  try {
    return await fs.readFile(real);
  } catch (e) {
    throw new SkipError('unreadable', `The file ${describeFileError(e, rel)}`);
  }
}

export async function importImageFolder(p: ImportParams): Promise<ImportResult> {
  const started = performance.now();
  const { options: o, signal } = p;
  const check = () => {
    if (signal?.aborted) throw new ImportCancelled();
  };
  const stat = await fs.stat(p.folder).catch((e) => {
    throw new Error(`The dataset folder ${p.folder} ${describeFileError(e, p.folder, 'opening')}`);
  });
  if (!stat.isDirectory()) throw new Error(`${p.folder} is a file, not a folder — choose the folder that holds one subfolder per class.`);
  const folder = await fs.realpath(p.folder);

  p.onProgress?.({ done: 0, total: 0, rate: 0, phase: 'scan' });
  const key: DecodeKey = { height: o.height, width: o.width, channels: o.channels, resize: o.resize, classes: o.classes };
  const datasetId = cacheIdFor(folder, key);
  const dir = cacheDirFor(p.cacheRoot, datasetId);
  // The manifest is read while the folder is scanned: both are mostly waiting on the file system.
  const allowedRoots = p.allowedRoots ? await Promise.all(p.allowedRoots.map((r) => fs.realpath(r).catch(() => path.resolve(r)))) : [folder];
  const [scan, old] = await Promise.all([
    scanFolder(folder, { signal, allowedRoots }).catch((e) => {
      throw e instanceof ScanCancelled ? new ImportCancelled() : e;
    }),
    readManifest(dir),
  ]);
  check();
  const fingerprint = fingerprintOf(scan.files);
  const record = o.height * o.width * o.channels;
  const memoryLimit = p.memoryLimitBytes ?? IN_MEMORY_DATASET_BYTES;
  const fits = (n: number) => n * record <= memoryLimit;
  const split = { fraction: o.validationSplit, seed: o.seed };

  // Nothing changed since the last import with these settings: no decoding, and the report and split as saved.
  if (old && old.fingerprint === fingerprint && old.folder === folder && old.split?.fraction === split.fraction && old.split.seed === split.seed && old.report && old.channelStats) {
    const dataset = p.loadPixels !== false && fits(old.n) ? await loadCachedDataset(dir, old) : undefined;
    return { datasetId, dir, manifest: old, dataset, report: old.report, decoded: 0, fromCache: old.n, seconds: (performance.now() - started) / 1000 };
  }

  const layout = discoverLayout(
    scan.files.map((f) => f.rel),
    scan.dirs,
    o.classes,
  );
  const finish = async (manifest: Manifest, dataset: InMemoryDataset | undefined, decoded: number, fromCache: number) => {
    const labels = manifest.entries.map((e) => e.label);
    manifest.validationIndices =
      layout.splitSource === 'folders' ? manifest.entries.flatMap((e, i) => (e.split === 'validation' ? [i] : [])) : splitValidation(labels, o.validationSplit, o.seed);
    manifest.split = split;
    manifest.channelStats ??= dataset ? channelStatsOf(addChannelSums(dataset.images, dataset.channels)) : await channelStatsFromBlob(dir, manifest);
    manifest.report = buildReport(folder, scan.files.length, manifest, layout, o);
    if (dataset) dataset.validationIndices = manifest.validationIndices;
    await writeManifest(dir, manifest);
    return { datasetId, dir, manifest, dataset, report: manifest.report, decoded, fromCache, seconds: (performance.now() - started) / 1000 };
  };

  // Only the split settings changed: same pixels, a new split and report.
  if (old && old.fingerprint === fingerprint && old.folder === folder) {
    const dataset = p.loadPixels !== false && fits(old.n) ? await loadCachedDataset(dir, old) : undefined;
    return finish(old, dataset, 0, old.n);
  }

  // Decode what is new or changed; reuse the rest from the old blob.
  const files = new Map<string, ScannedFile>(scan.files.map((f) => [f.rel, f]));
  const candidates = [...layout.entries].sort((a, b) => a.classIndex - b.classIndex || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const oldEntries = new Map(old?.entries.map((e, index) => [e.rel, { ...e, index }]));
  const oldSkips = new Map(old?.skipped.filter((s) => s.size !== undefined).map((s) => [s.path, s]));
  const same = (a: { size?: number; mtimeMs?: number }, f: ScannedFile) => a.size === f.size && a.mtimeMs === f.mtimeMs;
  const inMemory = fits(candidates.length);
  await fs.mkdir(dir, { recursive: true });
  const tmpBlob = path.join(dir, `${BLOB}.${process.pid}.${Date.now()}.tmp`);
  const out = inMemory ? new Uint8Array(candidates.length * record) : undefined;
  const outFh = inMemory ? undefined : await fs.open(tmpBlob, 'w');
  const oldFh = old ? await fs.open(path.join(dir, BLOB), 'r').catch(() => undefined) : undefined;
  const results: (CacheEntry | CachedSkip | undefined)[] = new Array(candidates.length);
  const target: DecodeTarget = { width: o.width, height: o.height, channels: o.channels, resize: o.resize };
  const sums = addChannelSums(new Uint8Array(0), o.channels);
  let done = 0;
  let decoded = 0;
  let fromCache = 0;
  let lastEmit = 0;

  async function one(i: number) {
    const c = candidates[i];
    const f = files.get(c.file)!;
    const base = { rel: c.file, size: f.size, mtimeMs: f.mtimeMs, label: c.classIndex, slot: i, split: c.split };
    const prev = oldEntries.get(c.file);
    const prevSkip = oldSkips.get(c.file);
    let pixels: Uint8Array;
    let w: number;
    let h: number;
    if (prev && oldFh && same(prev, f)) {
      pixels = await readSamples(oldFh, old!, [prev.index]);
      ({ w, h } = prev);
      fromCache++;
    } else if (prevSkip && same(prevSkip, f)) {
      results[i] = prevSkip;
      return;
    } else {
      try {
        if (f.size > MAX_FILE_BYTES) throw new SkipError('too-large', `The file is ${(f.size / 2 ** 20).toFixed(0)} MB — over the ${MAX_FILE_BYTES / 2 ** 20} MB limit.`);
        const bytes = await readInside(path.join(folder, c.file), c.file, allowedRoots);
        const d = await decodeImage(bytes, target, { decoder: p.decoder });
        ({ pixels, width: w, height: h } = d);
        decoded++;
      } catch (e) {
        if (!(e instanceof SkipError)) throw e;
        results[i] = { path: c.file, code: e.code, reason: e.message, size: f.size, mtimeMs: f.mtimeMs };
        return;
      }
    }
    addChannelSums(pixels, o.channels, sums);
    if (out) out.set(pixels, i * record);
    else await outFh!.write(pixels, 0, record, i * record);
    results[i] = { ...base, w, h };
  }

  const progress = (force = false) => {
    const now = performance.now();
    if (!p.onProgress || (!force && now - lastEmit < PROGRESS_EVERY_MS)) return;
    lastEmit = now;
    p.onProgress({ done, total: candidates.length, rate: done / Math.max(1e-3, (now - started) / 1000), phase: 'decode' });
  };

  let next = 0;
  const worker = async () => {
    while (next < candidates.length) {
      check();
      await one(next++);
      done++;
      progress();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, p.concurrency ?? 16) }, worker));
    progress(true);
    p.onProgress?.({ done, total: candidates.length, rate: 0, phase: 'write' });
  } finally {
    await oldFh?.close();
    if (outFh) await outFh.close();
    if (signal?.aborted) await fs.rm(tmpBlob, { force: true });
  }

  const entries: CacheEntry[] = [];
  const skipped: CachedSkip[] = [
    ...scan.problems,
    ...layout.outside.map((x) => ({ path: x.file, code: 'not-in-class-folder' as const, reason: x.reason })),
  ];
  for (const r of results) {
    if (r && 'slot' in r) entries.push(r);
    else if (r) skipped.push(r);
  }
  let dataset: InMemoryDataset | undefined;
  if (out) {
    // Compact: sample k takes slot k, so the blob reads back in one piece.
    entries.forEach((e, k) => {
      if (e.slot !== k) out.copyWithin(k * record, e.slot * record, (e.slot + 1) * record);
      e.slot = k;
    });
    const images = out.subarray(0, entries.length * record);
    await fs.writeFile(tmpBlob, images);
    dataset = { images, labels: new Uint8Array(0), n: entries.length, height: o.height, width: o.width, channels: o.channels, classNames: layout.classNames };
  }
  await fs.rename(tmpBlob, path.join(dir, BLOB));
  const manifest: Manifest = {
    version: CACHE_VERSION,
    folder,
    key,
    fingerprint,
    n: entries.length,
    height: o.height,
    width: o.width,
    channels: o.channels,
    classNames: layout.classNames,
    entries,
    skipped,
    validationIndices: [],
    channelStats: channelStatsOf(sums),
    report: undefined as unknown as ImportReport,
  };
  if (dataset) {
    const labels = layout.classNames.length <= 256 ? new Uint8Array(entries.length) : new Uint16Array(entries.length);
    entries.forEach((e, k) => (labels[k] = e.label));
    dataset.labels = labels;
  }
  return finish(manifest, dataset, decoded, fromCache);
}

function buildReport(folder: string, files: number, m: Manifest, layout: ReturnType<typeof discoverLayout>, o: ImportOptions): ImportReport {
  const val = new Set(m.validationIndices);
  const classes = m.classNames.map((name) => ({ name, count: 0, train: 0, validation: 0 }));
  m.entries.forEach((e, i) => {
    const c = classes[e.label];
    c.count++;
    if (val.has(i)) c.validation++;
    else c.train++;
  });
  const skipped: SkippedFile[] = m.skipped.map(({ path: p, code, reason }) => ({ path: p, code, reason }));
  const emptyClasses = classes.filter((c) => c.count === 0).map((c) => c.name);
  void o;
  return {
    folder,
    files,
    imported: m.n,
    skipped,
    classes,
    sizeHistogram: sizeHistogram(m.entries.map((e) => ({ width: e.w, height: e.h }))),
    warnings: datasetWarnings({ classes, emptyClasses, mergedNames: layout.mergedNames, imported: m.n, skipped: skipped.length }),
    imbalanceRatio: imbalanceStats(classes).ratio,
    splitSource: layout.splitSource,
  };
}
