// One training session for the open project: the worker, the backend it chose, its progress, the charts'
// series, the result and the trained weights. Kept apart from the document store: none of it is document
// state. The settings (an undoable edit) and the saved-weights reference (a fact about the file, not undoable)
// are, and are written through the document store's actions.
import { create } from 'zustand';
import { isStreamed, type TrainingDataset } from '../../src/data/dataset';
import type { ProjectDoc } from '../../src/project/schema';
import type { Graph } from '../../src/graph/schema';
import { graphHash } from '../../src/train/graphHash';
import { host } from '../services/host';
import { isDirty, sameEdits, useProjectStore } from '../store/projectStore';
import type { CellImages, FromWorker, Inspection, PatchImage, ResultMessage, ToWorker, TopPatchesResult, WeightsMessage } from '../worker/messages';
import type { RobustnessReport } from '../worker/messages';
import type { EpochReport } from '../../src/train/reports';
import { SeriesBuilder, type Series } from './series';
import { startMessage, type StartData } from './startMessage';
import { trainRefusal } from './trainRefusal';
import { beginLive } from '../learn/live/liveRequest';
import { onLiveMessage } from '../learn/live/liveStore';
import type { BackendInfo } from './backendLine';
import { formatIssueMessage } from '../../src/i18n/issues';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { buildRunRecord, newRunId, nextRunName, type RunRecord } from '../../src/experiments/runRecord';
import type { TrainingSettings } from '../../src/train/settings';
import { currentLang } from '../i18n';
import { onEvaluateMessage, setEvaluateSender } from '../evaluate/evaluateRequest';

export type Phase = 'idle' | 'loading' | 'training' | 'paused' | 'stopping' | 'done' | 'failed';
export type WeightsSource = 'trained' | 'saved' | 'imported';

export interface TrainingSessionState {
  phase: Phase;
  /** The backend the worker chose, and the settings' choice it was asked for (`preference`). */
  backend?: BackendInfo & { preference: string };
  plan?: { trainSamples: number; validationSamples: number; batchesPerEpoch: number; epochs: number; params: number };
  progress?: { epoch: number; batch: number; batchesPerEpoch: number; samplesPerSec: number; startedAt: number };
  series: Series;
  /** Bumped when series grew (charts redraw on change, throttled). */
  seriesVersion: number;
  epochs: EpochReport[];
  result?: ResultMessage;
  weights?: WeightsMessage;
  /** Where `weights` came from, the graph they fit, and the run that made them: training starts from them when the graph still matches. */
  weightsOrigin?: { source: WeightsSource; graphHash: string; runId?: string };
  /** The run being trained, or the last one recorded (the project's runs list holds its record). */
  runId?: string;
  /** The user asked the next training to start from freshly initialised weights. */
  startFresh: boolean;
  /** Train on the first N samples only (0: all). Kept here, not in the panel, so a tab switch keeps it. */
  sampleLimit: number;
  /** Weights loaded into the worker (trained now or restored from the project): predictions work. */
  modelReady: boolean;
  notices: string[];
  error?: string;
  weightsSaved?: string;
  prediction?: { id: number; probs: Float32Array };
}

/**
 * What one run shows: cleared, every key named (zustand merges, so an absent key would keep the last run's
 * value), when the next run starts. The weights and their origin stay: the next run may continue from them.
 */
const noRun = (series: Series) => ({
  backend: undefined,
  plan: undefined,
  progress: undefined,
  series,
  epochs: [] as EpochReport[],
  result: undefined,
  prediction: undefined,
  modelReady: false,
  notices: [] as string[],
  error: undefined,
});

const initial = (): TrainingSessionState => ({ phase: 'idle', seriesVersion: 0, startFresh: false, sampleLimit: 0, ...noRun(new SeriesBuilder().data) });

export const useTrainingSession = create<TrainingSessionState>()(() => initial());
const set = useTrainingSession.setState;
const get = useTrainingSession.getState;

