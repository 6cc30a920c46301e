// The 'start' message for the training worker, with what it hands over. The dataset's pixels (and labels)
// are transferred, not copied: while the worker trains they live once, in the worker, and the renderer's
// arrays are left detached (byteLength 0). Nothing here keeps them: a later run fetches them from the host
// again (renderer/dataset/trainingData.ts, or the host's built-in MNIST).
import type { InMemoryDataset, StreamedDataset } from '../../src/data/dataset';
import type { Graph } from '../../src/graph/schema';
import type { TrainingSettings } from '../../src/train/settings';
import { transferList, type ToWorker, type WeightsMessage } from '../worker/messages';

export type StartMessage = Extract<ToWorker, { type: 'start' }>;

export type StartData =
  /** The samples themselves, moved to the worker. */
  | { dataset: InMemoryDataset }
  /** Labels and split (moved to the worker); the pixels stay in the host's cache and are read per batch. */
  | { streamedDataset: Omit<StreamedDataset, 'readSamples'> }
  /** Where the worker fetches the built-in set itself (web mode): no pixels on the main thread at all. */
  | { hostDataset: NonNullable<StartMessage['hostDataset']> };

export interface StartRun {
  graph: Graph;
  settings: TrainingSettings;
  limit?: number;
  /** Copied, not moved: the session keeps its weights (to save them, and to reload them after a failed run). */
  initialWeights?: WeightsMessage;
}

export function startMessage(run: StartRun, data: StartData): { message: StartMessage; transfer: ArrayBuffer[] } {
  const message: StartMessage = { type: 'start', ...run, ...data };
  const transfer =
    'dataset' in data ? transferList(data.dataset.images, data.dataset.labels) : 'streamedDataset' in data ? transferList(data.streamedDataset.labels) : [];
  return { message, transfer };
}
