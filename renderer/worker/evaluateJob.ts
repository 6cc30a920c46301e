// The worker's answer to 'evaluate' (Training → Evaluate, #18): every sample's softmax row from the worker's
// model (or weights sent with the request), then the core's evaluation (src/evaluate/evaluatePredictions.ts),
// and the pixels of the misclassified samples it keeps, for the thumbnails and the report.
import type * as tfjs from '@tensorflow/tfjs';
import { isStreamed, type InMemoryDataset, type TrainingDataset } from '../../src/data/dataset';
import { takeFirst } from '../../src/data/mnist';
import { splitDataset } from '../../src/train/split';
import { checkModelFitsData } from '../../src/train/checkModelFitsData';
import { predictProbabilities } from '../../src/evaluate/predictProbabilities';
import { evaluatePredictions } from '../../src/evaluate/evaluatePredictions';
import type { EvaluateReport, EvaluateRequest } from '../evaluate/evaluateMessages';
import { splitIndices } from '../evaluate/splitIndices';
import { jobModel, type RobustnessState } from './robustnessJob';

/** What the worker holds for a job on trained weights: the same as the robustness lab's. */
export type EvaluateState = RobustnessState;

export interface EvaluateDeps {
  /** HWC uint8 pixels of these samples, back to back. */
  read: (ds: TrainingDataset, indices: readonly number[]) => Promise<Uint8Array>;
  /** The host's built-in dataset (web mode: the worker fetches it itself). */
  fetchHost: (src: NonNullable<EvaluateRequest['hostDataset']>) => Promise<InMemoryDataset>;
}

/** Raised from the progress callback so the prediction loop stops between two batches. */
export class EvaluateCancelled extends Error {
  constructor() {
    super('Cancelled.');
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

async function samplesOf(state: EvaluateState, deps: EvaluateDeps, msg: EvaluateRequest): Promise<{ ds: TrainingDataset; indices: number[] }> {
  const given = msg.dataset ? (msg.dataset as InMemoryDataset) : msg.hostDataset ? await deps.fetchHost(msg.hostDataset) : undefined;
  if (given) {
    const s = msg.splitSettings;
    const ds = s?.limit ? takeFirst(given, s.limit) : given;
    // The split the trainer makes (src/train/split.ts: the folder's own, else stratified by seed).
    const validation = msg.split === 'all' ? [] : splitDataset(ds, s?.validationSplit ?? 0, s?.seed ?? 0).validation;
    return { ds, indices: splitIndices(ds.n, validation, msg.split) };
  }
  if (!state.trainedOn) throw new Error('The worker holds no dataset of these weights — choose the data again (the split is re-made from the project settings).');
  const ds = state.trainedOn.dataset;
  return { ds, indices: splitIndices(ds.n, state.trainedOn.validation?.indices ?? [], msg.split) };
}

export async function evaluateJob(tf: typeof tfjs, state: EvaluateState, deps: EvaluateDeps, msg: EvaluateRequest, onProgress: (done: number, total: number) => void, cancelled: () => boolean): Promise<EvaluateReport> {
  const { model, normalization, own } = jobModel(tf, state, msg, {
    training: 'Training is running — evaluate once it has finished.',
    noModel: 'No trained model yet — train first, or open saved weights.',
    changed: 'The network changed since it was trained — train it again before evaluating.',
  });
  try {
    const t0 = performance.now();
    const samples = await samplesOf(state, deps, msg);
    // As the model saw its training data: its own normalisation, whatever the evaluated set's import chose.
    const ds: TrainingDataset = { ...samples.ds, normalization };
    const misfit = checkModelFitsData(model, ds);
    if (misfit) throw new Error(misfit.message);
    if (!samples.indices.length)
      throw new Error(msg.split === 'validation' ? 'This split has no samples: the run kept no validation samples — choose the training split or the whole set.' : 'The chosen data has no samples.');
    const rows = await predictProbabilities(tf, model, ds, samples.indices, msg.batchSize, (done, total) => {
      if (cancelled()) throw new EvaluateCancelled();
      onProgress(done, total);
    });
    const classNames = msg.classNames.length === rows.classes ? msg.classNames : ds.classNames.length === rows.classes ? ds.classNames : range(rows.classes).map(String);
    const raw = evaluatePredictions({ probabilities: rows.probabilities, truth: rows.truth, classNames, source: msg.source });
    // The core numbers positions in the evaluated list; the UI and the report read pixels by dataset index.
    const evaluation = { ...raw, misclassified: raw.misclassified.map((m) => ({ ...m, index: samples.indices[m.index] })) };
    const pixels = await deps.read(isStreamed(ds) ? ds : samples.ds, evaluation.misclassified.map((m) => m.index));
    return { evaluation, thumbnails: { pixels, height: ds.height, width: ds.width, channels: ds.channels }, seconds: (performance.now() - t0) / 1000 };
  } finally {
    own?.dispose();
  }
}
