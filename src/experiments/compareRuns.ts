// Two or more runs side by side (#17 Compare): one table of settings and metrics with the rows that differ
// flagged, the curves to overlay, and which runs trained another graph than the first (the baseline), with
// that graph diff — so runs of different networks are never mixed without saying so. A record whose stored
// graph no longer matches its hash is refused: its weights and curves do not describe that graph.
import type { Graph } from '../graph/schema';
import type { RunRecord } from './runRecord';
import { runGraphState } from './runRecord';
import { diffGraphs, type GraphDiff } from './graphDiff';

export interface CompareRow {
  key: string;
  /** One cell per run, as text (numbers formatted), in the runs' order. */
  values: string[];
  differs: boolean;
  group: 'setting' | 'data' | 'result';
}

export interface RunComparison {
  runs: RunRecord[];
  rows: CompareRow[];
  /** Per run after the first: the diff from the baseline's graph to its graph (undefined: the same graph). */
  diffs: (GraphDiff | undefined)[];
  /** Run ids whose graph differs from the baseline's. */
  otherGraph: string[];
  /** Run ids whose graph differs from the canvas. */
  changedSince: string[];
}

const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);
const num = (x: number | undefined, digits = 4) => (x === undefined ? '—' : Number(x.toPrecision(digits)).toString());

/** The rows shown, in order: what was set, what it trained on, what came out. */
const ROWS: { key: string; group: CompareRow['group']; cell: (r: RunRecord) => string }[] = [
  { key: 'graph', group: 'setting', cell: (r) => r.graphHash },
  { key: 'params', group: 'setting', cell: (r) => r.params.toLocaleString('en') },
  { key: 'optimizer', group: 'setting', cell: (r) => r.settings.optimizer },
  { key: 'learningRate', group: 'setting', cell: (r) => String(r.settings.learningRate) },
  { key: 'schedule', group: 'setting', cell: (r) => r.settings.schedule },
  { key: 'batchSize', group: 'setting', cell: (r) => String(r.settings.batchSize) },
  { key: 'epochs', group: 'setting', cell: (r) => `${r.epochs.length} / ${r.settings.epochs}` },
  { key: 'weightDecay', group: 'setting', cell: (r) => String(r.settings.weightDecay) },
  { key: 'augmentation', group: 'setting', cell: (r) => `${r.settings.augmentation.shift}, ${r.settings.augmentation.scale}, ${r.settings.augmentation.rotationDeg}°` },
  { key: 'seed', group: 'setting', cell: (r) => String(r.settings.seed) },
  { key: 'init', group: 'setting', cell: (r) => (r.init.kind === 'fresh' ? 'fresh' : `continued${r.init.fromRun ? ` (${r.init.fromRun})` : ''}`) },
  { key: 'backend', group: 'setting', cell: (r) => r.backend.name },
  { key: 'dataset', group: 'data', cell: (r) => (r.dataset.ref.kind === 'mnist' ? 'mnist' : `${r.dataset.ref.kind} ${r.dataset.ref.path ?? ''}`.trim()) },
  { key: 'samples', group: 'data', cell: (r) => `${r.dataset.trainSamples} / ${r.dataset.validationSamples}` },
  { key: 'status', group: 'result', cell: (r) => r.status },
  { key: 'valAccuracy', group: 'result', cell: (r) => pct(r.metrics.valAccuracy) },
  { key: 'valLoss', group: 'result', cell: (r) => num(r.metrics.valLoss) },
  { key: 'trainAccuracy', group: 'result', cell: (r) => pct(r.metrics.trainAccuracy) },
  { key: 'trainLoss', group: 'result', cell: (r) => num(r.metrics.trainLoss) },
  { key: 'seconds', group: 'result', cell: (r) => `${r.seconds.toFixed(1)} s` },
  { key: 'samplesPerSec', group: 'result', cell: (r) => Math.round(r.samplesPerSec).toLocaleString('en') },
];

