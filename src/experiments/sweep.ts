// Sweeps (#17 Sweeps): a grid or seeded random search over training settings and node parameters. Pure core
// shared by the app's sweep runner and `cnn-studio sweep`: plan the trials, put one trial into a document
// (validated by the settings and layer schemas), and tell which trials a resumed sweep still has to run.
import { z } from 'zod';
import type { ProjectDoc } from '../project/schema';
import { TrainingSettingsSchema } from '../train/settings';
import { getLayer } from '../layers/registry';
import { mulberry32 } from '../train/random';
import { newRunId, RunRecordSchema } from './runRecord';

const AxisValuesSchema = z.array(z.union([z.number(), z.string()])).min(1).max(100);

export const SETTING_KEYS = ['learningRate', 'batchSize', 'optimizer', 'epochs'] as const;

export const SweepAxisSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('setting'), key: z.enum(SETTING_KEYS), values: AxisValuesSchema }),
  z.object({
    kind: z.literal('param'),
    /** Node id or name, e.g. "C1". */
    node: z.string().min(1).max(200),
    /** A layer parameter ("filters"), or "pool" (max | average | l2) on a 2-D pooling node, which changes its type. */
    param: z.string().min(1).max(100),
    values: AxisValuesSchema,
  }),
]);
export type SweepAxis = z.infer<typeof SweepAxisSchema>;

export const SweepSpecSchema = z.object({
  mode: z.enum(['grid', 'random']),
  axes: z.array(SweepAxisSchema).min(1).max(12),
  /** Random: how many draws (default 8); grid: a cap on the number of trials. */
  trials: z.number().int().min(1).max(1000).optional(),
  /** Seed of the random draws. */
  seed: z.number().int().min(0).default(1),
  /** Early stopping (settings.earlyStoppingPatience) for every trial; 0 = off. */
  patience: z.number().int().min(0).max(1000).default(2),
});
export type SweepSpec = z.infer<typeof SweepSpecSchema>;

export interface SweepTrial {
  index: number;
  /** Keyed by axisLabel. */
  values: Record<string, number | string>;
}

export const DEFAULT_RANDOM_TRIALS = 8;

const SETTING_LABELS: Record<(typeof SETTING_KEYS)[number], string> = { learningRate: 'lr', batchSize: 'batch', optimizer: 'optimizer', epochs: 'epochs' };

/** "lr", "batch", "optimizer", "epochs", "C1.filters". */
export function axisLabel(axis: SweepAxis): string {
  return axis.kind === 'setting' ? SETTING_LABELS[axis.key] : `${axis.node}.${axis.param}`;
}

/** Grid: the cartesian product, first axis slowest (like nested loops), capped by `trials`; random: `trials` seeded draws. */
export function planSweep(spec: SweepSpec): SweepTrial[] {
  const labels = spec.axes.map(axisLabel);
  const trial = (index: number, picks: readonly (number | string)[]): SweepTrial => ({
    index,
    values: Object.fromEntries(labels.map((l, i) => [l, picks[i]])),
  });
  if (spec.mode === 'random') {
    const rand = mulberry32(spec.seed);
    const n = spec.trials ?? DEFAULT_RANDOM_TRIALS;
    return Array.from({ length: n }, (_, i) => trial(i, spec.axes.map((a) => a.values[Math.floor(rand() * a.values.length)])));
  }
  const size = spec.axes.reduce((n, a) => n * a.values.length, 1);
  const n = Math.min(size, spec.trials ?? size);
  const out: SweepTrial[] = [];
  for (let i = 0; i < n; i++) {
    // Mixed-radix digits of i, last axis fastest.
    const picks: (number | string)[] = new Array(spec.axes.length);
    let rest = i;
    for (let a = spec.axes.length - 1; a >= 0; a--) {
      const len = spec.axes[a].values.length;
      picks[a] = spec.axes[a].values[rest % len];
      rest = Math.floor(rest / len);
    }
    out.push(trial(i, picks));
  }
  return out;
}

/** "lr=0.01 batch=32". */
export function trialName(trial: SweepTrial): string {
  return Object.entries(trial.values)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')
    .slice(0, 200);
}

const POOL_TYPES: Record<string, string> = { max: 'MaxPooling2D', average: 'AveragePooling2D', l2: 'L2Pooling2D' };
const POOL_NAMES = Object.keys(POOL_TYPES);

/** A numeric string ("0.01", from a CLI list or a text field) read as the number it spells. */
const asNumber = (v: number | string): number | string => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);

const issueText = (e: z.ZodError) => e.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

