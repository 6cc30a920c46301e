// The training loop, backend-agnostic (tfjs namespace injected): a custom loop over optimizer.minimize,
// with lr schedules, seeded split and shuffle, on-the-fly augmentation, L2 weight decay, early stopping
// with best-weights restore, pause/resume/stop, and failures (NaN loss, out of memory) returned as values.
// Loss/accuracy are read back one batch late, so a GPU backend queues the next step before waiting.
import type * as tfjs from '@tensorflow/tfjs';
import { gatherSamples, type TrainingDataset } from '../data/dataset';
import { TrainingSettingsSchema, type TrainingSettings } from './settings';
import { splitDataset } from './split';
import { mulberry32, shuffleInPlace, withSeededRandom } from './random';
import { makeBatch } from './batches';
import { crossEntropy, l2Penalty } from './loss';
import { makeOptimizer, setLearningRate } from './optimizer';
import { applyFineTune, lrGroups, type FineTuneApplied } from './fineTune';
import type { Graph } from '../graph/schema';
import { learningRateAt } from './lrSchedule';
import { TrainingControl, yieldToEventLoop } from './control';
import { classifyError, nanLossFailure, SATURATED_BATCHES, SATURATED_LOSS, type TrainingFailure } from './failures';
import { predictSet, type Predictions } from './evaluateModel';
import { evaluate, type Evaluation } from './metrics';
import { checkModelFitsData } from './checkModelFitsData';
import type { BatchReport, EpochReport, TrainStart } from './reports';

type Tf = typeof tfjs;

export type { BatchReport, EpochReport, TrainStart } from './reports';

export interface TrainCallbacks {
  onStart?(s: TrainStart): void;
  onBatch?(r: BatchReport): void;
  onEpoch?(r: EpochReport): void;
  /**
   * After each optimizer step (`step` as in BatchReport, 0-based); awaited only when it returns a promise, so
   * live views (src/learn/liveViews.ts) can read the model between two steps without racing the next one.
   */
  afterStep?(step: number, epoch: number): void | Promise<void>;
}

export type TrainStatus = 'completed' | 'early-stopped' | 'stopped' | 'failed';

export interface TrainResult {
  status: TrainStatus;
  failure?: TrainingFailure;
  history: EpochReport[];
  /** Epoch whose weights the model holds at the end (best validation loss), if any epoch was validated. */
  bestEpoch?: number;
  /** On the validation set, with the final weights. */
  evaluation?: Evaluation & { loss: number };
  validation?: { indices: number[]; predicted: Int32Array; confidence: Float32Array };
  seconds: number;
  samplesPerSec: number;
}

export interface TrainOptions {
  tf: Tf;
  model: tfjs.LayersModel;
  /** In memory, or streamed (each batch's pixels read when needed, the next one while this one trains). */
  dataset: TrainingDataset;
  settings: Partial<TrainingSettings>;
  callbacks?: TrainCallbacks;
  control?: TrainingControl;
  /** Activation floats per sample (analysis totals), for a useful out-of-memory message. */
  activationBytesPerSample?: number;
  /**
   * The graph `model` was built from (buildTfModel): its nodes' `trainable` (freeze) and `lrMultiplier` apply
   * (src/train/fineTune.ts). Without it every trainable weight trains at the run's learning rate.
   */
  graph?: Pick<Graph, 'nodes' | 'edges'>;
  now?: () => number;
}

interface Pending {
  loss: tfjs.Tensor;
  correct: tfjs.Tensor;
  size: number;
  epoch: number;
  batch: number;
  step: number;
  lr: number;
}

export async function train(opts: TrainOptions): Promise<TrainResult> {
  // Frozen nodes' layers are made non-trainable for this run only, then set back: a non-trainable layer moves its
  // weights to the end of model.weights (tfjs lists trainable first), and saved weights keep the build order.
  const fineTune = opts.graph ? applyFineTune(opts.model, opts.graph) : undefined;
  try {
    return await trainModel(opts, fineTune);
  } finally {
    fineTune?.restore();
  }
}