let worker: Worker | undefined;
let builder = new SeriesBuilder();
let predictSeq = 0;
/** The document load (project store's loadSeq) the session's weights belong to: another project's are dropped. */
let weightsLoadSeq = -1;
/** The graph the running (or last) training was started on: the weights it returns fit this graph. */
let runGraph: Graph | undefined;
/** The backend the settings asked for when the run started. */
let runPreference = 'auto';
/** What the running training started with, for its record (src/experiments/runRecord.ts). */
let runStart: { id: string; name: string; startedAt: Date; origin: RunRecord['origin']; settings: TrainingSettings; dataset: ProjectDoc['dataset']; limit?: number; init: RunRecord['init']; sweep?: RunRecord['sweep'] } | undefined;
/**
 * The run recorded into a project that had no unsaved changes: saving its weights writes the file too, so a
 * clean project stays clean with its new run (as it does with a new weights reference).
 */
let recordedIntoClean: string | undefined;
/** Every batch's training loss by step, for the run's record. */
let batchLoss: number[] = [];
/** trainRun's callers, answered with the recorded run when the training ends (undefined: it never ran). */
let runWaiters: ((run: RunRecord | undefined) => void)[] = [];
const answerWaiters = (run: RunRecord | undefined) => {
  const waiting = runWaiters;
  runWaiters = [];
  for (const w of waiting) w(run);
};

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../worker/train.worker.ts', import.meta.url), { type: 'module', name: 'cnn-train' });
  worker.onmessage = (ev: MessageEvent<FromWorker>) => onWorkerMessage(ev.data);
  worker.onerror = (ev) => set({ phase: 'failed', error: `The training worker crashed: ${ev.message || 'unknown error'}` });
  return worker;
}

const send = (m: ToWorker, transfer: Transferable[] = []) => getWorker().postMessage(m, transfer);
// Training → Evaluate sends its own requests to this worker (renderer/evaluate/evaluateRequest.ts).
setEvaluateSender(send);

function onWorkerMessage(m: FromWorker): void {
  switch (m.type) {
    case 'backendMeasuring':
      set({ backend: { name: '', measuring: m.contenders, skipped: [], preference: runPreference } });
      break;
    case 'backend':
      set({ backend: { name: m.backend, adapter: m.adapter, threads: m.threads, simd: m.simd, skipped: m.skipped, measured: m.measured, rememberedAt: m.rememberedAt, preference: runPreference } });
      break;
    case 'started':
      set({ plan: m, progress: { epoch: 0, batch: 0, batchesPerEpoch: m.batchesPerEpoch, samplesPerSec: 0, startedAt: performance.now() } });
      break;
    case 'batches': {
      for (const p of m.points) {
        builder.addBatch(p.step, m.batchesPerEpoch, p.loss, p.acc);
        batchLoss[p.step] = p.loss;
      }
      const prev = get().progress;
      set((s) => ({ seriesVersion: s.seriesVersion + 1, progress: { epoch: m.epoch, batch: m.batch, batchesPerEpoch: m.batchesPerEpoch, samplesPerSec: m.samplesPerSec, startedAt: prev?.startedAt ?? performance.now() } }));
      break;
    }
    case 'epoch':
      builder.addEpoch(m.report);
      set((s) => ({ epochs: [...s.epochs, m.report], seriesVersion: s.seriesVersion + 1 }));
      break;
    case 'done': {
      const failed = m.result.status === 'failed';
      set({ phase: failed ? 'failed' : 'done', result: m.result, modelReady: !!m.weights, error: m.result.failure?.message });
      const run = recordRun(m.result);
      answerWaiters(run);
      if (m.weights) {
        set({ weights: m.weights, weightsOrigin: { source: 'trained', graphHash: graphHash(runGraph!), runId: run?.id }, weightsSaved: undefined });
        if (weightsLoadSeq === useProjectStore.getState().loadSeq) void saveWeights();
        break;
      }
      // A run that ended without weights keeps the ones it started from; the worker gets them back for predictions.
      const { weights, weightsOrigin } = get();
      if (weights && runGraph && weightsOrigin?.graphHash === graphHash(runGraph)) send({ type: 'load', graph: runGraph, weights, backend: useProjectStore.getState().doc.training.backend });
      break;
    }
    case 'loaded':
      set({ modelReady: true });
      break;
    case 'prediction':
      set({ prediction: { id: m.id, probs: m.probs } });
      break;
    case 'inspection': {
      const p = inspections.get(m.id);
      inspections.delete(m.id);
      if (m.result) p?.resolve(m.result);
      else p?.reject(new Error(m.error ?? 'The training worker did not answer.'));
      break;
    }
    case 'topPatches':
    case 'patchImage': {
      const p = patchRequests.get(m.id);
      patchRequests.delete(m.id);
      if (m.result) p?.resolve(m.result);
      else p?.reject(new Error(m.error ?? 'The training worker did not answer.'));
      break;
    }
    case 'robustness':
    case 'robustnessProgress':
      onRobustnessMessage(m);
      break;
    case 'evaluation':
    case 'evaluationProgress':
      onEvaluateMessage(m);
      break;
    case 'cellSamples': {
      const p = cellRequests.get(m.id);
      cellRequests.delete(m.id);
      if (m.result) p?.resolve(m.result);
      else p?.reject(new Error(m.error ?? 'The training worker did not answer.'));
      break;
    }
    case 'liveFrame':
    case 'liveSnapshot':
    case 'liveProbe':
      onLiveMessage(m);
      break;
    case 'notice':
      set((s) => ({ notices: [...s.notices, m.message] }));
      break;
    case 'readSamples': {
      const read = streamReader;
      if (!read) send({ type: 'samples', id: m.id, error: 'No streamed dataset is open.' });
      else
        read(m.indices).then(
          (images) => send({ type: 'samples', id: m.id, images }, [images.buffer]),
          (e: unknown) => send({ type: 'samples', id: m.id, error: e instanceof Error ? e.message : String(e) }),
        );
      break;
    }
    case 'error':
      set((s) => ({ error: m.message, phase: s.phase === 'training' || s.phase === 'loading' ? 'failed' : s.phase }));
      if (get().phase === 'failed') answerWaiters(undefined);
      break;
  }
}