/** Param names a layer's schema knows (its object shape), for messages. */
function schemaKeys(schema: unknown): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * The document with one trial's values put in: settings (validated by TrainingSettingsSchema), early-stopping
 * patience from the spec, and node params (validated by the layer's schema). An unknown node or param, or a
 * value the schema refuses, gives a message naming what exists or what was wrong.
 */
export function applyTrial(doc: ProjectDoc, spec: SweepSpec, trial: SweepTrial): { ok: true; doc: ProjectDoc } | { ok: false; message: string } {
  let settings: Record<string, unknown> = { ...doc.training, earlyStoppingPatience: spec.patience };
  const nodes = doc.graph.nodes.map((n) => ({ ...n, params: { ...n.params } }));
  for (const axis of spec.axes) {
    const label = axisLabel(axis);
    if (!(label in trial.values)) return { ok: false, message: `Trial ${trial.index} has no value for "${label}".` };
    const raw = trial.values[label];
    if (axis.kind === 'setting') {
      const value = axis.key === 'optimizer' ? raw : asNumber(raw);
      const next = { ...settings, [axis.key]: value };
      const parsed = TrainingSettingsSchema.safeParse(next);
      if (!parsed.success) return { ok: false, message: `${label}=${raw} is not a valid ${axis.key}: ${issueText(parsed.error)}.` };
      settings = next;
      continue;
    }
    const node = nodes.find((n) => n.id === axis.node) ?? nodes.find((n) => n.name === axis.node);
    if (!node) {
      const names = nodes.map((n) => n.name ?? n.id);
      return { ok: false, message: `No node "${axis.node}" in the graph. Nodes: ${names.join(', ')}.` };
    }
    const nodeLabel = node.name ?? node.id;
    const def = getLayer(node.type);
    if (!def) return { ok: false, message: `Node "${nodeLabel}" has an unknown layer type "${node.type}".` };
    const isPool2d = Object.values(POOL_TYPES).includes(node.type);
    if (axis.param === 'pool') {
      if (!isPool2d) return { ok: false, message: `"pool" changes a 2-D pooling node's type; "${nodeLabel}" is ${node.type}. Its params: ${schemaKeys(def.schema).join(', ') || '(none)'}.` };
      const type = typeof raw === 'string' ? POOL_TYPES[raw] : undefined;
      if (!type) return { ok: false, message: `${label}=${raw}: the pooling type is one of ${POOL_NAMES.join(', ')}.` };
      node.type = type;
      continue;
    }
    const keys = schemaKeys(def.schema);
    if (!keys.includes(axis.param)) {
      const extra = isPool2d ? ', pool' : '';
      return { ok: false, message: `Node "${nodeLabel}" (${node.type}) has no param "${axis.param}". Its params: ${keys.join(', ') || '(none)'}${extra}.` };
    }
    // Take the value as given; a numeric string the schema refuses is tried as the number it spells.
    let value: unknown = raw;
    let parsed = def.schema.safeParse({ ...node.params, [axis.param]: value });
    if (!parsed.success && asNumber(raw) !== raw) {
      value = asNumber(raw);
      parsed = def.schema.safeParse({ ...node.params, [axis.param]: value });
    }
    if (!parsed.success) return { ok: false, message: `${label}=${raw} is refused by ${node.type}: ${issueText(parsed.error)}.` };
    node.params[axis.param] = value;
  }
  return { ok: true, doc: { ...doc, training: TrainingSettingsSchema.parse(settings), graph: { ...doc.graph, nodes } } };
}

export const SweepStateSchema = z.object({
  id: z.string().min(1).max(64),
  spec: SweepSpecSchema,
  done: z.array(
    z.object({
      trial: z.number().int().min(0),
      runId: z.string().optional(),
      status: RunRecordSchema.shape.status,
      metrics: RunRecordSchema.shape.metrics,
    }),
  ),
});
export type SweepState = z.infer<typeof SweepStateSchema>;

/**
 * The trials a resumed sweep still has to run, in plan order: those with no entry in `done`, or whose run was
 * stopped part-way (a user's stop), which are run again. Completed, early-stopped and failed trials are kept.
 */
export function nextTrials(plan: readonly SweepTrial[], state: SweepState): SweepTrial[] {
  const finished = new Set(state.done.filter((d) => d.status !== 'stopped').map((d) => d.trial));
  return plan.filter((t) => !finished.has(t.index));
}

/** A sweep's id, made like a run's (start time + a few letters: sortable, folder-safe) with an `s` for sweep. */
export const newSweepId = (at: Date): string => newRunId(at).replace(/^r/, 's');
