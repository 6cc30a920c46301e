// The worker's answer to 'robustness' (Experiments → Robustness lab, #17): the core's robustness curves and
// per-layer shift similarity (src/experiments/robustness.ts) for the worker's trained model, or for a saved
// run's weights sent with the request, over the last run's validation images (first `limit`) or a folder's.
import type * as tfjs from '@tensorflow/tfjs';
import type { TrainingDataset } from '../../src/data/dataset';
import type { TrainResult } from '../../src/train/trainer';
import { graphHash } from '../../src/train/graphHash';
import { buildTfModelWithAnalysis } from '../../src/train/buildTfModel';
import { applyWeights } from '../../src/train/applyWeights';
import type { Graph } from '../../src/graph/schema';
import type { SavedWeights } from '../../src/train/weightsFiles';
import { activationSimilarity, robustnessCurves, tfPredictor, type RobustnessImages } from '../../src/experiments/robustness';
import { transformById } from '../../src/experiments/transforms';
import type { RobustnessReport, ToWorker } from './messages';

export type RobustnessRequest = Extract<ToWorker, { type: 'robustness' }>;

export interface RobustnessState {
  model?: tfjs.LayersModel;
  modelHash?: string;
  normalization?: { mean: number[]; std: number[] };
  training: boolean;
  trainedOn?: { dataset: TrainingDataset; validation?: NonNullable<TrainResult['validation']> };
}
type Read = (ds: TrainingDataset, indices: readonly number[]) => Promise<Uint8Array>;

/**
 * The model a job on trained weights runs (robustness, evaluation): the request's weights in a model of their
 * own (`own`: the caller disposes it), else the session's model while it fits the graph. `refuse` says why not, in the job's words.
 */
export function jobModel(
  tf: typeof tfjs,
  state: RobustnessState,
  msg: { graph: Graph; weights?: SavedWeights },
  refuse: { training: string; noModel: string; changed: string },
): { model: tfjs.LayersModel; normalization: RobustnessState['normalization']; own?: tfjs.LayersModel } {
  if (msg.weights) {
    const own = buildTfModelWithAnalysis(msg.graph, tf).model;
    applyWeights(tf, own, msg.weights);
    return { model: own, normalization: msg.weights.normalization, own };
  }
  if (state.training) throw new Error(refuse.training);
  if (!state.model) throw new Error(refuse.noModel);
  if (state.modelHash !== graphHash(msg.graph)) throw new Error(refuse.changed);
  return { model: state.model, normalization: state.normalization };
}

export const ROBUSTNESS_LIMIT = 500;
/** Shifts (pixels) for the per-layer similarity: −4…4 like shiftX's own magnitudes. */
export const SIMILARITY_SHIFTS = [-4, -3, -2, -1, 0, 1, 2, 3, 4];

/** Raised from the progress callback so the core's loop stops between two magnitudes. */
export class RobustnessCancelled extends Error {
  constructor() {
    super('Cancelled.');
  }
}

function sameClasses(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

/** The images to sweep: the request's own (a folder), or the first `limit` validation images of the last run. */
async function imagesOf(state: RobustnessState, read: Read, msg: RobustnessRequest, modelClasses: readonly string[] | undefined): Promise<{ set: Omit<RobustnessImages, 'normalization'>; classNames: string[] }> {
  if (msg.images) {
    const im = msg.images;
    if (modelClasses && !sameClasses(im.classNames, modelClasses))
      throw new Error(`The folder's classes (${im.classNames.join(', ')}) are not the model's (${modelClasses.join(', ')}) — pick a folder with one subfolder per model class.`);
    const n = im.labels.length;
    return { set: { data: Float32Array.from(im.pixels, (v) => v / 255), n, height: im.height, width: im.width, channels: im.channels, labels: im.labels }, classNames: im.classNames };
  }
  if (!state.trainedOn) throw new Error('The robustness lab sweeps the validation images of a training run — train the model first (Training tab), or pick a folder of images.');
  const indices = state.trainedOn.validation?.indices.slice(0, msg.limit ?? ROBUSTNESS_LIMIT) ?? [];
  if (!indices.length) throw new Error('The last run kept no validation images — set a validation split above 0 and train again, or pick a folder.');
  const ds = state.trainedOn.dataset;
  const pixels = await read(ds, indices);
  return {
    set: { data: Float32Array.from(pixels, (v) => v / 255), n: indices.length, height: ds.height, width: ds.width, channels: ds.channels, labels: indices.map((i) => ds.labels[i]) },
    classNames: ds.classNames,
  };
}

export async function robustnessJob(tf: typeof tfjs, state: RobustnessState, read: Read, msg: RobustnessRequest, onProgress: (done: number, total: number) => void, cancelled: () => boolean): Promise<RobustnessReport> {
  const transforms = msg.transforms.map((id) => {
    const t = transformById(id);
    if (!t) throw new Error(`Unknown transform "${id}".`);
    return t;
  });
  // A saved run: its own model, built from the run's graph, disposed afterwards.
  const { model, normalization, own } = jobModel(tf, state, msg, {
    training: 'Training is running — measure robustness once it has finished.',
    noModel: 'No trained model yet — train first (Training tab) or pick a saved run.',
    changed: 'The network changed since it was trained — train it again, or pick a saved run.',
  });
  try {
    const modelClasses = msg.weights ? msg.classNames : (state.trainedOn?.dataset.classNames ?? msg.classNames);
    const { set, classNames } = await imagesOf(state, read, msg, modelClasses);
    const images: RobustnessImages = { ...set, normalization };
    const classes = (model.outputs[0].shape[1] as number) ?? classNames.length;
    const t0 = performance.now();
    const total = transforms.reduce((s, t) => s + t.magnitudes.length, 0) + (msg.similarity ? 1 : 0);
    const curves = await robustnessCurves(tfPredictor(tf, model), images, classes, transforms, {
      seed: msg.seed ?? 0,
      onProgress: (done) => {
        if (cancelled()) throw new RobustnessCancelled();
        onProgress(done, total);
      },
    });
    const similarity = msg.similarity ? await activationSimilarity(tf, msg.graph, model, images, SIMILARITY_SHIFTS) : [];
    if (cancelled()) throw new RobustnessCancelled();
    onProgress(total, total);
    const size = set.height * set.width * set.channels;
    return {
      ...curves,
      similarity,
      shifts: SIMILARITY_SHIFTS,
      images: set.n,
      classNames,
      sample: { pixels: Uint8Array.from(set.data.subarray(0, size), (v) => Math.round(v * 255)), height: set.height, width: set.width, channels: set.channels },
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    own?.dispose();
  }
}