/** The dataset the project names; only the embedded MNIST comes from this module, others from the dataset feature. */
async function loadDataset(doc: ProjectDoc): Promise<TrainingDataset> {
  if (doc.dataset.kind === 'mnist') {
    const ds = await host.invoke('train.loadBuiltinDataset', { name: 'mnist' });
    return { images: ds.images, labels: ds.labels, n: ds.n, height: ds.height, width: ds.width, channels: ds.channels, classNames: ds.classNames };
  }
  const provider = datasetProvider;
  if (!provider) throw new Error(`Training on ${doc.dataset.kind} datasets is not available in this build — choose the built-in MNIST.`);
  return provider(doc);
}

/** The dataset feature may register how to load non-MNIST datasets for training. */
let datasetProvider: ((doc: ProjectDoc) => Promise<TrainingDataset>) | undefined;
/** Reads pixels for the worker while it trains on a streamed dataset. */
let streamReader: ((indices: readonly number[]) => Promise<Uint8Array>) | undefined;
export const setTrainingDatasetProvider = (p: typeof datasetProvider) => (datasetProvider = p);

/** The web host's address and token for the worker's own calls (same source as renderer/services/host.ts). */
function webConnection(): { baseUrl: string; token: string } {
  const fromUrl = new URLSearchParams(location.search).get('token');
  let token = fromUrl ?? '';
  try {
    token ||= sessionStorage.getItem('cnn-studio-token') ?? '';
  } catch {
    // storage unavailable: the URL token is all there is
  }
  return { baseUrl: location.origin, token };
}

/** "Measure again": the worker forgets what 'auto' measured; the next training times the backends anew. */
export function measureBackendsAgain(): void {
  send({ type: 'forgetBackendMeasurements' });
  set((s) => (s.backend ? { backend: { ...s.backend, forgotten: true } } : {}));
}

/** How a training is started: by the Train button ('app'), a re-run (fresh, on the run's backend) or a sweep's trial. */
export interface RunOptions {
  origin?: RunRecord['origin'];
  sweep?: RunRecord['sweep'];
  name?: string;
  /** Start from weights drawn from the seed even where the session holds weights that fit. */
  fresh?: boolean;
  /** Train on this backend (a re-run on the one its run used), without editing the document's settings. */
  backend?: TrainingSettings['backend'];
  /** Train this graph and these settings instead of the document's (a sweep's trial), leaving the document as it is. */
  trial?: { graph: Graph; settings: TrainingSettings };
}

