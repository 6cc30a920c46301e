// One training run from the CLI, shared by `cnn-studio train` and `cnn-studio sweep` (#17): the graph checks, the
// data and backend (loaded once, so a sweep reuses them for every trial), then build, train, record the run and
// write its files (weights, metrics.json, run.json as one set, then the TensorBoard logs) and append the run to
// the project file. Messages start with the command's name; the caller owns Ctrl-C (it holds the control).
import os from 'node:os';
import path from 'node:path';
import type { CliIO } from './command';
import type { Progress } from './trainProgress';
import { startFromInit, type CliInit } from './fineTune';
import { dataArgFrom, importReportLines, loadTrainingData } from './trainData';
import type { ImportReport } from '../../src/contract/dataset';
import { loadTfForNode, type NodeBackendPreference } from '../../node/train/trainBackend';
import { writeFileSetAtomically } from '../../node/fs/fileSet';
import { writeTensorboardLogs } from '../../node/experiments/writeTensorboard';
import { appendRunToProject, RUN_JSON, runJsonText } from '../../node/experiments/recordRun';
import type { TrainingSettings } from '../../src/train/settings';
import type { ProjectDoc } from '../../src/project/schema';
import type { TrainingControl } from '../../src/train/control';
import { takeFirst } from '../../src/data/mnist';
import { addChannelSums, channelStatsOf, normalizationFor, type Normalization } from '../../src/data/imageFolder';
import { buildRunRecord, type RunRecord } from '../../src/experiments/runRecord';
import { withSeededRandom } from '../../src/train/random';
import type { analyzeGraph } from '../../src/analysis/analyzeGraph';

type Analysis = ReturnType<typeof analyzeGraph>;

/**
 * The graph's errors, then what cannot train on this machine (a tensor over tfjs's 2³¹ − 1 values, a path deeper
 * than tfjs can build, a batch over the memory) — checked before any data is loaded or model built.
 */
export async function checkTrainable(command: string, doc: ProjectDoc, settings: TrainingSettings): Promise<{ ok: true; analysis: Analysis } | { ok: false; message: string }> {
  const { analyzeGraph } = await import('../../src/analysis/analyzeGraph');
  const { trainabilityProblems } = await import('../../src/train/trainability');
  const analysis = analyzeGraph(doc.graph);
  const firstError = analysis.issues.find((i) => i.severity === 'error');
  if (firstError) return { ok: false, message: `${command}: ${doc.name} has problems — ${firstError.message} (run \`cnn-studio validate\` for all of them).` };
  const cannot = trainabilityProblems(doc.graph, analysis, { batch: settings.batchSize, memoryBytes: os.totalmem() })[0];
  if (cannot) return { ok: false, message: `${command}: ${doc.name} cannot train here — ${cannot.message}` };
  return { ok: true, analysis };
}

export interface CliTrainingData {
  /** Where the samples came from, in words. */
  source: string;
  dataset: ReturnType<typeof takeFirst> & { normalization: ReturnType<typeof normalizationFor> };
  mode: Normalization;
  limit?: number;
  /** An image folder's import report (skipped files and why, warnings); written into each run folder as import-report.json. */
  report?: ImportReport;
}

export const IMPORT_REPORT_JSON = 'import-report.json';

/** The import report on stderr (text) or as one {"type":"import"} JSON line on stdout (--json). */
export function printImportReport(data: CliTrainingData, io: CliIO, json: boolean): void {
  if (!data.report) return;
  if (json) {
    if (data.report.skipped.length || data.report.warnings.length) io.out(JSON.stringify({ type: 'import', files: data.report.files, imported: data.report.imported, skipped: data.report.skipped, warnings: data.report.warnings }));
    return;
  }
  for (const line of importReportLines(data.report)) io.err(line);
}

