// `cnn-studio sweep <project|template>` (#17 Sweeps): a grid or seeded random search over learning rate, batch
// size, optimizer, epochs and node parameters, run one trial after another in this process, each its own run
// (origin 'sweep') in <out>/<run id>/ and, for a project file, appended to its runs. The data and the backend are
// loaded once for all trials. Every trial's document is checked (src/experiments/sweep.ts applyTrial, then the
// graph checks) before the first trains. After each trial <out>/sweep.json (SweepStateSchema) is rewritten
// atomically, so a killed or Ctrl-C'd sweep continues with --resume. Exit 0 when every trial ran, 1 when one
// failed, 2 on misuse, 130 when stopped with Ctrl-C (resumable).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defineCommand, type CliIO } from './command';
import { choice, CliUsageError, custom, flag, integer, text } from './options';
import { loadProjectArg, PROJECT_ARGUMENT } from './loadProject';
import { makeProgress } from './trainProgress';
import { checkTrainable, dataMismatch, loadCliBackend, loadCliTrainingData, printImportReport, trainAndRecord } from './trainRun';
import { atomicWrite } from '../../node/fs/atomicWrite';
import { checkOutputFolder } from '../../node/fs/outputFolder';
import { RUN_JSON } from '../../node/experiments/recordRun';
import { newRunId, RunRecordSchema } from '../../src/experiments/runRecord';
import { applyTrial, axisLabel, newSweepId, nextTrials, planSweep, SweepSpecSchema, SweepStateSchema, trialName, type SweepAxis, type SweepSpec, type SweepState, type SweepTrial } from '../../src/experiments/sweep';

export const SWEEP_JSON = 'sweep.json';
/** Exit code of a sweep stopped with Ctrl-C (128 + SIGINT): its state is left for --resume. */
export const EXIT_INTERRUPTED = 130;

type Value = number | string;

/** "0.001,0.01": a comma list; numbers stay numbers (`number` also checks each one). */
function listParser(what: string, check?: (n: number) => boolean) {
  return (raw: string, flagName: string): Value[] => {
    const parts = raw.split(',').map((p) => p.trim());
    if (parts.some((p) => p === '')) throw new CliUsageError(`${flagName} takes a comma-separated list of ${what}, e.g. ${flagName} ${check ? '0.001,0.01' : 'adam,sgd'} — not "${raw}".`);
    return parts.map((p) => {
      if (!check) return Number.isFinite(Number(p)) ? Number(p) : p;
      const n = Number(p);
      if (!Number.isFinite(n) || !check(n)) throw new CliUsageError(`${flagName} takes ${what}; "${p}" in "${raw}" is not one.`);
      return n;
    });
  };
}