export async function startTraining(limit?: number, opts: RunOptions = {}): Promise<void> {
  const phase = get().phase;
  if (phase === 'training' || phase === 'paused' || phase === 'loading') return;
  const { doc: current, loadSeq, analysis: docAnalysis } = useProjectStore.getState();
  const doc = opts.trial ? { ...current, graph: opts.trial.graph, training: opts.trial.settings } : current;
  const analysis = opts.trial ? analyzeGraph(doc.graph) : docAnalysis;
  // A graph tfjs cannot build or this machine cannot hold is refused in words before anything loads.
  const refusal = trainRefusal(doc.graph, doc.training.batchSize, analysis);
  if (refusal) {
    set({ phase: 'failed', error: formatIssueMessage(refusal.code, refusal.args, currentLang()) });
    return answerWaiters(undefined);
  }
  // Fine-tunes from the weights the session holds (trained, saved or imported) while they fit this graph.
  const initialWeights = !opts.fresh && continuesFrom(get(), doc.graph) ? get().weights : undefined;
  const settings = opts.backend ? { ...doc.training, backend: opts.backend } : doc.training;
  runGraph = doc.graph;
  weightsLoadSeq = loadSeq;
  runPreference = settings.backend;
  builder = new SeriesBuilder();
  batchLoss = [];
  const startedAt = new Date();
  runStart = {
    id: newRunId(startedAt),
    name: opts.name ?? nextRunName(doc.runs ?? []),
    startedAt,
    origin: opts.origin ?? 'app',
    settings,
    dataset: doc.dataset,
    ...(limit ? { limit } : {}),
    init: initialWeights ? { kind: 'continued', ...(get().weightsOrigin?.runId ? { fromRun: get().weightsOrigin!.runId } : {}) } : { kind: 'fresh' },
    ...(opts.sweep ? { sweep: opts.sweep } : {}),
  };
  // The last run's charts, numbers and predictions go at once: nothing on screen describes a run that is not this one.
  set((s) => ({ ...noRun(builder.data), phase: 'loading', startFresh: false, runId: runStart!.id, seriesVersion: s.seriesVersion + 1 }));
  try {
    let data: StartData;
    // Web mode: the worker fetches the built-in set itself, so ~8 MB never crosses the main thread.
    if (doc.dataset.kind === 'mnist' && host.mode === 'web') data = { hostDataset: { ...webConnection(), name: 'mnist' } };
    else {
      const dataset = await loadDataset(doc);
      if (isStreamed(dataset)) {
        const { readSamples, ...streamedDataset } = dataset;
        streamReader = readSamples;
        data = { streamedDataset };
      } else data = { dataset };
    }
    set({ phase: 'training' });
    // The pixels move to the worker (the renderer keeps no copy; the next run loads them again).
    const { message, transfer } = startMessage({ graph: doc.graph, settings, limit, initialWeights }, data);
    // Live views of Learn's image, or (none that fits) of the first validation image, which the worker picks.
    if (analysis?.ok) message.live = beginLive(doc.graph, analysis, useProjectStore.getState().selection.nodes[0]);
    send(message, transfer);
  } catch (e) {
    set({ phase: 'failed', error: e instanceof Error ? e.message : String(e) });
    answerWaiters(undefined);
  }
}

/**
 * Adds the run that just ended to the project's runs (when the project is still the one it trained for and
 * it ran at least one batch); its weights go into its folder with saveWeights.
 */
function recordRun(result: ResultMessage): RunRecord | undefined {
  const start = runStart;
  const { plan, backend } = get();
  runStart = undefined;
  const store = useProjectStore.getState();
  if (!start || !runGraph || !plan || store.loadSeq !== weightsLoadSeq || (result.history.length === 0 && batchLoss.length === 0)) return undefined;
  const run = buildRunRecord({
    id: start.id,
    name: start.name,
    startedAt: start.startedAt,
    origin: start.origin,
    graph: runGraph,
    settings: start.settings,
    dataset: { ref: start.dataset, trainSamples: plan.trainSamples, validationSamples: plan.validationSamples, ...(start.limit ? { limit: start.limit } : {}) },
    init: start.init,
    backend: { name: backend?.name ?? start.settings.backend, ...(backend?.adapter ? { adapter: backend.adapter } : {}) },
    params: plan.params,
    outcome: result,
    batchLoss: Array.from(batchLoss, (x) => x ?? NaN),
    ...(start.sweep ? { sweep: start.sweep } : {}),
  });
  recordedIntoClean = isDirty() ? undefined : run.id;
  store.addRun(run);
  return run;
}