export const COMPARE_ROW_KEYS = ROWS.map((r) => r.key);

/**
 * Compares runs (the first is the baseline). Refuses fewer than two runs, or a damaged record, with the reason;
 * `current` is the canvas graph, for the "changed since" marks.
 */
export function compareRuns(runs: readonly RunRecord[], current: Graph): { ok: true; value: RunComparison } | { ok: false; message: string } {
  if (runs.length < 2) return { ok: false, message: 'Pick two or more runs to compare (tick them in the Runs view).' };
  const damaged = runs.filter((r) => runGraphState(r, current) === 'damaged');
  if (damaged.length)
    return { ok: false, message: `${damaged.map((r) => r.name).join(', ')}: the stored graph was edited after training (its hash no longer matches), so its curves and weights do not describe it — leave it out of the comparison.` };
  const rows = ROWS.map(({ key, group, cell }) => {
    const values = runs.map(cell);
    return { key, group, values, differs: values.some((v) => v !== values[0]) };
  });
  const base = runs[0];
  const diffs = runs.slice(1).map((r) => (r.graphHash === base.graphHash ? undefined : diffGraphs(base.graph, r.graph)));
  return {
    ok: true,
    value: {
      runs: [...runs],
      rows,
      diffs,
      otherGraph: runs.filter((r) => r.graphHash !== base.graphHash).map((r) => r.id),
      changedSince: runs.filter((r) => runGraphState(r, current) === 'changed').map((r) => r.id),
    },
  };
}

export interface CurveSet {
  /** Epoch numbers 1…N of the longest run. */
  x: number[];
  /** Per run, per metric: one value per epoch (null past the run's end or where it had none). */
  lines: { runId: string; loss: (number | null)[]; valLoss: (number | null)[]; acc: (number | null)[]; valAcc: (number | null)[] }[];
}

/** Per-epoch curves of each run on one epoch axis, for overlaid loss and accuracy charts. */
export function overlayCurves(runs: readonly RunRecord[]): CurveSet {
  const n = Math.max(0, ...runs.map((r) => r.epochs.length));
  const x = Array.from({ length: n }, (_, i) => i + 1);
  const at = (r: RunRecord, pick: (e: RunRecord['epochs'][number]) => number | undefined) =>
    x.map((_, i) => {
      const v = r.epochs[i] ? pick(r.epochs[i]) : undefined;
      return v !== undefined && Number.isFinite(v) ? v : null;
    });
  return { x, lines: runs.map((r) => ({ runId: r.id, loss: at(r, (e) => e.loss), valLoss: at(r, (e) => e.valLoss), acc: at(r, (e) => e.acc), valAcc: at(r, (e) => e.valAcc) })) };
}

export type RunSortKey = 'name' | 'startedAt' | 'valAccuracy' | 'valLoss' | 'epochs' | 'params' | 'seconds' | 'backend' | 'starred';

/** The Runs view's order: by a column, missing values last whichever the direction. */
export function sortRuns(runs: readonly RunRecord[], key: RunSortKey, dir: 'asc' | 'desc'): RunRecord[] {
  const value = (r: RunRecord): number | string | undefined => {
    switch (key) {
      case 'name':
        return r.name.toLowerCase();
      case 'startedAt':
        return r.startedAt;
      case 'valAccuracy':
        return r.metrics.valAccuracy;
      case 'valLoss':
        return r.metrics.valLoss;
      case 'epochs':
        return r.epochs.length;
      case 'params':
        return r.params;
      case 'seconds':
        return r.seconds;
      case 'backend':
        return r.backend.name;
      case 'starred':
        return r.starred ? 1 : 0;
    }
  };
  const sign = dir === 'asc' ? 1 : -1;
  return runs
    .map((r, i) => ({ r, i, v: value(r) }))
    .sort((a, b) => {
      if (a.v === undefined || b.v === undefined) return a.v === b.v ? a.i - b.i : a.v === undefined ? 1 : -1;
      const c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map((x) => x.r);
}
