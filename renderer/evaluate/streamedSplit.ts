// Evaluating a dataset too large to hold whole (streamed from the host's cache): only the chosen split's
// samples are read, in chunks, as the trainer split them.
import { IN_MEMORY_DATASET_BYTES, pixelBytes, type InMemoryDataset, type StreamedDataset } from '../../src/data/dataset';
import { splitDataset } from '../../src/train/split';
import type { EvaluateSplit } from './evaluateMessages';
import { EvaluateDataError } from './evaluateDataError';
import { splitIndices } from './splitIndices';

/**
 * A streamed dataset's chosen split, only those samples read into memory (in chunks), split as the trainer
 * split it (its first `limit` samples, the folder's own validation set or the seeded one). Refused in words
 * when even the split is too large to hold.
 */
export async function streamedSplit(ds: StreamedDataset, split: EvaluateSplit, s: { validationSplit: number; seed: number; limit?: number }, chunk = 4096): Promise<InMemoryDataset> {
  const n = s.limit && s.limit < ds.n ? s.limit : ds.n;
  // As the worker's firstSamples: a folder's validation set cut by the limit, dropped when left empty.
  const own = ds.validationIndices?.filter((i) => i < n);
  const limited = { ...ds, n, labels: ds.labels.subarray(0, n), validationIndices: own?.length ? own : undefined };
  const indices = splitIndices(n, split === 'all' ? [] : splitDataset(limited, s.validationSplit, s.seed).validation, split);
  if (pixelBytes(indices.length, ds) > IN_MEMORY_DATASET_BYTES) throw new EvaluateDataError('error.streamed', { n: indices.length });
  const record = ds.height * ds.width * ds.channels;
  const images = new Uint8Array(indices.length * record);
  for (let start = 0; start < indices.length; start += chunk) images.set(await ds.readSamples(indices.slice(start, start + chunk)), start * record);
  const labels = ds.labels instanceof Uint16Array ? new Uint16Array(indices.length) : new Uint8Array(indices.length);
  indices.forEach((i, k) => (labels[k] = ds.labels[i]));
  return { images, labels, n: indices.length, height: ds.height, width: ds.width, channels: ds.channels, classNames: ds.classNames, ...(ds.normalization ? { normalization: ds.normalization } : {}) };
}

