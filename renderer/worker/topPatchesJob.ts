// The worker's answer to 'topPatches' (Learn, Zeiler & Fergus' top patches per channel) and to 'patchImage'
// (the whole image behind a patch): the trained model of this graph searched over the first `limit`
// validation images of the run that trained it (trainedOn), normalised as in training, and the winners cropped.
import type * as tfjs from '@tensorflow/tfjs';
import type { TrainingDataset } from '../../src/data/dataset';
import type { TrainResult } from '../../src/train/trainer';
import { graphHash } from '../../src/train/graphHash';
import { cropTopPatches, sampleSource, topPatches } from '../../src/learn/topPatches';
import type { PatchImage, ToWorker, TopPatchesResult } from './messages';

export const TOP_PATCHES_LIMIT = 2000;

export interface TopPatchesState {
  model?: tfjs.LayersModel;
  modelHash?: string;
  /** A run is in progress (its weights move between batches). */
  training: boolean;
  trainedOn?: { dataset: TrainingDataset; validation?: NonNullable<TrainResult['validation']> };
}
type Read = (ds: TrainingDataset, indices: readonly number[]) => Promise<Uint8Array>;

/** Why no search can run now, in words (undefined: it can). */
function refusal(state: TopPatchesState, graph: Extract<ToWorker, { type: 'topPatches' }>['graph']): string | undefined {
  if (state.training) return 'Training is running — find the top patches once it has finished.';
  if (!state.model || !state.trainedOn) return 'Top patches search the validation images of a training run — train the model first (Training tab).';
  if (state.modelHash !== graphHash(graph)) return 'The network changed since it was trained — train it again to find its top patches.';
  if (!state.trainedOn.validation?.indices.length) return 'The last run kept no validation images — set a validation split above 0 and train again.';
  return undefined;
}

export async function topPatchesJob(tf: typeof tfjs, state: TopPatchesState, read: Read, msg: Extract<ToWorker, { type: 'topPatches' }>): Promise<TopPatchesResult> {
  const why = refusal(state, msg.graph);
  if (why) throw new Error(why);
  const ds = state.trainedOn!.dataset;
  const indices = state.trainedOn!.validation!.indices.slice(0, msg.limit ?? TOP_PATCHES_LIMIT);
  const t0 = performance.now();
  const source = sampleSource(indices, (idx) => read(ds, idx), ds.channels, ds.normalization);
  const found = await topPatches(tf, msg.graph, state.model!, source, msg.nodeId, { k: msg.k ?? 9, batch: 64 });
  const cropped = await cropTopPatches(found, (idx) => read(ds, idx), [ds.height, ds.width, ds.channels]);
  return { ...cropped, validationImages: state.trainedOn!.validation!.indices.length, seconds: (performance.now() - t0) / 1000 };
}

/** One whole sample of the dataset the model trained on, with its label's name. */
export async function patchImage(state: TopPatchesState, read: Read, sample: number): Promise<PatchImage> {
  const ds = state.trainedOn?.dataset;
  if (!ds) throw new Error('The images of the last run are gone (weights were loaded since) — train again.');
  if (sample < 0 || sample >= ds.n) throw new Error(`Sample ${sample} is not in the dataset (${ds.n} images).`);
  const label = ds.labels[sample];
  return { sample, pixels: await read(ds, [sample]), height: ds.height, width: ds.width, channels: ds.channels, label: ds.classNames[label] ?? String(label) };
}