/** --data (else the project's dataset), the first --limit samples, normalised; throws an Error saying what was wrong. */
export async function loadCliTrainingData(opts: { data?: string; doc: ProjectDoc; projectPath?: string; limit?: number; normalize?: Normalization }): Promise<CliTrainingData> {
  const { doc, limit } = opts;
  const arg = dataArgFrom(opts.data, doc.dataset, opts.projectPath ? path.dirname(path.resolve(opts.projectPath)) : undefined);
  // Image folders are decoded at the size of the graph's Input node.
  const input = doc.graph.nodes.find((n) => n.type === 'Input')?.params as { height?: number; width?: number; channels?: 1 | 3 } | undefined;
  const data = await loadTrainingData(arg, input);
  const limited = limit !== undefined ? takeFirst(data.dataset, limit) : data.dataset;
  // Input normalisation: the flag, else what the project's dataset import chose, else pixel/255.
  const mode: Normalization = opts.normalize ?? doc.dataset.options?.normalization ?? 'unit';
  const stats = mode === 'standardize' ? channelStatsOf(addChannelSums(limited.images.subarray(0, limited.n * limited.height * limited.width * limited.channels), limited.channels)) : undefined;
  return { source: data.source, dataset: { ...limited, normalization: normalizationFor(mode, limited.channels, stats) }, mode, ...(limit !== undefined ? { limit } : {}), ...(data.report ? { report: data.report } : {}) };
}

/** Class names shown in a message: the first few, then how many more. */
const someNames = (names: readonly string[]) => (names.length <= 6 ? names.join(', ') : `${names.slice(0, 6).join(', ')}, … ${names.length - 6} more`);

/**
 * The data against the graph, before a model is built: one Output unit per class of the data, as the app's
 * training refuses (src/train/checkModelFitsData.ts) — here with both counts, the data's classes and the fix.
 */
export function dataMismatch(command: string, doc: ProjectDoc, analysis: Analysis, data: CliTrainingData): string | undefined {
  const outputs = analysis.outputNodeId ? analysis.nodes[analysis.outputNodeId]?.outputShape?.[0] : undefined;
  const classes = data.dataset.classNames.length;
  if (outputs === undefined || outputs === classes) return undefined;
  return `${command}: the data has ${classes} classes (${someNames(data.dataset.classNames)}) but ${doc.name}'s Output node has ${outputs} — set the Output node's classes to ${classes} (in the app: select the Output node; in the project file: its "classes" param${command === 'train' ? `; or here: --classes ${classes} replaces the classifier` : ''}), or train on data with ${outputs} classes.`;
}

export interface CliBackend {
  tf: Awaited<ReturnType<typeof loadTfForNode>>['tf'];
  name: string;
  /** The GPU adapter, or how many threads wasm got (and why one, where so). */
  adapter?: string;
}

export async function loadCliBackend(command: string, preference: NodeBackendPreference, { verbose, io }: { verbose: boolean; io: CliIO }): Promise<CliBackend> {
  const { tf, choice, adapter: gpuAdapter, wasmThreads } = await loadTfForNode(preference, { verbose, log: io.err });
  const adapter = gpuAdapter ?? (wasmThreads ? `${wasmThreads.threads} thread${wasmThreads.threads === 1 ? '' : 's'}${wasmThreads.reason ? `: ${wasmThreads.reason}` : ''}` : undefined);
  for (const s of choice.skipped) if (s.backend === preference) io.err(`${command}: ${s.backend} is not usable here (${s.reason}); using ${choice.backend}.`);
  return { tf, name: choice.backend, ...(adapter ? { adapter } : {}) };
}

export interface TrainAndRecordInput {
  command: string;
  doc: ProjectDoc;
  /** The project argument as given ("template lenet5" for a template), for metrics.json. */
  source: string;
  /** The project file, when the argument is one: the run is appended to it, its weightsPath relative to it. */
  projectPath?: string;
  settings: TrainingSettings;
  analysis: Analysis;
  data: CliTrainingData;
  backend: CliBackend;
  run: { id: string; name: string; startedAt: Date; origin: RunRecord['origin']; sweep?: RunRecord['sweep'] };
  /** The run's folder (already checked with checkOutputFolder). */
  out: string;
  control: TrainingControl;
  progress: Progress;
  /** Print the one-line summary of model, data and backend before training (on stderr). */
  announce: boolean;
  io: CliIO;
  /** Fine-tuning (--init): the weights to start from, all but a replaced classifier's (main/cli/fineTune.ts). */
  init?: CliInit;
}

