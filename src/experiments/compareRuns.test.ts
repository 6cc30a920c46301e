// Compare on real run records of LeNet-5 and a variant with C1 widened: differing rows flagged and equal ones
// not, the baseline's graph diffed against the other, a damaged record refused, curves aligned per epoch, and
// the Runs view's sort with missing values last.
import { beforeAll, describe, expect, it } from 'vitest';
import { compareRuns, overlayCurves, sortRuns } from './compareRuns';
import { buildRunRecord, type RunRecord } from './runRecord';
import { findTemplate } from '../project/templates';
import type { ProjectDoc } from '../project/schema';
import type { Graph } from '../graph/schema';

let doc: ProjectDoc;
let wide: Graph;
const epoch = (i: number, loss: number, valAcc?: number) => ({ epoch: i, loss, acc: 0.5 + i / 10, ...(valAcc !== undefined ? { valLoss: loss + 0.1, valAcc } : {}), seconds: 1, learningRate: 0.001 });
function run(id: string, graph: Graph, o: { lr?: number; epochs?: ReturnType<typeof epoch>[]; params?: number } = {}): RunRecord {
  const epochs = o.epochs ?? [epoch(0, 1.2, 0.6), epoch(1, 0.8, 0.7)];
  return buildRunRecord({
    id, name: id, startedAt: new Date('2026-12-02T10:00:00Z'), origin: 'app', graph, settings: { ...doc.training, learningRate: o.lr ?? doc.training.learningRate },
    dataset: { ref: doc.dataset, trainSamples: 320, validationSamples: 80 }, init: { kind: 'fresh' }, backend: { name: 'wasm' }, params: o.params ?? 61706,
    outcome: { status: 'completed', history: epochs, seconds: 2, samplesPerSec: 320 },
  });
}
beforeAll(async () => {
  doc = (await findTemplate('lenet5'))!.makeDoc();
  wide = { ...doc.graph, nodes: doc.graph.nodes.map((n) => (n.id === 'C1' ? { ...n, params: { ...n.params, filters: 8 } } : n)) };
});

describe('compareRuns', () => {
  it.each([
    { name: 'same graph, another learning rate', b: () => run('b', doc.graph, { lr: 0.01 }), differs: ['learningRate'], otherGraph: [] as string[] },
    { name: 'C1 widened', b: () => run('b', wide, { params: 62158 }), differs: ['graph', 'params'], otherGraph: ['b'] },
    { name: 'a longer run with other results', b: () => run('b', doc.graph, { epochs: [epoch(0, 1.1, 0.62), epoch(1, 0.7, 0.71), epoch(2, 0.5, 0.8)] }), differs: ['epochs', 'valAccuracy', 'valLoss', 'trainAccuracy', 'trainLoss'], otherGraph: [] },
  ])('$name: exactly those rows differ', ({ b, differs, otherGraph }) => {
    const r = compareRuns([run('a', doc.graph), b()], doc.graph);
    if (!r.ok) throw new Error(r.message);
    expect(r.value.rows.filter((x) => x.differs).map((x) => x.key)).toEqual(differs);
    expect(r.value.otherGraph).toEqual(otherGraph);
    expect(r.value.diffs[0] === undefined).toBe(otherGraph.length === 0);
  });

  it("diffs the other run's graph against the baseline's and marks runs the canvas moved away from", () => {
    const r = compareRuns([run('a', doc.graph), run('b', wide)], doc.graph);
    if (!r.ok) throw new Error(r.message);
    const d = r.value.diffs[0]!;
    expect(d.changed.map((c) => c.after.id)).toEqual(['C1']);
    expect(d.totals.params.delta).toBe(8 * 5 * 5 + 8 - (6 * 5 * 5 + 6) + (8 - 6) * 16 * 5 * 5);
    expect(r.value.changedSince).toEqual(['b']);
  });

  it.each([
    { name: 'one run', runs: () => [run('a', doc.graph)], message: /two or more runs/ },
    { name: 'a record whose stored graph was edited', runs: () => [run('a', doc.graph), { ...run('b', doc.graph), graph: wide }], message: /^b: the stored graph was edited/ },
  ])('refuses $name', ({ runs, message }) => {
    const r = compareRuns(runs(), doc.graph);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('overlayCurves and sortRuns', () => {
  it('aligns every run on the longest run\'s epochs, null past a run\'s end', () => {
    const c = overlayCurves([run('a', doc.graph), run('b', doc.graph, { epochs: [epoch(0, 1.1), epoch(1, 0.7), epoch(2, 0.5)] })]);
    expect(c.x).toEqual([1, 2, 3]);
    expect(c.lines[0].loss).toEqual([1.2, 0.8, null]);
    expect(c.lines[1].valAcc).toEqual([null, null, null]);
  });
  it.each([
    { key: 'valAccuracy' as const, dir: 'desc' as const, want: ['c', 'a', 'b'] },
    { key: 'valAccuracy' as const, dir: 'asc' as const, want: ['a', 'c', 'b'] },
    { key: 'name' as const, dir: 'asc' as const, want: ['a', 'b', 'c'] },
  ])('by $key $dir', ({ key, dir, want }) => {
    const runs = [run('a', doc.graph), run('b', doc.graph, { epochs: [epoch(0, 1)] }), run('c', doc.graph, { epochs: [epoch(0, 1, 0.9)] })];
    expect(sortRuns(runs, key, dir).map((r) => r.id)).toEqual(want);
  });
});
