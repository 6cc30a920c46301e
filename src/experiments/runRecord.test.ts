// The run record: ids safe as folder names, "Run N" names, the graph-state marks a comparison relies on,
// and one builder for the app and the CLI (diverged losses kept as null, metrics from the kept epoch).
import { describe, expect, it } from 'vitest';
import { buildRunRecord, newRunId, nextRunName, RUN_ID_PATTERN, RunRecordSchema, runGraphState, runMetrics } from './runRecord';
import { findTemplate } from '../project/templates';
import { mulberry32 } from '../train/random';
import type { EpochReport } from '../train/reports';

const lenet = async () => (await findTemplate('lenet5'))!.makeDoc();
const epochs: EpochReport[] = [
  { epoch: 0, loss: 1.5, acc: 0.5, valLoss: 1.2, valAcc: 0.6, seconds: 2, learningRate: 0.001 },
  { epoch: 1, loss: 0.8, acc: 0.75, valLoss: 0.7, valAcc: 0.8, seconds: 2, learningRate: 0.001 },
  { epoch: 2, loss: 0.6, acc: 0.8, valLoss: 0.9, valAcc: 0.78, seconds: 2, learningRate: 0.001 },
];

describe('run ids and names', () => {
  it('makes sortable, folder-safe ids from the start time', () => {
    const id = newRunId(new Date('2026-12-02T09:05:07Z'), mulberry32(1));
    expect(id).toMatch(/^r20261202-090507-[a-z2-9]{4}$/);
    expect(RUN_ID_PATTERN.test(id)).toBe(true);
    expect(newRunId(new Date('2026-12-02T09:05:08Z'), mulberry32(1)) > id).toBe(true);
  });
  it.each([
    { names: [], next: 'Run 1' },
    { names: ['Run 1', 'Run 2'], next: 'Run 3' },
    { names: ['Run 7', 'lr=0.01 batch=32', 'Run 2'], next: 'Run 8' },
    { names: ['Run 1b'], next: 'Run 1' },
  ])('after $names comes $next', ({ names, next }) => expect(nextRunName(names.map((name) => ({ name })))).toBe(next));
});

describe('runMetrics', () => {
  it.each([
    { name: 'the evaluation of the kept weights wins', evaluation: { accuracy: 0.81, loss: 0.66 }, best: 1, want: { valAccuracy: 0.81, valLoss: 0.66, trainAccuracy: 0.75, trainLoss: 0.8 } },
    { name: 'the best epoch when not evaluated', evaluation: undefined, best: 1, want: { valAccuracy: 0.8, valLoss: 0.7, trainAccuracy: 0.75, trainLoss: 0.8 } },
    { name: 'the last epoch without a best', evaluation: undefined, best: undefined, want: { valAccuracy: 0.78, valLoss: 0.9, trainAccuracy: 0.8, trainLoss: 0.6 } },
  ])('$name', ({ evaluation, best, want }) => expect(runMetrics(epochs, evaluation, best)).toEqual(want));
});

describe('buildRunRecord and runGraphState', () => {
  it('records the graph with its hash, keeps a diverged batch as null, and reads back through the schema', async () => {
    const doc = await lenet();
    const run = buildRunRecord({
      id: 'r20261202-090507-abcd', name: 'Run 1', startedAt: new Date('2026-12-02T09:05:07Z'), origin: 'app', graph: doc.graph, settings: doc.training,
      dataset: { ref: doc.dataset, trainSamples: 320, validationSamples: 80, limit: 400 }, init: { kind: 'fresh' }, backend: { name: 'wasm' }, params: 61706,
      outcome: { status: 'failed', failure: { message: 'The loss became NaN.' }, history: epochs.slice(0, 1), seconds: 2, samplesPerSec: 160 }, batchLoss: [2.3, 1.9, NaN],
    });
    expect(run.batchLoss).toEqual([2.3, 1.9, null]);
    expect(run.failure).toBe('The loss became NaN.');
    expect(run).toMatchObject({ notes: '', starred: false, metrics: { valAccuracy: 0.6 } });
    expect(RunRecordSchema.parse(JSON.parse(JSON.stringify(run)))).toEqual(run);
    expect(runGraphState(run, doc.graph)).toBe('same');
    const wider = { ...doc.graph, nodes: doc.graph.nodes.map((n) => (n.id === 'C1' ? { ...n, params: { ...n.params, filters: 8 } } : n)) };
    expect(runGraphState(run, wider)).toBe('changed');
    // A record whose stored graph was edited no longer describes its weights.
    expect(runGraphState({ ...run, graph: wider }, doc.graph)).toBe('damaged');
    // Moving a node is no change: positions do not decide the weights.
    const moved = { ...doc.graph, nodes: doc.graph.nodes.map((n) => ({ ...n, position: { x: (n.position?.x ?? 0) + 40, y: n.position?.y ?? 0 } })) };
    expect(runGraphState(run, moved)).toBe('same');
  });
});