/** Trains the current document and answers with its recorded run when it ends (undefined: refused or failed to start). */
export function trainRun(opts: RunOptions & { limit?: number } = {}): Promise<RunRecord | undefined> {
  const phase = get().phase;
  if (phase === 'training' || phase === 'paused' || phase === 'loading' || phase === 'stopping') return Promise.resolve(undefined);
  const answer = new Promise<RunRecord | undefined>((resolve) => runWaiters.push(resolve));
  void startTraining(opts.limit ?? (get().sampleLimit || undefined), opts);
  return answer;
}

const runById = (id: string) => (useProjectStore.getState().doc.runs ?? []).find((r) => r.id === id);

/** A run's weights: from its folder, or the session's own while they are this run's and not saved yet. */
export async function loadRunWeights(run: RunRecord): Promise<WeightsMessage> {
  const { weights, weightsOrigin } = get();
  if (weights && weightsOrigin?.runId === run.id) return weights;
  const { filePath } = useProjectStore.getState();
  if (!run.weightsPath || !filePath) throw new Error(`${run.name}'s weights were not saved — save the project (File → Save As) before training, so every run keeps its weights.`);
  const w = await host.invoke('train.loadWeights', { projectPath: filePath, weightsPath: run.weightsPath });
  return { weightSpecs: w.weightSpecs, weightData: w.weightData, normalization: w.normalization, ...(w.classNames ? { classNames: w.classNames } : {}) };
}

/** Puts a run's graph and settings back (one undoable edit) and loads its weights, so predictions, Learn and robustness use them. */
export async function restoreRun(runId: string): Promise<void> {
  const run = runById(runId);
  if (!run) return;
  const weights = await loadRunWeights(run);
  const store = useProjectStore.getState();
  store.restoreRunGraph(runId);
  weightsLoadSeq = store.loadSeq;
  set({ weights, weightsOrigin: { source: 'saved', graphHash: run.graphHash, runId }, weightsSaved: run.weightsPath, runId, startFresh: false, modelReady: false });
  if (run.weightsPath) store.setWeightsRef({ path: run.weightsPath, graphHash: run.graphHash, trainedAt: run.startedAt, ...(run.metrics.valAccuracy !== undefined && run.metrics.valLoss !== undefined ? { metrics: { valAcc: run.metrics.valAccuracy, valLoss: run.metrics.valLoss } } : {}), ...(weights.normalization ? { normalization: weights.normalization } : {}) });
  send({ type: 'load', graph: run.graph, weights, backend: run.settings.backend });
}

/** Trains a run's graph and settings again from the same seed on the same backend: the same curves, a new run. */
export function rerun(runId: string): Promise<RunRecord | undefined> {
  const run = runById(runId);
  if (!run) return Promise.resolve(undefined);
  if (run.init.kind === 'continued') {
    set({ error: `${run.name} continued from earlier weights, which a re-run cannot repeat — train it from fresh weights to get a repeatable run.` });
    return Promise.resolve(undefined);
  }
  useProjectStore.getState().restoreRunGraph(runId);
  const backend = (['webgpu', 'webgl', 'wasm', 'cpu'] as const).find((b) => b === run.backend.name);
  return trainRun({ origin: run.origin === 'sweep' ? 'sweep' : 'app', fresh: true, limit: run.dataset.limit, ...(backend ? { backend } : {}), ...(run.sweep ? { sweep: run.sweep } : {}) });
}

