// One training run as the project keeps it (#17 Runs): the graph it trained (hash plus a stored copy, so the
// run can be restored or diffed after the canvas moved on), the settings and data it used, how its weights
// started, its curves, final metrics, timing, backend and where its weights are. The app and the CLI write
// the same record; the project document holds the list (src/project/schema.ts `runs`).
import { z } from 'zod';
import { GraphSchema, type Graph } from '../graph/schema';
import { TrainingSettingsSchema } from '../train/settings';
import { EpochReportSchema, type EpochReport } from '../train/reports';
import { DatasetRefSchema } from '../project/datasetRef';
import { graphHash } from '../train/graphHash';

export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export const RunRecordSchema = z.object({
  /** Also the run's folder name under <project>.runs/. */
  id: z.string().regex(RUN_ID_PATTERN),
  /** "Run 3", or a sweep trial's "lr=0.01 batch=32". */
  name: z.string().max(200),
  startedAt: z.string().max(100),
  /** Who ran it: the app's Train button, the CLI, or a sweep (app or CLI). */
  origin: z.enum(['app', 'cli', 'sweep']),
  graphHash: z.string().max(200),
  graph: GraphSchema,
  /** The settings as trained; settings.seed is the split, shuffle and (fresh start) weight-initialisation seed. */
  settings: TrainingSettingsSchema,
  dataset: z.object({
    ref: DatasetRefSchema,
    /** Samples trained and validated on, and the "first N only" limit when one was set. */
    trainSamples: z.number().int().min(0),
    validationSamples: z.number().int().min(0),
    limit: z.number().int().min(1).optional(),
  }),
  /**
   * How the weights began: drawn fresh from settings.seed (a re-run gives the same curves), or continued from
   * weights held before (another run's, when known), which a re-run cannot reproduce.
   */
  init: z.discriminatedUnion('kind', [z.object({ kind: z.literal('fresh') }), z.object({ kind: z.literal('continued'), fromRun: z.string().max(64).optional() })]),
  backend: z.object({ name: z.string().max(40), adapter: z.string().max(300).optional() }),
  status: z.enum(['completed', 'early-stopped', 'stopped', 'failed']),
  failure: z.string().max(2000).optional(),
  epochs: z.array(EpochReportSchema).max(100_000),
  /** Per-batch training loss, every batch (the live chart's raw points), for overlaid curves. */
  batchLoss: z.array(z.number().nullable()).max(1_000_000).optional(),
  bestEpoch: z.number().int().min(0).optional(),
  metrics: z.object({
    valAccuracy: z.number().optional(),
    valLoss: z.number().optional(),
    trainAccuracy: z.number().optional(),
    trainLoss: z.number().optional(),
  }),
  params: z.number().int().min(0),
  seconds: z.number().min(0),
  samplesPerSec: z.number().min(0),
  /** The run's folder (model.json, weights.bin, train/, validation/), relative to the project file; absent until saved. */
  weightsPath: z.string().max(4096).optional(),
  notes: z.string().max(20_000).default(''),
  starred: z.boolean().default(false),
  /** A sweep's trial: which sweep and which point of it. */
  sweep: z.object({ id: z.string().max(64), trial: z.number().int().min(0), values: z.record(z.string(), z.union([z.number(), z.string()])) }).optional(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** A run id from its start time and a few random letters: sortable, unique, safe as a folder name. */
export function newRunId(startedAt: Date, rand: () => number = Math.random): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const t = `${startedAt.getUTCFullYear()}${p(startedAt.getUTCMonth() + 1)}${p(startedAt.getUTCDate())}-${p(startedAt.getUTCHours())}${p(startedAt.getUTCMinutes())}${p(startedAt.getUTCSeconds())}`;
  const tail = Array.from({ length: 4 }, () => 'abcdefghijkmnpqrstuvwxyz23456789'[Math.floor(rand() * 32)]).join('');
  return `r${t}-${tail}`;
}

/** "Run N": one more than the highest number among the runs named so. */
export function nextRunName(runs: readonly Pick<RunRecord, 'name'>[]): string {
  let max = 0;
  for (const r of runs) {
    const m = /^Run (\d+)$/.exec(r.name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `Run ${max + 1}`;
}

/**
 * Whether a run's stored graph is the one it trained (its hash), and whether the canvas moved on since:
 * `damaged` (the stored copy was edited: its weights no longer describe it), `changed` (the canvas graph
 * differs from the run's), or `same`.
 */
export function runGraphState(run: Pick<RunRecord, 'graph' | 'graphHash'>, current: Graph): 'same' | 'changed' | 'damaged' {
  if (graphHash(run.graph) !== run.graphHash) return 'damaged';
  return graphHash(current) === run.graphHash ? 'same' : 'changed';
}

/** The metrics a run ends with, from its last epoch and the evaluation of the kept (best) weights. */
export function runMetrics(epochs: readonly EpochReport[], evaluation: { accuracy: number; loss: number } | undefined, bestEpoch: number | undefined): RunRecord['metrics'] {
  const kept = bestEpoch !== undefined ? epochs[bestEpoch] : epochs.at(-1);
  const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : undefined);
  const m: RunRecord['metrics'] = {};
  const put = (k: keyof RunRecord['metrics'], v: number | undefined) => {
    const f = finite(v);
    if (f !== undefined) m[k] = f;
  };
  put('valAccuracy', evaluation?.accuracy ?? kept?.valAcc);
  put('valLoss', evaluation?.loss ?? kept?.valLoss);
  put('trainAccuracy', kept?.acc);
  put('trainLoss', kept?.loss);
  return m;
}

/** What a finished training tells about itself (the trainer's result, as the worker and the CLI have it). */
export interface RunOutcome {
  status: RunRecord['status'];
  failure?: { message: string };
  history: EpochReport[];
  bestEpoch?: number;
  evaluation?: { accuracy: number; loss: number };
  seconds: number;
  samplesPerSec: number;
}

/** One record for the app and the CLI alike, from what the run started with and how it ended. */
export function buildRunRecord(r: {
  id: string;
  name: string;
  startedAt: Date;
  origin: RunRecord['origin'];
  graph: Graph;
  settings: RunRecord['settings'];
  dataset: RunRecord['dataset'];
  init: RunRecord['init'];
  backend: RunRecord['backend'];
  params: number;
  outcome: RunOutcome;
  batchLoss?: readonly number[];
  sweep?: RunRecord['sweep'];
}): RunRecord {
  const o = r.outcome;
  return RunRecordSchema.parse({
    id: r.id,
    name: r.name,
    startedAt: r.startedAt.toISOString(),
    origin: r.origin,
    graphHash: graphHash(r.graph),
    graph: r.graph,
    settings: r.settings,
    dataset: r.dataset,
    init: r.init,
    backend: r.backend,
    status: o.status,
    ...(o.failure ? { failure: o.failure.message.slice(0, 2000) } : {}),
    epochs: o.history,
    // A diverged batch's loss (NaN, ±Infinity) is kept as null: JSON has no such numbers.
    ...(r.batchLoss ? { batchLoss: r.batchLoss.map((x) => (Number.isFinite(x) ? x : null)) } : {}),
    ...(o.bestEpoch !== undefined ? { bestEpoch: o.bestEpoch } : {}),
    metrics: runMetrics(o.history, o.evaluation, o.bestEpoch),
    params: r.params,
    seconds: Math.max(0, o.seconds),
    samplesPerSec: Number.isFinite(o.samplesPerSec) ? Math.max(0, o.samplesPerSec) : 0,
    ...(r.sweep ? { sweep: r.sweep } : {}),
  });
}
