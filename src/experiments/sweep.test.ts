// Sweeps core: grid order and caps, repeatable random draws, trials put into the lenet5 document (settings,
// C1's filters, S2's pooling type) with bad axes refused naming what exists, and resume's remaining trials.
import { describe, expect, it } from 'vitest';
import { applyTrial, axisLabel, nextTrials, planSweep, SweepSpecSchema, SweepStateSchema, trialName, type SweepAxis, type SweepSpec } from './sweep';
import { findTemplate } from '../project/templates';

const lenet = async () => (await findTemplate('lenet5'))!.makeDoc();
const spec = (s: Partial<SweepSpec> & Pick<SweepSpec, 'axes'>): SweepSpec => SweepSpecSchema.parse({ mode: 'grid', ...s });
const lr: SweepAxis = { kind: 'setting', key: 'learningRate', values: [0.001, 0.01] };
const batch: SweepAxis = { kind: 'setting', key: 'batchSize', values: [32, 64, 128] };
const filters: SweepAxis = { kind: 'param', node: 'C1', param: 'filters', values: [6, 16] };

describe('planSweep', () => {
  it.each([
    ['one axis', [lr], undefined, 2],
    ['2 × 3', [lr, batch], undefined, 6],
    ['2 × 3 × 2', [lr, batch, filters], undefined, 12],
    ['capped', [lr, batch], 4, 4],
    ['cap above size', [lr, batch], 50, 6],
  ] as const)('grid %s has the product size (capped)', (_, axes, trials, n) => {
    expect(planSweep(spec({ axes: [...axes], trials }))).toHaveLength(n);
  });

  it('grid varies the last axis fastest and indexes trials in order', () => {
    const plan = planSweep(spec({ axes: [lr, batch] }));
    expect(plan.map((t) => [t.index, t.values.lr, t.values.batch])).toEqual([
      [0, 0.001, 32],
      [1, 0.001, 64],
      [2, 0.001, 128],
      [3, 0.01, 32],
      [4, 0.01, 64],
      [5, 0.01, 128],
    ]);
  });

  it('random draws are repeatable for a seed, within the values, and differ with another seed', () => {
    const s = spec({ mode: 'random', axes: [lr, batch, filters], trials: 20, seed: 7 });
    const a = planSweep(s);
    expect(a).toHaveLength(20);
    expect(planSweep(s)).toEqual(a);
    for (const t of a) {
      expect(lr.values).toContain(t.values.lr);
      expect(batch.values).toContain(t.values.batch);
      expect(filters.values).toContain(t.values['C1.filters']);
    }
    expect(planSweep({ ...s, seed: 8 })).not.toEqual(a);
    expect(planSweep(spec({ mode: 'random', axes: [lr] }))).toHaveLength(8);
  });

  it('labels axes and names trials', () => {
    expect([lr, batch, filters, { kind: 'setting', key: 'optimizer', values: ['adam'] } satisfies SweepAxis].map(axisLabel)).toEqual(['lr', 'batch', 'C1.filters', 'optimizer']);
    expect(trialName(planSweep(spec({ axes: [lr, batch] }))[4])).toBe('lr=0.01 batch=64');
  });

  it('refuses an empty axis', () => {
    expect(SweepSpecSchema.safeParse({ mode: 'grid', axes: [{ kind: 'setting', key: 'epochs', values: [] }] }).success).toBe(false);
  });
});

describe('applyTrial', () => {
  it('puts settings, patience and node params into the document without touching the original', async () => {
    const doc = await lenet();
    const s = spec({
      axes: [lr, { kind: 'setting', key: 'optimizer', values: ['sgd'] }, { kind: 'setting', key: 'epochs', values: ['3'] }, filters, { kind: 'param', node: 'S2', param: 'pool', values: ['average'] }],
      patience: 4,
    });
    const trial = planSweep(s).find((t) => t.values.lr === 0.01 && t.values['C1.filters'] === 16)!;
    const r = applyTrial(doc, s, trial);
    if (!r.ok) throw new Error(r.message);
    expect(r.doc.training).toMatchObject({ learningRate: 0.01, optimizer: 'sgd', epochs: 3, earlyStoppingPatience: 4 });
    const node = (name: string) => r.doc.graph.nodes.find((n) => n.name === name || n.id === name)!;
    expect(node('C1').params.filters).toBe(16);
    expect(node('S2').type).toBe('AveragePooling2D');
    expect(doc.graph.nodes.find((n) => (n.name ?? n.id) === 'C1')!.params.filters).toBe(6);
    expect(doc.graph.nodes.find((n) => (n.name ?? n.id) === 'S2')!.type).toBe('MaxPooling2D');
  });

  it.each<[string, SweepAxis, RegExp]>([
    ['an unknown node', { kind: 'param', node: 'C9', param: 'filters', values: [8] }, /No node "C9".*C1.*S2/],
    ['an unknown param', { kind: 'param', node: 'C1', param: 'filterz', values: [8] }, /no param "filterz".*filters.*kernelSize/],
    ['a value the layer refuses', { kind: 'param', node: 'C1', param: 'filters', values: [0] }, /C1\.filters=0 is refused by Conv2D/],
    ['a pooling type that does not exist', { kind: 'param', node: 'S2', param: 'pool', values: ['median'] }, /max, average, l2/],
    ['pool on a non-pooling node', { kind: 'param', node: 'C1', param: 'pool', values: ['max'] }, /"C1" is Conv2D/],
    ['a bad setting', { kind: 'setting', key: 'learningRate', values: [-1] }, /lr=-1 is not a valid learningRate/],
    ['an unknown optimizer', { kind: 'setting', key: 'optimizer', values: ['lion'] }, /optimizer=lion/],
  ])('refuses %s with a message naming what exists', async (_, axis, message) => {
    const s = spec({ axes: [axis] });
    const r = applyTrial(await lenet(), s, planSweep(s)[0]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('nextTrials', () => {
  it('resumes with the trials not done, rerunning a stopped one', () => {
    const s = spec({ axes: [lr, batch] });
    const plan = planSweep(s);
    const state = SweepStateSchema.parse({
      id: 'sw1',
      spec: s,
      done: [
        { trial: 0, runId: 'r1', status: 'completed', metrics: { valAccuracy: 0.9 } },
        { trial: 1, status: 'failed', metrics: {} },
        { trial: 2, runId: 'r3', status: 'stopped', metrics: {} },
        { trial: 4, runId: 'r5', status: 'early-stopped', metrics: {} },
      ],
    });
    expect(nextTrials(plan, state).map((t) => t.index)).toEqual([2, 3, 5]);
    expect(nextTrials(plan, { ...state, done: [] })).toEqual(plan);
  });
});