export type TrainAndRecordResult =
  /** Could not build the model: nothing trained, nothing written. */
  | { kind: 'not-built'; code: 1 }
  /** Trained (or failed while training) and recorded; `written` false when its files or the project could not be written (message said). */
  | { kind: 'trained'; code: 0 | 1; written: boolean; run: RunRecord; out: string; wrote: string[]; result: { status: RunRecord['status']; failure?: { message: string }; seconds: number; samplesPerSec: number; bestEpoch?: number; valAccuracy: number | null; valLoss: number | null } };

export async function trainAndRecord(p: TrainAndRecordInput): Promise<TrainAndRecordResult> {
  const { command, doc, settings, analysis, data, backend, out, io, progress } = p;
  const { tf } = backend;
  const dataset = data.dataset;
  const { buildTfModelWithAnalysis } = await import('../../src/train/buildTfModel');
  const { train } = await import('../../src/train/trainer');
  const { graphHash } = await import('../../src/train/graphHash');
  const { exportWeights } = await import('../../src/train/applyWeights');
  const { modelJsonText, MODEL_JSON, WEIGHTS_BIN } = await import('../../src/train/weightsFiles');

  let model;
  try {
    // Built inside the seed: the same seed and backend give the same initial weights, so the same curves.
    model = withSeededRandom(settings.seed, () => buildTfModelWithAnalysis(doc.graph, tf, analysis).model);
    if (p.init) startFromInit(tf, model, p.init);
  } catch (e) {
    io.err(`${command}: ${(e as Error).message}`);
    return { kind: 'not-built', code: 1 };
  }
  const startedAt = Date.now();
  const batchLoss: number[] = [];
  let split = { trainSamples: 0, validationSamples: 0 };
  const adapter = backend.adapter;
  if (p.announce) io.err(`${doc.name}: ${model.countParams().toLocaleString('en')} parameters · ${data.source}${data.limit ? `, first ${dataset.n}` : ''} · tfjs ${backend.name}${adapter ? ` (${adapter})` : ''}`);
  const result = await train({
    tf,
    model,
    dataset,
    settings,
    control: p.control,
    graph: doc.graph, // its nodes' trainable / lrMultiplier flags (fine-tuning)
    activationBytesPerSample: analysis.totals.activationBytes,
    callbacks: {
      onStart: (s) => {
        split = { trainSamples: s.trainSamples, validationSamples: s.validationSamples };
        progress.start({ ...s, backend: backend.name, ...(adapter ? { adapter } : {}), params: model.countParams() });
      },
      onBatch: (b) => (batchLoss.push(b.loss), progress.batch(b)),
      onEpoch: (e) => progress.epoch(e),
    },
  });

  const hash = graphHash(doc.graph);
  const last = result.history.at(-1);
  const best = result.bestEpoch !== undefined ? result.history[result.bestEpoch] : last;
  const metrics = {
    project: doc.name,
    source: p.source,
    dataset: { source: data.source, samples: dataset.n, shape: [dataset.height, dataset.width, dataset.channels], classes: dataset.classNames, normalization: { mode: data.mode, ...dataset.normalization } },
    backend: backend.name,
    ...(adapter ? { adapter } : {}),
    graphHash: hash,
    params: model.countParams(),
    settings,
    status: result.status,
    ...(result.failure ? { failure: result.failure } : {}),
    epochs: result.history,
    bestEpoch: result.bestEpoch ?? null,
    valAccuracy: result.evaluation?.accuracy ?? null,
    valLoss: result.evaluation?.loss ?? null,
    trainAccuracy: best?.acc ?? null,
    seconds: result.seconds,
    samplesPerSec: result.samplesPerSec,
    confusion: result.evaluation?.confusion ?? null,
    perClass: result.evaluation?.perClass ?? null,
  };
  // One set: weights.bin, then model.json (it names weights.bin), then metrics.json; only metrics.json when nothing trained.
  const files: Record<string, string | Uint8Array> = {};
  if (result.status !== 'failed' || result.bestEpoch !== undefined) {
    const w = await exportWeights(tf, model);
    const shortMetrics: Record<string, number> = {};
    if (result.evaluation) Object.assign(shortMetrics, { valAcc: result.evaluation.accuracy, valLoss: result.evaluation.loss });
    files[WEIGHTS_BIN] = w.weightData;
    files[MODEL_JSON] = modelJsonText(w.modelTopology, w.weightSpecs, { graphHash: hash, trainedAt: new Date().toISOString(), metrics: shortMetrics, normalization: dataset.normalization, classNames: dataset.classNames });
  }
  files['metrics.json'] = JSON.stringify(metrics, null, 2);
  if (data.report) files[IMPORT_REPORT_JSON] = JSON.stringify(data.report, null, 2);
  const built = buildRunRecord({
    id: p.run.id,
    name: p.run.name,
    startedAt: p.run.startedAt,
    origin: p.run.origin,
    graph: doc.graph,
    settings,
    dataset: { ref: doc.dataset, ...split, ...(data.limit !== undefined ? { limit: data.limit } : {}) },
    init: p.init ? { kind: 'continued' } : { kind: 'fresh' },
    backend: { name: backend.name, ...(adapter ? { adapter } : {}) },
    params: model.countParams(),
    outcome: result,
    batchLoss,
    ...(p.run.sweep ? { sweep: p.run.sweep } : {}),
  });
  // weightsPath is where the folder is relative to the project file (any --out, not only the default).
  const run = p.projectPath ? { ...built, weightsPath: path.relative(path.dirname(path.resolve(p.projectPath)), out).split(path.sep).join('/') } : built;
  files[RUN_JSON] = runJsonText(run);
  model.dispose();
  const summary = { status: result.status, valAccuracy: metrics.valAccuracy, valLoss: metrics.valLoss, ...(result.failure ? { failure: result.failure } : {}), seconds: result.seconds, samplesPerSec: result.samplesPerSec, ...(result.bestEpoch !== undefined ? { bestEpoch: result.bestEpoch } : {}) };
  const wrote = [MODEL_JSON, WEIGHTS_BIN, 'metrics.json', IMPORT_REPORT_JSON, RUN_JSON].filter((f) => f in files);
  const notWritten = { kind: 'trained' as const, code: 1 as const, written: false, run, out, wrote, result: summary };
  try {
    await writeFileSetAtomically(out, files, { entry: MODEL_JSON in files ? MODEL_JSON : 'metrics.json' });
  } catch (e: any) {
    io.err(`${command}: could not write ${Object.keys(files).join(', ')} into ${out}: ${e?.message ?? e}`);
    return { ...notWritten, wrote: [] };
  }
  // TensorBoard logs of the epochs (train/, validation/), after the set: the weights stand even if these fail.
  try {
    const logs = await writeTensorboardLogs(out, result.history, { startedAt });
    wrote.push(...logs.map((f) => path.relative(out, f)));
  } catch (e: any) {
    io.err(`${command}: wrote ${wrote.join(', ')} but not the TensorBoard logs (train/, validation/) into ${out}: ${e?.message ?? e}`);
    return notWritten;
  }
  if (p.projectPath) {
    const appended = await appendRunToProject(p.projectPath, run);
    if (!appended.ok) {
      io.err(`${command}: wrote the run into ${out} but ${appended.message}`);
      return notWritten;
    }
  }
  progress.done({ status: result.status, valAccuracy: metrics.valAccuracy, valLoss: metrics.valLoss, seconds: result.seconds, samplesPerSec: result.samplesPerSec, out, files: wrote, ...(result.failure ? { failure: result.failure } : {}) });
  return { kind: 'trained', code: result.status === 'failed' ? 1 : 0, written: true, run, out, wrote, result: summary };
}
