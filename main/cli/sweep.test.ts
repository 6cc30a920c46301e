// `cnn-studio sweep` end to end: the lenet5 template and a project file, the embedded MNIST digits, tfjs-cpu,
// real run folders and sweep.json written and read back.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './main';
import { RunRecordSchema } from '../../src/experiments/runRecord';
import { SweepStateSchema } from '../../src/experiments/sweep';
import { findTemplate } from '../../src/project/templates';
import { parseProjectFile, serializeProjectFile } from '../../src/project/projectFile';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const QUICK = ['--limit', '200', '--epochs', '1', '--backend', 'cpu'];
const runJson = (folder: string) => RunRecordSchema.parse(JSON.parse(readFileSync(path.join(folder, 'run.json'), 'utf8')));
const stateOf = (folder: string) => SweepStateSchema.parse(JSON.parse(readFileSync(path.join(folder, 'sweep.json'), 'utf8')));

describe('cnn-studio sweep', () => {
  it('runs a 2×2 grid on lenet5: four runs whose settings and params are their trial values, one JSON object on stdout', async () => {
    const out = path.join(dir, 'grid');
    const r = await cli(['sweep', 'lenet5', '--lr', '0.001,0.01', '--param', 'C1.filters=4,6', ...QUICK, '--out', out, '--json']);
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out); // stdout is the one object and nothing else
    expect(result.planned).toBe(4);
    expect(result.trials.map((t: { values: unknown }) => t.values)).toEqual([
      { lr: 0.001, epochs: 1, 'C1.filters': 4 },
      { lr: 0.001, epochs: 1, 'C1.filters': 6 },
      { lr: 0.01, epochs: 1, 'C1.filters': 4 },
      { lr: 0.01, epochs: 1, 'C1.filters': 6 },
    ]);
    expect(result.spec).toMatchObject({ mode: 'grid', patience: 2 });
    for (const t of result.trials) {
      expect(t.status).toBe('completed');
      expect(t.metrics.valAccuracy).toBeGreaterThanOrEqual(0);
      const run = runJson(path.join(out, t.runId));
      expect(run).toMatchObject({ id: t.runId, origin: 'sweep', sweep: { id: result.sweep, trial: t.trial, values: t.values }, dataset: { limit: 200, trainSamples: 160, validationSamples: 40 } });
      expect(run.name).toBe(`lr=${t.values.lr} epochs=1 C1.filters=${t.values['C1.filters']}`);
      expect(run.settings).toMatchObject({ learningRate: t.values.lr, epochs: 1, earlyStoppingPatience: 2 });
      expect(run.graph.nodes.find((n) => n.name === 'C1')!.params.filters).toBe(t.values['C1.filters']);
      expect(run.metrics).toEqual(t.metrics);
      expect(readdirSync(path.join(out, t.runId))).toEqual(expect.arrayContaining(['model.json', 'weights.bin', 'run.json', 'train', 'validation']));
    }
    // C1 with 4 filters has fewer parameters than with 6: the graph trained is the trial's.
    const params = result.trials.map((t: { runId: string }) => runJson(path.join(out, t.runId)).params);
    expect(params[0]).toBeLessThan(params[1]);
    expect(stateOf(out).done.map((d) => d.trial)).toEqual([0, 1, 2, 3]);
  }, 60_000);

  it('resumes into a project file: --trials 1 first, then --resume --trials 3 runs only the two left; the runs are appended with their sweep', async () => {
    const file = path.join(dir, 'lenet.cnnproj');
    writeFileSync(file, serializeProjectFile((await findTemplate('lenet5'))!.makeDoc()));
    const first = await cli(['sweep', file, '--param', 'S2.pool=max,average,l2', '--trials', '1', ...QUICK]);
    expect(first.code, first.err).toBe(0);
    const runsDir = path.join(dir, 'lenet.runs'); // the default --out beside a project file
    const before = stateOf(runsDir);
    expect(before.done).toHaveLength(1);
    // The results table on stdout: a header and one row.
    expect(first.out.split('\n')[0]).toMatch(/^trial\s+values\s+status\s+val acc\s+val loss\s+epochs\s+seconds$/);
    expect(first.out.split('\n')[1]).toMatch(/^\s*1\s+epochs=1 S2\.pool=max\s+completed\s+\d+\.\d\d%\s+\d\.\d{4}\s+1\s+\d+\.\d$/);

    const resumed = await cli(['sweep', file, '--resume', '--trials', '3', ...QUICK.filter((_, i, a) => a[i] !== '--epochs' && a[i - 1] !== '--epochs'), '--json']);
    expect(resumed.code, resumed.err).toBe(0);
    const result = JSON.parse(resumed.out);
    expect(result.sweep).toBe(before.id);
    expect(result.trials.map((t: { values: Record<string, unknown> }) => t.values['S2.pool'])).toEqual(['max', 'average', 'l2']);
    expect(result.trials[0].runId).toBe(before.done[0].runId); // not rerun
    expect(stateOf(runsDir).done).toHaveLength(3);

    const parsed = parseProjectFile(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const runs = parsed.doc.runs ?? [];
    expect(runs.map((r) => r.id)).toEqual(result.trials.map((t: { runId: string }) => t.runId));
    expect(runs.map((r) => [r.origin, r.sweep?.id, r.sweep?.trial, r.weightsPath])).toEqual(runs.map((r, i) => ['sweep', before.id, i, `lenet.runs/${r.id}`]));
    expect(runs.map((r) => r.graph.nodes.find((n) => n.name === 'S2')!.type)).toEqual(['MaxPooling2D', 'AveragePooling2D', 'L2Pooling2D']);
    // The project's own graph is left as it was.
    expect(parsed.doc.graph.nodes.find((n) => n.name === 'S2')!.type).toBe((await findTemplate('lenet5'))!.makeDoc().graph.nodes.find((n) => n.name === 'S2')!.type);
  }, 60_000);

  it('stops after the current trial on Ctrl-C (exit 130, the trial kept as stopped) and --resume reruns it', async () => {
    const out = path.join(dir, 'interrupted');
    const err: string[] = [];
    const listeners = process.listenerCount('SIGINT');
    const code = await runCli(['sweep', 'lenet5', '--lr', '0.001,0.002', ...QUICK, '--out', out], {
      out: () => {},
      // The first trial's start line: as a terminal's Ctrl-C would, mid-trial.
      err: (t) => (err.push(t), /^Training on/.test(t) && err.filter((l) => /^Training on/.test(l)).length === 1 && process.emit('SIGINT')),
    });
    expect(code, err.join('\n')).toBe(130);
    expect(process.listenerCount('SIGINT')).toBe(listeners); // nothing left behind to exit a later run
    const state = stateOf(out);
    expect(state.done.map((d) => [d.trial, d.status])).toEqual([[0, 'stopped']]);
    const fresh = await cli(['sweep', 'lenet5', '--lr', '0.1', ...QUICK, '--out', out]);
    expect([fresh.code, fresh.err]).toEqual([2, expect.stringMatching(/holds an unfinished sweep \(0 of 2 trials done\) — add --resume to continue it, or give another --out/)]);
    const resumed = await cli(['sweep', 'lenet5', '--resume', ...QUICK.slice(0, 2), '--backend', 'cpu', '--out', out, '--json']);
    expect(resumed.code, resumed.err).toBe(0);
    const result = JSON.parse(resumed.out);
    expect(result.trials.map((t: { status: string }) => t.status)).toEqual(['completed', 'completed']);
    expect(result.trials[0].runId).not.toBe(state.done[0].runId);
  }, 60_000);

  it('takes a random sweep from --spec: the seeded draws of planSweep, each trained once', async () => {
    const { planSweep, SweepSpecSchema } = await import('../../src/experiments/sweep');
    const spec = { mode: 'random', axes: [{ kind: 'setting', key: 'learningRate', values: [0.001, 0.003, 0.01] }, { kind: 'setting', key: 'epochs', values: [1] }], trials: 2, seed: 5, patience: 0 };
    const file = path.join(dir, 'random.json');
    writeFileSync(file, JSON.stringify(spec));
    const r = await cli(['sweep', 'lenet5', '--spec', file, '--limit', '200', '--backend', 'cpu', '--out', path.join(dir, 'random'), '--json']);
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.trials.map((t: { values: unknown }) => t.values)).toEqual(planSweep(SweepSpecSchema.parse(spec)).map((t) => t.values));
    expect(runJson(path.join(dir, 'random', result.trials[1].runId)).settings.earlyStoppingPatience).toBe(0);
  }, 30_000);

  it.each([
    [['sweep', 'lenet5', '--param', 'C9.filters=4,6', '--out', path.join(dir, 'bad1')], 2, /No node "C9" in the graph\. Nodes: .*C1.*S2/],
    [['sweep', 'lenet5', '--param', 'C1.size=4'], 2, /Node "C1" \(Conv2D\) has no param "size"\. Its params: .*filters/],
    [['sweep', 'lenet5', '--resume', '--out', path.join(dir, 'nothing-here')], 2, /--resume needs a saved sweep, and .*sweep\.json does not exist/],
    [['sweep', 'lenet5', '--spec', path.join(dir, 'spec.json'), '--lr', '0.01'], 2, /--spec and --lr cannot be given together/],
    [['sweep', 'lenet5', '--learning-rate', '0.01'], 2, /unknown option --learning-rate/],
    [['sweep', 'lenet5'], 2, /nothing to sweep — give axes/],
    [['sweep', 'lenet5', '--lr', '0.01,fast'], 2, /--lr takes positive numbers; "fast" in "0.01,fast" is not one/],
    [['sweep', 'lenet5', '--param', 'C1filters=4'], 2, /--param takes NODE\.PARAM=V1,V2 axes/],
    [['sweep', 'lenet5', '--optimizer', 'adam,lion'], 2, /optimizer=lion is not a valid optimizer/],
  ])('%j is refused with exit %i and a message, before anything trains', async (args, code, message) => {
    const r = await cli(args as string[]);
    expect(r.err).toMatch(message);
    expect(r.code).toBe(code);
    expect(existsSync(path.join(dir, 'bad1'))).toBe(false);
  });

  it('refuses --resume with axes that differ from the saved sweep, naming the axis', async () => {
    const r = await cli(['sweep', path.join(dir, 'lenet.cnnproj'), '--resume', '--param', 'S2.pool=max,average']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/differs from the one given: the axis epochs is not given here/);
    const s = await cli(['sweep', 'lenet5', '--resume', '--lr', '0.001,0.003', '--epochs', '1', '--out', path.join(dir, 'grid')]);
    expect(s.err).toMatch(/the axis C1\.filters is not given here/);
    const t = await cli(['sweep', 'lenet5', '--resume', '--patience', '5', '--out', path.join(dir, 'grid')]);
    expect([t.code, t.err]).toEqual([2, expect.stringMatching(/differs from the one given: patience is 2 there, 5 here/)]);
  });
});