/** Removes a run's record and its folder (its weights and logs). */
export async function deleteRun(runId: string): Promise<void> {
  const run = runById(runId);
  if (!run) return;
  const { filePath } = useProjectStore.getState();
  if (filePath && run.weightsPath) await host.invoke('train.deleteRun', { projectPath: filePath, runId });
  useProjectStore.getState().removeRun(runId);
  const s = get();
  if (s.weightsOrigin?.runId === runId) set({ weightsOrigin: { ...s.weightsOrigin, runId: undefined } });
  // The project's weights were this run's: they are gone with it.
  const ref = useProjectStore.getState().doc.weights;
  if (ref && run.weightsPath && ref.path === run.weightsPath) useProjectStore.getState().setWeightsRef(undefined);
}

export function pauseTraining(): void {
  if (get().phase !== 'training') return;
  send({ type: 'pause' });
  set({ phase: 'paused' });
}
export function resumeTraining(): void {
  if (get().phase !== 'paused') return;
  send({ type: 'resume' });
  set({ phase: 'training' });
}
export function stopTraining(): void {
  const p = get().phase;
  if (p !== 'training' && p !== 'paused') return;
  send({ type: 'stop' });
  set({ phase: 'stopping' });
}

/** Weights trained in this session go with their epochs, so the host writes the run's TensorBoard logs beside them. */
const tensorboardHistory = (origin: TrainingSessionState['weightsOrigin']) => (origin?.source === 'trained' && get().epochs.length > 0 ? { history: get().epochs } : {});

/**
 * Saves the session's weights beside the project (needs a saved project) and records them in the document
 * (the document store's setWeightsRef: a fact about the file, so undo never drops it).
 */
export async function saveWeights(): Promise<void> {
  const { weights, weightsOrigin, result } = get();
  const { filePath, doc, loadSeq } = useProjectStore.getState();
  if (!weights) return;
  if (!filePath) return set({ weightsSaved: undefined });
  try {
    const metrics: Record<string, number> = {};
    if (result?.evaluation) Object.assign(metrics, { valAcc: result.evaluation.accuracy, valLoss: result.evaluation.loss });
    // The hash of the graph the weights fit (not a since edited one), so stale weights read as stale.
    const hash = weightsOrigin?.graphHash ?? graphHash(doc.graph);
    // Trained weights go into their run's folder, with its record as run.json.
    const run = weightsOrigin?.source === 'trained' && weightsOrigin.runId ? doc.runs?.find((x) => x.id === weightsOrigin.runId) : undefined;
    const r = await host.invoke('train.saveWeights', { projectPath: filePath, graphHash: hash, weightSpecs: weights.weightSpecs, weightData: weights.weightData, modelTopology: weights.modelTopology, metrics, normalization: weights.normalization, ...(weights.classNames ? { classNames: weights.classNames } : {}), ...tensorboardHistory(weightsOrigin), ...(run ? { run } : {}) });
    // Another project was opened, or this one saved elsewhere (that save writes its own copy): not this file's weights.
    const store = useProjectStore.getState();
    if (store.loadSeq !== loadSeq || store.filePath !== filePath) return;
    const wasClean = !isDirty() || (!!run && recordedIntoClean === run.id && sameEditsSinceRecord(store.doc, run.id));
    store.setWeightsRef(r.weights);
    if (run) store.updateRun(run.id, { weightsPath: r.weights.path });
    set({ weightsSaved: r.weights.path });
    // A clean project (just saved, e.g. by Save As) gets the weights reference written too, so it stays clean.
    if (wasClean) {
      const now = useProjectStore.getState().doc;
      await host.invoke('project.save', { path: filePath, doc: now });
      const after = useProjectStore.getState();
      if (after.loadSeq === loadSeq && after.filePath === filePath) after.markSaved(now, filePath);
    }
  } catch (e) {
    set((s) => ({ notices: [...s.notices, `The weights were not saved: ${e instanceof Error ? e.message : String(e)}`] }));
  }
}

/** Nothing but runs and the weights reference changed since the file was saved (the just-recorded run is the only news). */
function sameEditsSinceRecord(doc: ProjectDoc, runId: string): boolean {
  const saved = useProjectStore.getState().savedDoc;
  if (!saved) return false;
  const without = (doc.runs ?? []).filter((r) => r.id !== runId);
  return sameEdits(doc, saved) && without.length === (saved.runs ?? []).length && without.every((r, i) => r === saved.runs![i]);
}

/**
 * On project open (and when the Training tab opens): drops another project's weights, and loads the saved
 * weights into the worker so "try an image" works without training.
 */