/** --param "C1.filters=6,16;S2.pool=max,average": node.param=values, `;` between axes. */
function parseParamAxes(raw: string, flagName: string): SweepAxis[] {
  return raw
    .split(';')
    .filter((p) => p.trim() !== '')
    .map((part) => {
      const m = /^\s*([^.=\s][^=]*?)\.([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(part);
      if (!m) throw new CliUsageError(`${flagName} takes NODE.PARAM=V1,V2 axes separated by ";", e.g. ${flagName} "C1.filters=6,16;S2.pool=max,average" — not "${part.trim()}".`);
      return { kind: 'param' as const, node: m[1].trim(), param: m[2], values: listParser('values', undefined)(m[3], `${flagName} ${m[1].trim()}.${m[2]}`) };
    });
}

const AXIS_FLAGS = ['lr', 'batch', 'optimizer', 'epochs', 'param'] as const;
const SPEC_FLAGS = ['mode', 'seed', 'patience'] as const;

export const sweepCommand = defineCommand({
  name: 'sweep',
  summary: 'Grid or random search over settings and node parameters: one run per trial, a results table, resumable',
  arguments: [PROJECT_ARGUMENT],
  options: {
    data: text({ placeholder: 'mnist|DIR', description: 'the training data, as for train', defaultText: "the project's dataset" }),
    spec: text({ placeholder: 'FILE', description: 'a sweep spec (JSON: {"mode", "axes": [{"kind":"setting","key","values"} | {"kind":"param","node","param","values"}], "trials", "seed", "patience"}) instead of the axis flags' }),
    lr: custom({ placeholder: 'X,Y,…', description: 'learning rates to try', parse: listParser('positive numbers', (n) => n > 0) }),
    batch: custom({ placeholder: 'N,M,…', description: 'batch sizes to try', parse: listParser('whole numbers ≥ 1', (n) => Number.isInteger(n) && n >= 1) }),
    optimizer: custom({ placeholder: 'NAME,…', description: 'optimizers to try (sgd, momentum, nesterov, adam, rmsprop)', parse: listParser('optimizer names') }),
    epochs: custom({ placeholder: 'N,M,…', description: 'epoch counts to try', parse: listParser('whole numbers ≥ 1', (n) => Number.isInteger(n) && n >= 1) }),
    param: custom({ placeholder: 'NODE.PARAM=V,…;…', description: 'node parameters to try, e.g. "C1.filters=6,16;S2.pool=max,average,l2" (pool changes a pooling node\'s type)', parse: parseParamAxes }),
    mode: choice({ grid: 'every combination (first axis slowest)', random: '--trials seeded draws' }, { description: 'how trials are chosen', defaultText: 'grid' }),
    trials: integer({ min: 1, description: 'random: how many draws; grid: at most this many trials. With --resume it replaces the saved count', defaultText: 'random 8, grid all' }),
    seed: integer({ min: 0, description: 'seed of the random draws', defaultText: '1' }),
    patience: integer({ min: 0, description: 'early stopping for every trial: stop a trial after N epochs without a better validation loss; 0 = off', defaultText: '2' }),
    limit: integer({ min: 10, description: 'train on the first N samples only (a quick sweep)' }),
    normalize: choice(['unit', 'symmetric', 'standardize'], { description: 'how pixels are scaled, as for train', defaultText: "what the project's dataset import chose, else unit" }),
    backend: choice(['auto', 'webgpu', 'wasm', 'cpu'], { description: 'the tfjs backend, as for train', default: 'auto' }),
    out: text({ placeholder: 'DIR', description: 'the folder for sweep.json and one folder per trial run', defaultText: '<project>.runs/ beside a project file, sweep-<template> for a template' }),
    resume: flag('continue the sweep saved in --out/sweep.json: run the trials not done yet (and those stopped part-way)'),
    json: flag('print one JSON object on stdout at the end: {"sweep", "spec", "planned", "trials": [{"trial", "values", "runId", "status", "metrics"}]}'),
  },
  examples: [
    'cnn-studio sweep lenet5 --lr 0.001,0.01 --param "C1.filters=4,6" --epochs 1 --limit 2000',
    'cnn-studio sweep my.cnnproj --optimizer adam,sgd --batch 32,64 --param "S2.pool=max,average,l2" --epochs 4',
    'cnn-studio sweep my.cnnproj --spec sweep.json --resume --json',
  ],
  async run({ args: [project], options: o, verbose }, io) {
    const loaded = await loadProjectArg(project);
    if (!loaded.ok) return (io.err(`sweep: ${loaded.message}`), 2);
    const { doc } = loaded;
    const isFile = !loaded.source.startsWith('template ');
    const outDir = path.resolve(o.out ?? (isFile ? path.join(path.dirname(path.resolve(project)), `${path.basename(project).replace(/\.cnnproj$/i, '')}.runs`) : `sweep-${loaded.source.slice('template '.length)}`));
    const statePath = path.join(outDir, SWEEP_JSON);

    const given = await specFromOptions(o);
    if (!given.ok) return (io.err(`sweep: ${given.message}`), 2);
    const saved = await readState(statePath);
    if (!saved.ok) return (io.err(`sweep: ${saved.message}`), 2);
    let state: SweepState;
    if (o.resume) {
      if (!saved.state) return (io.err(`sweep: --resume needs a saved sweep, and ${statePath} does not exist — run the sweep without --resume first (or give the --out it used).`), 2);
      const savedSpec = saved.state.spec;
      const differs = given.spec ? specDifference(savedSpec, given.spec) : SPEC_FLAGS.filter((f) => o[f] !== undefined && o[f] !== savedSpec[f]).map((f) => `${f} is ${savedSpec[f]} there, ${o[f]} here`)[0];
      if (differs) return (io.err(`sweep: the sweep in ${statePath} differs from the one given: ${differs}. Give the same axes (or none, to use the saved ones), or start a new sweep with another --out.`), 2);
      const spec = o.trials !== undefined ? { ...saved.state.spec, trials: o.trials } : saved.state.spec;
      state = { ...saved.state, spec };
    } else {
      if (!given.spec) return (io.err('sweep: nothing to sweep — give axes (--lr, --batch, --optimizer, --epochs, --param) or --spec FILE, e.g. `cnn-studio sweep lenet5 --lr 0.001,0.01`.'), 2);
      const savedPlan = saved.state ? planSweep(saved.state.spec) : [];
      const left = saved.state ? nextTrials(savedPlan, saved.state).length : 0;
      if (left > 0) return (io.err(`sweep: ${statePath} holds an unfinished sweep (${savedPlan.length - left} of ${savedPlan.length} trials done) — add --resume to continue it, or give another --out.`), 2);
      state = { id: newSweepId(new Date()), spec: given.spec, done: [] };
    }
    const { spec } = state;
    const plan = planSweep(spec);
    const todo = nextTrials(plan, state);

    // Every trial's document, checked before the first one trains.
    const docs = new Map<number, ReturnType<typeof applyTrial> & { ok: true }>();
    const analyses = new Map<number, Awaited<ReturnType<typeof checkTrainable>> & { ok: true }>();
    for (const trial of todo) {
      const applied = applyTrial(doc, spec, trial);
      if (!applied.ok) return (io.err(`sweep: trial ${trial.index + 1} (${trialName(trial)}): ${applied.message}`), 2);
      const trainable = await checkTrainable('sweep', applied.doc, applied.doc.training);
      if (!trainable.ok) return (io.err(`${trainable.message} (trial ${trial.index + 1}: ${trialName(trial)})`), 1);
      docs.set(trial.index, applied);
      analyses.set(trial.index, trainable);
    }
    try {
      await fs.mkdir(outDir, { recursive: true });
    } catch (e) {
      return (io.err(`sweep: --out ${outDir}: ${(e as Error).message}`), 2);
    }

    let data;
    try {
      data = await loadCliTrainingData({ data: o.data, doc, ...(isFile ? { projectPath: project } : {}), limit: o.limit, normalize: o.normalize });
    } catch (e) {
      return (io.err(`sweep: ${(e as Error).message}`), 2);
    }
    printImportReport(data, io, false);
    for (const [index, applied] of docs) {
      const mismatch = dataMismatch('sweep', applied.doc, analyses.get(index)!.analysis, data);
      if (mismatch) return (io.err(`${mismatch} (trial ${index + 1})`), 1);
    }
    const backend = await loadCliBackend('sweep', o.backend, { verbose, io });
    const { TrainingControl } = await import('../../src/train/control');

    const ranNow = new Map<number, { epochs: number; seconds: number }>();
    let control = new TrainingControl();
    let interrupted = false;
    const abort = () => process.exit(EXIT_INTERRUPTED);
    const onSigint = () => {
      io.err(`\nsweep: stopping this trial after its batch, and the sweep with it (Ctrl-C again to abort) — --resume runs the rest.`);
      interrupted = true;
      control.stop();
      process.once('SIGINT', abort);
    };
    process.once('SIGINT', onSigint);
    let failed = false;
    try {
      io.err(`sweep ${state.id}: ${todo.length} of ${plan.length} trial${plan.length === 1 ? '' : 's'} to run${state.done.length ? ` (${state.done.length} done before)` : ''} · tfjs ${backend.name}${backend.adapter ? ` (${backend.adapter})` : ''}`);
      await writeState(statePath, state);
      for (const trial of todo) {
        if (interrupted) break;
        control = new TrainingControl();
        const trialDoc = docs.get(trial.index)!.doc;
        const startedAt = new Date();
        const runId = newRunId(startedAt);
        const out = path.join(outDir, runId);
        try {
          await checkOutputFolder(out);
        } catch (e) {
          io.err(`sweep: ${(e as Error).message}`);
          failed = true;
          break;
        }
        io.err(`trial ${trial.index + 1}/${plan.length}: ${trialName(trial)}`);
        const trained = await trainAndRecord({
          command: 'sweep',
          doc: trialDoc,
          source: loaded.source,
          ...(isFile ? { projectPath: project } : {}),
          settings: trialDoc.training,
          analysis: analyses.get(trial.index)!.analysis,
          data,
          backend,
          run: { id: runId, name: trialName(trial), startedAt, origin: 'sweep', sweep: { id: state.id, trial: trial.index, values: trial.values } },
          out,
          control,
          progress: makeProgress(io, { json: false, tty: !!process.stderr.isTTY }),
          announce: false,
          io,
        });
        if (trained.kind === 'not-built') {
          state = withDone(state, { trial: trial.index, status: 'failed', metrics: {} });
          failed = true;
        } else {
          const { run, result } = trained;
          state = withDone(state, { trial: trial.index, runId: run.id, status: run.status, metrics: run.metrics });
          ranNow.set(trial.index, { epochs: run.epochs.length, seconds: run.seconds });
          const acc = result.valAccuracy !== null ? `validation accuracy ${(result.valAccuracy * 100).toFixed(2)}%` : 'no validation set';
          io.err(`  ${result.status} in ${result.seconds.toFixed(1)} s, ${acc}${result.failure ? ` — ${result.failure.message}` : ''}`);
          if (trained.code !== 0) failed = true;
        }
        await writeState(statePath, state);
        // A run that could not be written (disk, project file) would fail the same way for the next trials.
        if (trained.kind === 'trained' && !trained.written) break;
      }
    } catch (e) {
      io.err(`sweep: ${(e as Error).message}`);
      return 1;
    } finally {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGINT', abort);
    }

    const rows = await resultRows(plan, state, outDir, ranNow);
    if (o.json) io.out(JSON.stringify({ sweep: state.id, spec, planned: plan.length, trials: rows.map(({ trial, values, runId, status, metrics }) => ({ trial, values, ...(runId ? { runId } : {}), status, metrics })) }));
    else printTable(io, rows);
    if (interrupted) {
      io.err(`sweep: stopped — ${statePath} keeps ${state.done.length} of ${plan.length} trials; \`--resume\` (same --out) runs the rest.`);
      return EXIT_INTERRUPTED;
    }
    return failed ? 1 : 0;
  },
});

type SpecOptions = { spec?: string; lr?: Value[]; batch?: Value[]; optimizer?: Value[]; epochs?: Value[]; param?: SweepAxis[]; mode?: 'grid' | 'random'; trials?: number; seed?: number; patience?: number };

/** The spec from --spec or from the axis flags (not both); undefined when neither gives axes. */
async function specFromOptions(o: SpecOptions): Promise<{ ok: true; spec?: SweepSpec } | { ok: false; message: string }> {
  const axisFlags = AXIS_FLAGS.filter((f) => o[f] !== undefined);
  if (o.spec !== undefined) {
    const clash = [...axisFlags, ...SPEC_FLAGS.filter((f) => o[f] !== undefined)];
    if (clash.length) return { ok: false, message: `--spec and ${clash.map((f) => `--${f}`).join(', ')} cannot be given together: put the axes (and mode, seed, patience) in ${o.spec}, or drop --spec.` };
    let raw: unknown;
    try {
      raw = JSON.parse(await fs.readFile(o.spec, 'utf8'));
    } catch (e) {
      return { ok: false, message: `--spec ${o.spec}: ${(e as Error).message}` };
    }
    const parsed = SweepSpecSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, message: `--spec ${o.spec} is not a sweep spec: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}.` };
    return { ok: true, spec: o.trials !== undefined ? { ...parsed.data, trials: o.trials } : parsed.data };
  }
  if (!axisFlags.length) return { ok: true };
  const setting = (key: 'learningRate' | 'batchSize' | 'optimizer' | 'epochs', values?: Value[]): SweepAxis[] => (values ? [{ kind: 'setting', key, values }] : []);
  const axes = [...setting('learningRate', o.lr), ...setting('batchSize', o.batch), ...setting('optimizer', o.optimizer), ...setting('epochs', o.epochs), ...(o.param ?? [])];
  const parsed = SweepSpecSchema.safeParse({ mode: o.mode ?? 'grid', axes, ...(o.trials !== undefined ? { trials: o.trials } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.patience !== undefined ? { patience: o.patience } : {}) });
  if (!parsed.success) return { ok: false, message: `the sweep is out of range: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.` };
  const labels = parsed.data.axes.map(axisLabel);
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice) return { ok: false, message: `the axis ${twice} is given twice: give each once, with all its values.` };
  return { ok: true, spec: parsed.data };
}