async function trainModel(opts: TrainOptions, fineTune: FineTuneApplied | undefined): Promise<TrainResult> {
  const { tf, model, dataset: ds, callbacks = {} } = opts;
  const s = TrainingSettingsSchema.parse(opts.settings);
  const control = opts.control ?? new TrainingControl();
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const history: EpochReport[] = [];
  const finish = (status: TrainStatus, failure?: TrainingFailure, extra: Partial<TrainResult> = {}): TrainResult => ({
    status,
    failure,
    history,
    seconds: (now() - t0) / 1000,
    samplesPerSec: samplesSeen / Math.max(1e-9, (now() - t0) / 1000),
    ...extra,
  });
  let samplesSeen = 0;

  const mismatch = checkModelFitsData(model, ds);
  if (mismatch) return finish('failed', mismatch);
  const split = splitDataset(ds, s.validationSplit, s.seed);
  if (split.train.length === 0) return finish('failed', { code: 'empty-dataset', message: `No training samples: the dataset has ${ds.n} samples and ${split.validation.length} went to validation — lower the validation split or add data.` });

  const batchSize = Math.min(s.batchSize, split.train.length);
  const batchesPerEpoch = Math.ceil(split.train.length / batchSize);
  const totalSteps = batchesPerEpoch * s.epochs;
  callbacks.onStart?.({ trainSamples: split.train.length, validationSamples: split.validation.length, batchesPerEpoch, epochs: s.epochs });

  // Frozen nodes' layers are non-trainable (applyFineTune), so their variables are in no var list: tfjs then
  // computes no gradient for them (and skips the backward pass of what only leads to them).
  const vars = model.trainableWeights.map((w) => w.read() as tfjs.Variable);
  // Per-layer learning rates: one optimizer per multiplier, each stepped at lr·m from one gradient computation.
  // Scaling the gradients instead would be wrong for Adam/RMSprop, whose steps are invariant to gradient scale.
  const groups = lrGroups(vars, fineTune?.multipliers ?? new Map()).map((g) => ({ ...g, optimizer: makeOptimizer(tf, { ...s, learningRate: s.learningRate * g.multiplier }) }));
  const optimizer = groups[0]?.optimizer ?? makeOptimizer(tf, s);
  const disposeOptimizers = () => {
    optimizer.dispose();
    for (const g of groups.slice(1)) g.optimizer.dispose();
  };
  if (!groups.length) {
    disposeOptimizers();
    return finish('failed', { code: 'error', message: `Nothing to train: every layer with weights is frozen${fineTune?.frozenNodes.length ? ` (${fineTune.frozenNodes.join(', ')})` : ''} or has a learning-rate multiplier of 0 — make at least one trainable.` });
  }
  const singleGroup = groups.length === 1 ? groups[0] : undefined;
  // What is stepped: `vars` less the ×0 ones (the same array when no multiplier is set).
  const stepVars = fineTune?.multipliers.size ? groups.flatMap((g) => g.vars) : vars;
  const kernels = model.trainableWeights.filter((w) => /kernel/i.test(w.name)).map((w) => w.read() as tfjs.Variable);
  const rand = mulberry32(s.seed);
  const augRand = mulberry32(s.seed ^ 0x9e3779b9);
  // Dropout masks (tfjs seeds them from Math.random) from the run's seed too: a re-run repeats them.
  const dropRand = mulberry32(s.seed ^ 0x5bd1e995);
  const order = [...split.train];
  const params = model.countParams();

  let best: { loss: number; epoch: number; weights: tfjs.Tensor[]; preds: Predictions } | undefined;
  const snapshot = () => model.getWeights().map((w) => tf.keep(w.clone()));
  const restoreBest = () => {
    if (best) model.setWeights(best.weights);
  };
  const dropBest = () => best && tf.dispose(best.weights);

  // Throughput over the last ~2 s of read-back batches.
  const recent: { t: number; n: number }[] = [];
  const rate = () => {
    const t = now();
    while (recent.length > 1 && t - recent[0].t > 2000) recent.shift();
    const n = recent.slice(1).reduce((a, r) => a + r.n, 0);
    return recent.length > 1 ? (n * 1000) / Math.max(1e-9, t - recent[0].t) : 0;
  };

  let epochLoss = 0;
  let epochCorrect = 0;
  let epochSeen = 0;
  const pending: Pending[] = [];
  let saturatedRun = 0;
  /** Reads back the oldest queued batch; returns a failure if its loss is not finite. */
  const drain = async (keep: number): Promise<TrainingFailure | undefined> => {
    while (pending.length > keep) {
      const p = pending.shift()!;
      const [l, c] = await Promise.all([p.loss.data(), p.correct.data()]);
      tf.dispose([p.loss, p.correct]);
      const loss = l[0];
      saturatedRun = loss > SATURATED_LOSS ? saturatedRun + 1 : 0;
      if (!Number.isFinite(loss) || saturatedRun >= SATURATED_BATCHES) {
        for (const q of pending.splice(0)) tf.dispose([q.loss, q.correct]);
        return nanLossFailure(loss, p.epoch, p.batch, p.lr);
      }
      epochLoss += loss * p.size;
      epochCorrect += c[0];
      epochSeen += p.size;
      samplesSeen += p.size;
      recent.push({ t: now(), n: p.size });
      callbacks.onBatch?.({ epoch: p.epoch, batch: p.batch, batchesPerEpoch, step: p.step, loss, acc: c[0] / p.size, samplesPerSec: rate(), learningRate: p.lr });
    }
    return undefined;
  };

  const failWith = async (failure: TrainingFailure) => {
    restoreBest();
    const extra = best ? { bestEpoch: best.epoch } : {};
    dropBest();
    disposeOptimizers();
    return finish('failed', failure, extra);
  };

  let step = 0;
  let sinceBest = 0;
  let status: TrainStatus = 'completed';
  recent.push({ t: now(), n: 0 });
  epochs: for (let epoch = 0; epoch < s.epochs; epoch++) {
    const epochStart = now();
    epochLoss = epochCorrect = epochSeen = 0;
    if (s.shuffle) shuffleInPlace(order, rand);
    let lr = s.learningRate;
    const fetchBatch = (b: number) => {
      const p = gatherSamples(ds, order.slice(b * batchSize, (b + 1) * batchSize));
      p.catch(() => {}); // a failed read is reported where the batch is awaited, not as an unhandled rejection
      return p;
    };
    let next = fetchBatch(0);
    for (let b = 0; b < batchesPerEpoch; b++) {
      await control.whilePaused();
      if (control.stopRequested) {
        status = 'stopped';
        break epochs;
      }
      lr = learningRateAt(s, epoch, step, totalSteps);
      if (singleGroup?.multiplier === 1) setLearningRate(optimizer, lr);
      else for (const g of groups) setLearningRate(g.optimizer, lr * g.multiplier);
      const idx = order.slice(b * batchSize, (b + 1) * batchSize);
      let batch;
      try {
        const part = await next;
        if (b + 1 < batchesPerEpoch) next = fetchBatch(b + 1);
        batch = makeBatch(tf, part.ds, part.indices, { a: s.augmentation, rand: augRand });
        const { x, y } = batch;
        let correct: tfjs.Tensor | undefined;
        const objective = (): tfjs.Scalar => {
          const probs = model.apply(x, { training: true }) as tfjs.Tensor2D;
          correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(probs, 1), tf.argMax(y, 1)), 'float32')));
          const ce = crossEntropy(tf, y, probs);
          return s.weightDecay > 0 && kernels.length ? tf.add(ce, l2Penalty(tf, kernels, s.weightDecay)) : ce;
        };
        const loss = withSeededRandom(dropRand, () => (singleGroup ? optimizer.minimize(objective, true, stepVars)! : stepGroups(tf, groups, objective, stepVars)));
        pending.push({ loss, correct: correct!, size: idx.length, epoch, batch: b, step, lr });
      } catch (e) {
        for (const q of pending.splice(0)) tf.dispose([q.loss, q.correct]);
        return failWith(classifyError(e, { epoch, batch: b, batchSize, params, activationBytesPerSample: opts.activationBytesPerSample }));
      } finally {
        if (batch) tf.dispose([batch.x, batch.y]);
      }
      step++;
      const failure = await drain(1);
      if (failure) return failWith(failure);
      const after = callbacks.afterStep?.(step - 1, epoch);
      if (after) await after;
      await yieldToEventLoop();
    }
    const failure = await drain(0);
    if (failure) return failWith(failure);

    const report: EpochReport = { epoch, loss: epochLoss / epochSeen, acc: epochCorrect / epochSeen, seconds: (now() - epochStart) / 1000, learningRate: lr };
    if (split.validation.length) {
      const preds = await predictSet(tf, model, ds, split.validation, Math.max(batchSize, 64));
      report.valLoss = preds.loss;
      report.valAcc = preds.acc;
      if (!best || preds.loss < best.loss) {
        dropBest();
        best = { loss: preds.loss, epoch, weights: snapshot(), preds };
        sinceBest = 0;
      } else sinceBest++;
    }
    history.push(report);
    callbacks.onEpoch?.(report);
    if (s.earlyStoppingPatience > 0 && sinceBest >= s.earlyStoppingPatience) {
      status = 'early-stopped';
      break;
    }
  }
  // Stopped between read-backs: count what was computed, then drop it.
  const last = await drain(0);
  if (last) return failWith(last);

  // The model ends on its best validated weights (Keras' restore_best_weights); with no validated
  // epoch yet (stopped in epoch 1) it keeps the current ones.
  let preds: Predictions | undefined;
  if (best) {
    restoreBest();
    preds = best.preds;
  } else if (split.validation.length) preds = await predictSet(tf, model, ds, split.validation, Math.max(batchSize, 64));
  const bestEpoch = best?.epoch;
  dropBest();
  disposeOptimizers();
  const extra: Partial<TrainResult> = { bestEpoch };
  if (preds) {
    extra.evaluation = { ...evaluate(preds.truth, preds.predicted, ds.classNames.length), loss: preds.loss };
    extra.validation = { indices: split.validation, predicted: preds.predicted, confidence: preds.confidence };
  }
  return finish(status, undefined, extra);
}

/** One gradient computation for every variable, then each group's optimizer applies its share (optimizer.minimize, split). */
function stepGroups(tf: Tf, groups: { vars: tfjs.Variable[]; optimizer: tfjs.Optimizer }[], objective: () => tfjs.Scalar, vars: tfjs.Variable[]): tfjs.Scalar {
  const { value, grads } = tf.variableGrads(objective, vars);
  for (const g of groups) g.optimizer.applyGradients(Object.fromEntries(g.vars.map((v) => [v.name, grads[v.name]])));
  tf.dispose(grads);
  return value;
}