export async function restoreWeights(doc: ProjectDoc, filePath: string | undefined): Promise<void> {
  const seq = useProjectStore.getState().loadSeq;
  const s = get();
  const running = s.phase === 'training' || s.phase === 'paused' || s.phase === 'stopping' || s.phase === 'loading';
  if (weightsLoadSeq !== seq && s.weights && !running) set({ weights: undefined, weightsOrigin: undefined, weightsSaved: undefined, modelReady: false, startFresh: false });
  if (!doc.weights || !filePath) return;
  // Already in the worker (the tab was opened again): nothing to reload.
  if (weightsLoadSeq === seq && s.modelReady && s.weightsSaved === doc.weights.path) return;
  try {
    const w = await host.invoke('train.loadWeights', { projectPath: filePath, weightsPath: doc.weights.path });
    const weights: WeightsMessage = { weightSpecs: w.weightSpecs, weightData: w.weightData, normalization: w.normalization, ...(w.classNames ? { classNames: w.classNames } : {}) };
    weightsLoadSeq = seq;
    const runId = doc.runs?.find((r) => r.weightsPath === doc.weights!.path)?.id;
    set({ weights, weightsOrigin: { source: 'saved', graphHash: w.graphHash, ...(runId ? { runId } : {}) }, weightsSaved: doc.weights.path, ...(runId ? { runId } : {}) });
    if (graphHash(doc.graph) === w.graphHash) send({ type: 'load', graph: doc.graph, weights, backend: doc.training.backend });
  } catch (e) {
    set((s) => ({ notices: [...s.notices, `The saved weights could not be loaded: ${e instanceof Error ? e.message : String(e)}`] }));
  }
}

/**
 * After "Open model": the imported weights become the session's, so predictions work at once and training
 * fine-tunes from them; a project that has a file keeps them beside it. Call after loading the document.
 */
export function adoptImportedWeights(doc: ProjectDoc, weights: WeightsMessage): void {
  weightsLoadSeq = useProjectStore.getState().loadSeq;
  builder = new SeriesBuilder();
  // The previous model's results do not describe this one.
  set((s) => ({
    weights,
    weightsOrigin: { source: 'imported', graphHash: graphHash(doc.graph) },
    weightsSaved: undefined,
    startFresh: false,
    modelReady: false,
    prediction: undefined,
    result: undefined,
    epochs: [],
    series: builder.data,
    seriesVersion: s.seriesVersion + 1,
    error: undefined,
    phase: s.phase === 'done' || s.phase === 'failed' ? 'idle' : s.phase,
  }));
  send({ type: 'load', graph: doc.graph, weights, backend: doc.training.backend });
  if (useProjectStore.getState().filePath) void saveWeights();
}

/** Where training would continue from: the session's weights when they fit this graph and no fresh start was asked. */
export function continuesFrom(s: Pick<TrainingSessionState, 'weights' | 'weightsOrigin' | 'startFresh'>, graph: Graph): WeightsSource | undefined {
  return s.weights && !s.startFresh && s.weightsOrigin?.graphHash === graphHash(graph) ? s.weightsOrigin.source : undefined;
}

export const setStartFresh = (startFresh: boolean) => set({ startFresh });

// Save As of the open document (same load, new path) keeps the session's weights beside the new file too.
useProjectStore.subscribe((s, prev) => {
  if (!s.filePath || s.filePath === prev.filePath || s.loadSeq !== prev.loadSeq || s.loadSeq !== weightsLoadSeq) return;
  const { weights, weightsOrigin } = get();
  if (weights && weightsOrigin?.graphHash === graphHash(s.doc.graph)) void saveWeights();
});

/** Class probabilities for one image (floats 0..1, HWC at the model's input size). */
export function predict(pixels: Float32Array): number {
  const id = ++predictSeq;
  send({ type: 'predict', id, pixels }, [pixels.buffer]);
  return id;
}

/** Learn's pending looks inside the model, by id. */
const inspections = new Map<number, { resolve: (r: Inspection) => void; reject: (e: Error) => void }>();
let inspectSeq = 0;

