// What an evaluation reads: a split of the project's dataset (the last run's own, kept in the worker, or the
// dataset loaded again and split as the run did) or another folder, imported at the Input node's size with its
// classes matched to the model's by folder name (src/evaluate/classMapping.ts, as the CLI does). Returns the
// worker request's data part.
import { isStreamed, type InMemoryDataset, type StreamedDataset } from '../../src/data/dataset';
import { EvaluateDataError } from './evaluateDataError';
import { streamedSplit } from './streamedSplit';
import type { ImportReport } from '../../src/contract/dataset';
import type { ProjectDoc } from '../../src/project/schema';
import { host } from '../services/host';
import { importOptionsFor, loadImportedDataset } from '../dataset/trainingData';
import type { EvaluateRequest, EvaluateSplit } from './evaluateMessages';
import { mapClasses } from '../../src/evaluate/classMapping';

export { EvaluateDataError };

export type DataChoice = EvaluateSplit | 'folder';

export interface EvaluationData {
  data: Pick<EvaluateRequest, 'split' | 'dataset' | 'splitSettings'>;
  /** The folder's import report (another folder only). */
  importReport?: ImportReport;
  /** How the folder's classes were matched to the model's when not one for one: by name (another order, a subset) or by position. */
  classNote?: { kind: 'byName' | 'byPosition'; folder: string[]; model: string[] };
}

const CHUNK_BYTES = 32 * 2 ** 20;

/** Every sample of a host dataset, whole in memory (read in chunks). */
async function readAll(datasetId: string, n: number, shape: { height: number; width: number; channels: number }, classes: number): Promise<Pick<InMemoryDataset, 'images' | 'labels'>> {
  const record = shape.height * shape.width * shape.channels;
  const images = new Uint8Array(n * record);
  const labels = classes <= 256 ? new Uint8Array(n) : new Uint16Array(n);
  const per = Math.max(1, Math.min(65536, Math.floor(CHUNK_BYTES / record)));
  for (let start = 0; start < n; start += per) {
    const b = await host.invoke('dataset.getBatch', { datasetId, start, count: Math.min(per, n - start) });
    images.set(b.images, start * record);
    labels.set(b.labels, start);
  }
  return { images, labels };
}

/** The project's dataset loaded again (weights restored or imported: the worker has none of theirs). */
async function projectDataset(doc: ProjectDoc): Promise<InMemoryDataset | StreamedDataset> {
  if (doc.dataset.kind === 'mnist') {
    const d = await host.invoke('train.loadBuiltinDataset', { name: 'mnist' });
    return { images: d.images, labels: d.labels, n: d.n, height: d.height, width: d.width, channels: d.channels, classNames: d.classNames };
  }
  return loadImportedDataset(doc);
}

export interface FolderImport {
  onProgress: (done: number, total: number) => void;
  jobId: string;
}

async function folderDataset(doc: ProjectDoc, folder: string, opts: { modelClasses: string[]; trainedClasses?: string[] }, imp: FolderImport): Promise<EvaluationData> {
  const options = { ...importOptionsFor(doc.graph, doc.dataset.options), validationSplit: 0 };
  const off = host.on('dataset.progress', (p) => p.jobId === imp.jobId && imp.onProgress(p.done, p.total));
  let r;
  try {
    r = await host.invoke('dataset.importFolder', { path: folder, options, jobId: imp.jobId });
  } finally {
    off();
  }
  const { summary } = r;
  const outputs = opts.modelClasses.length;
  const mapping = mapClasses(summary.classNames, outputs, opts.trainedClasses, opts.modelClasses);
  if (!mapping.ok) {
    if (summary.classNames.length !== outputs) throw new EvaluateDataError('error.classCount', { folder: summary.classNames.length, model: outputs, names: summary.classNames.slice(0, 12).join(', ') });
    throw new EvaluateDataError('error.classNames', { folder: summary.classNames.slice(0, 12).join(', '), model: opts.modelClasses.slice(0, 12).join(', ') });
  }
  const pixels = await readAll(r.datasetId, summary.n, summary, summary.classNames.length);
  const labels = outputs <= 256 ? new Uint8Array(summary.n) : new Uint16Array(summary.n);
  for (let i = 0; i < summary.n; i++) labels[i] = mapping.toOutput[pixels.labels[i]];
  const dataset: InMemoryDataset = { images: pixels.images, labels, n: summary.n, height: summary.height, width: summary.width, channels: summary.channels, classNames: mapping.classNames };
  const note = mapping.note ? (opts.trainedClasses ? 'byName' : 'byPosition') : undefined;
  return {
    data: { split: 'all', dataset },
    importReport: r.report,
    ...(note ? { classNote: { kind: note, folder: summary.classNames, model: mapping.classNames } } : {}),
  };
}

/**
 * The request's data. `inWorker`: the worker's model trained on the project's dataset this session, so it
 * still holds that dataset and the run's exact validation split.
 */
export async function evaluationData(
  doc: ProjectDoc,
  choice: DataChoice,
  opts: { inWorker: boolean; modelClasses: string[]; trainedClasses?: string[]; folder?: string; split: { validationSplit: number; seed: number; limit?: number }; folderImport: FolderImport },
): Promise<EvaluationData> {
  if (choice === 'folder') {
    if (!opts.folder) throw new EvaluateDataError('error.noFolder', {});
    return folderDataset(doc, opts.folder, opts, opts.folderImport);
  }
  if (opts.inWorker) return { data: { split: choice } };
  const ds = await projectDataset(doc);
  // Too large to send whole: the split's own samples, already split (the worker evaluates them all).
  if (isStreamed(ds)) return { data: { split: 'all', dataset: await streamedSplit(ds, choice, opts.split) } };
  return { data: { split: choice, dataset: ds, splitSettings: opts.split } };
}
