// The Training tab's samples when the project names an imported dataset (image folder, IDX or CIFAR-10): the
// one this session imported, or the same folder re-opened through the host's cache (no decoding when
// nothing changed), fetched in chunks by id and handed to the training worker with the import's split.
import { ImportOptionsSchema, type ImportOptions } from '../../src/contract/dataset';
import { IN_MEMORY_DATASET_BYTES, type TrainingDataset } from '../../src/data/dataset';
import { normalizationFor } from '../../src/data/imageFolder';
import type { Graph } from '../../src/graph/schema';
import type { ProjectDoc } from '../../src/project/schema';
import { host } from '../services/host';
import { setTrainingDatasetProvider } from '../training/trainingSession';
import { importFolder, useDatasetImport } from './datasetImport';

/** Bytes per 'dataset.getBatch' call: big enough to be few calls, small enough not to stall the host. */
const CHUNK_BYTES = 32 * 2 ** 20;

/** The import options that fit the graph: its Input node's size and colour, then what the project recorded. */
export function importOptionsFor(graph: Graph, recorded?: Partial<ImportOptions>): ImportOptions {
  const p = (graph.nodes.find((n) => n.type === 'Input')?.params ?? {}) as { height?: number; width?: number; channels?: number };
  return ImportOptionsSchema.parse({ ...recorded, height: p.height ?? recorded?.height, width: p.width ?? recorded?.width, channels: p.channels === 3 ? 3 : p.channels === 1 ? 1 : recorded?.channels });
}

async function datasetIdFor(doc: ProjectDoc): Promise<string> {
  const ref = doc.dataset;
  if (!ref.path) throw new Error('The project names an imported dataset but no folder — import one in the Dataset tab.');
  const options = importOptionsFor(doc.graph, ref.options);
  const same = (s = useDatasetImport.getState()) =>
    s.result && s.path === ref.path && s.result.summary.height === options.height && s.result.summary.width === options.width && s.result.summary.channels === options.channels;
  if (!same()) await importFolder(ref.path, options); // from the cache when the folder is unchanged
  const s = useDatasetImport.getState();
  if (!same(s) || !s.result) throw new Error(`The dataset ${ref.path} could not be opened: ${s.error ?? 'the import did not finish'} — check the folder in the Dataset tab.`);
  return s.result.datasetId;
}

/** Datasets with more pixel bytes than this are streamed from the host's cache batch by batch (default IN_MEMORY_DATASET_BYTES). */
export function streamAboveBytes(): number {
  let mib = Number.NaN;
  try {
    mib = Number(localStorage.getItem('cnn-studio.streamAboveMiB') ?? Number.NaN); // an advanced preference
  } catch {
    // no storage: the default
  }
  return Number.isFinite(mib) && mib >= 0 ? mib * 2 ** 20 : IN_MEMORY_DATASET_BYTES;
}

/**
 * An imported dataset for training, with its validation split: whole in memory, or (over streamAboveBytes)
 * labels only, the pixels of each shuffled batch read from the host's cache when the trainer asks. Fetched
 * afresh for each run and moved (not copied) to the worker (training/startMessage.ts): between runs the
 * renderer holds none of the pixels.
 */
export async function loadImportedDataset(doc: ProjectDoc): Promise<TrainingDataset> {
  const datasetId = await datasetIdFor(doc);
  const { summary, labels: allLabels, validationIndices } = await host.invoke('dataset.info', { datasetId });
  const record = summary.height * summary.width * summary.channels;
  const stats = summary.channelMean.length ? { mean: summary.channelMean, std: summary.channelStd } : undefined;
  const normalization = normalizationFor(importOptionsFor(doc.graph, doc.dataset.options).normalization, summary.channels, stats);
  const shape = { n: summary.n, height: summary.height, width: summary.width, channels: summary.channels, classNames: summary.classNames, validationIndices, normalization };
  if (summary.n * record > streamAboveBytes()) {
    const readSamples = async (indices: readonly number[]) => (await host.invoke('dataset.getSamples', { datasetId, indices: [...indices] })).images;
    return { ...shape, labels: allLabels, readSamples };
  }
  const images = new Uint8Array(summary.n * record);
  const labels = summary.classNames.length <= 256 ? new Uint8Array(summary.n) : new Uint16Array(summary.n);
  const per = Math.max(1, Math.min(65536, Math.floor(CHUNK_BYTES / record)));
  for (let start = 0; start < summary.n; start += per) {
    const b = await host.invoke('dataset.getBatch', { datasetId, start, count: Math.min(per, summary.n - start) });
    images.set(b.images, start * record);
    labels.set(b.labels, start);
  }
  return { ...shape, images, labels };
}

setTrainingDatasetProvider(loadImportedDataset);