/**
 * Learn: every node's output, the prediction and a Grad-CAM (node and class optional) for one image (uint8 HWC
 * at the model's input size) with the worker's model of this graph, or random weights (`untrained`).
 */
export function inspect(req: { graph: Graph; pixels: Uint8Array; cam?: { nodeId?: string; classIndex?: number }; filters?: string[] }): Promise<Inspection> {
  const id = ++inspectSeq;
  return new Promise((resolve, reject) => {
    inspections.set(id, { resolve, reject });
    // A copy moves to the worker: the caller keeps its pixels (they are drawn on screen).
    const pixels = new Uint8Array(req.pixels);
    send({ type: 'inspect', id, graph: req.graph, pixels, cam: req.cam, filters: req.filters, backend: useProjectStore.getState().doc.training.backend }, [pixels.buffer]);
  });
}

/** The confusion-matrix drill-down's pending reads, by id. */
const cellRequests = new Map<number, { resolve: (r: CellImages) => void; reject: (e: Error) => void }>();
let cellSeq = 0;

/** One page (limit ≤ 200) of the last run's validation images in cell (true, predicted), most confident first, with their pixels. */
export function cellSamples(req: { trueClass: number; predictedClass: number; offset: number; limit: number }): Promise<CellImages> {
  const id = ++cellSeq;
  return new Promise((resolve, reject) => {
    cellRequests.set(id, { resolve, reject });
    send({ type: 'cellSamples', id, ...req });
  });
}

/** Learn's pending top-patch searches and image reads, by id. */
type PatchAnswer = TopPatchesResult | PatchImage;
const patchRequests = new Map<number, { resolve: (r: PatchAnswer) => void; reject: (e: Error) => void }>();
let patchSeq = 0;
function askPatches<R extends PatchAnswer>(m: (id: number) => ToWorker): Promise<R> {
  const id = ++patchSeq;
  return new Promise<R>((resolve, reject) => {
    patchRequests.set(id, { resolve: resolve as (r: PatchAnswer) => void, reject });
    send(m(id));
  });
}

/**
 * Learn: the k (default 9) images of the first `limit` (default 2000) validation images of the last run that
 * excite each channel of `nodeId` most, cropped to the receptive field; refused in words without a trained model.
 */
export const topPatches = (req: { graph: Graph; nodeId: string; k?: number; limit?: number }): Promise<TopPatchesResult> => askPatches((id) => ({ type: 'topPatches', id, ...req }));

/** One whole image of the dataset the model trained on (the one behind a top patch). */
export const patchImage = (sample: number): Promise<PatchImage> => askPatches((id) => ({ type: 'patchImage', id, sample }));

export const isStale = (doc: ProjectDoc): boolean => !!doc.weights && doc.weights.graphHash !== graphHash(doc.graph);

/** The Robustness lab's pending sweeps, by id (progress goes to the caller's callback). */
const robustnessRequests = new Map<number, { resolve: (r: RobustnessReport) => void; reject: (e: Error) => void; onProgress?: (done: number, total: number) => void }>();
let robustnessSeq = 0;
function onRobustnessMessage(m: Extract<FromWorker, { type: 'robustness' | 'robustnessProgress' }>): void {
  const p = robustnessRequests.get(m.id);
  if (m.type === 'robustnessProgress') return p?.onProgress?.(m.done, m.total);
  robustnessRequests.delete(m.id);
  if (m.result) p?.resolve(m.result);
  else p?.reject(Object.assign(new Error(m.error ?? 'The training worker did not answer.'), { cancelled: !!m.cancelled }));
}

/**
 * Robustness lab: the curves and per-layer shift similarity of the worker's model (or `weights`) over the
 * last run's validation images (or `images`); `signal` cancels between two magnitudes (rejects with cancelled).
 */
export function robustness(req: Omit<Extract<ToWorker, { type: 'robustness' }>, 'type' | 'id'>, opts: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {}): Promise<RobustnessReport> {
  const id = ++robustnessSeq;
  return new Promise((resolve, reject) => {
    robustnessRequests.set(id, { resolve, reject, onProgress: opts.onProgress });
    opts.signal?.addEventListener('abort', () => send({ type: 'robustnessCancel', id }));
    send({ type: 'robustness', id, ...req });
  });
}