/** What differs between the saved spec and the given one (trials excepted: --resume may change it), in words. */
export function specDifference(saved: SweepSpec, given: SweepSpec): string | undefined {
  if (saved.mode !== given.mode) return `mode is ${saved.mode} there, ${given.mode} here`;
  if (saved.seed !== given.seed) return `seed is ${saved.seed} there, ${given.seed} here`;
  if (saved.patience !== given.patience) return `patience is ${saved.patience} there, ${given.patience} here`;
  const a = saved.axes.map(axisLabel);
  const b = given.axes.map(axisLabel);
  const missing = a.find((l) => !b.includes(l));
  if (missing) return `the axis ${missing} is not given here`;
  const extra = b.find((l) => !a.includes(l));
  if (extra) return `the axis ${extra} is not in the saved sweep`;
  if (a.join('|') !== b.join('|')) return `the axes are in another order (${a.join(', ')} there)`;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [saved.axes[i].values, given.axes[i].values];
    if (JSON.stringify(x) !== JSON.stringify(y)) return `${a[i]} is ${x.join(',')} there, ${y.join(',')} here`;
  }
  return undefined;
}

async function readState(file: string): Promise<{ ok: true; state?: SweepState } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e: any) {
    if (e?.code === 'ENOENT') return { ok: true };
    return { ok: false, message: `could not read ${file}: ${e?.message ?? e}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `${file} is not JSON (${(e as Error).message}) — remove it, or give another --out.` };
  }
  const parsed = SweepStateSchema.safeParse(raw);
  return parsed.success ? { ok: true, state: parsed.data } : { ok: false, message: `${file} is not a sweep's state (${parsed.error.issues[0]?.message}) — remove it, or give another --out.` };
}

const writeState = (file: string, state: SweepState) => atomicWrite(file, `${JSON.stringify(SweepStateSchema.parse(state), null, 2)}\n`);

/** The state with this trial's outcome (replacing an earlier stopped one). */
function withDone(state: SweepState, entry: SweepState['done'][number]): SweepState {
  return { ...state, done: [...state.done.filter((d) => d.trial !== entry.trial), entry] };
}

interface Row {
  trial: number;
  values: SweepTrial['values'];
  runId?: string;
  status: SweepState['done'][number]['status'];
  metrics: SweepState['done'][number]['metrics'];
  epochs?: number;
  seconds?: number;
}

/** Every done trial in plan order; epochs and seconds of earlier sessions' trials from their run.json. */
async function resultRows(plan: readonly SweepTrial[], state: SweepState, outDir: string, ranNow: ReadonlyMap<number, { epochs: number; seconds: number }>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const t of plan) {
    const d = state.done.find((x) => x.trial === t.index);
    if (!d) continue;
    let extra = ranNow.get(t.index);
    if (!extra && d.runId) {
      const run = await fs.readFile(path.join(outDir, d.runId, RUN_JSON), 'utf8').then((s) => RunRecordSchema.safeParse(JSON.parse(s)), () => undefined);
      if (run?.success) extra = { epochs: run.data.epochs.length, seconds: run.data.seconds };
    }
    rows.push({ trial: t.index, values: t.values, ...(d.runId ? { runId: d.runId } : {}), status: d.status, metrics: d.metrics, ...extra });
  }
  return rows;
}

/** The table, best validation accuracy first (trials without one last). */
function printTable(io: CliIO, rows: readonly Row[]): void {
  const sorted = [...rows].sort((a, b) => (b.metrics.valAccuracy ?? -1) - (a.metrics.valAccuracy ?? -1) || a.trial - b.trial);
  const cells = sorted.map((r) => [
    String(r.trial + 1),
    trialName({ index: r.trial, values: r.values }),
    r.status,
    r.metrics.valAccuracy !== undefined ? `${(r.metrics.valAccuracy * 100).toFixed(2)}%` : '—',
    r.metrics.valLoss !== undefined ? r.metrics.valLoss.toFixed(4) : '—',
    r.epochs !== undefined ? String(r.epochs) : '—',
    r.seconds !== undefined ? r.seconds.toFixed(1) : '—',
  ]);
  const head = ['trial', 'values', 'status', 'val acc', 'val loss', 'epochs', 'seconds'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 1 || i === 2 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ').trimEnd();
  io.out([line(head), ...cells.map(line)].join('\n'));
}
