// The graph diff on its fixtures table (testing/graphDiffFixtures.ts): real templates one edit apart, and exactly
// which nodes, edges and definitions the diff reports, with the parameter counts worked by hand.
import { describe, expect, it } from 'vitest';
import { diffGraphs, nodeDiffStatus, type MatchedNode } from './graphDiff';
import { graphDiffFixtures } from './testing/graphDiffFixtures';
import { lenet5 } from '../templates/lenet5';

const changedKeys = (m: MatchedNode) => [
  ...(m.typeChanged ? ['type'] : []),
  ...(m.nameChanged ? ['name'] : []),
  ...(m.definitionChanged ? ['definition'] : []),
  ...m.params.map((p) => p.key),
];

describe('graph diff fixtures', () => {
  it.each(graphDiffFixtures.map((f) => [f.name, f] as const))('%s', (_, f) => {
    const d = diffGraphs(f.before(), f.after());
    const x = f.expect;
    expect(d.equal, 'equal').toBe(x.equal);
    expect(d.added.map((n) => n.id).sort(), 'added').toEqual([...(x.added ?? [])].sort());
    expect(d.removed.map((n) => n.id).sort(), 'removed').toEqual([...(x.removed ?? [])].sort());
    expect(Object.fromEntries(d.changed.map((m) => [m.before.id, changedKeys(m)])), 'changed').toEqual(x.changed ?? {});
    expect(d.affected.map((m) => m.before.id).sort(), 'affected').toEqual([...(x.affected ?? [])].sort());
    expect(d.edges.added.length, 'edges added').toBe(x.edgesAdded ?? 0);
    expect(d.edges.removed.length, 'edges removed').toBe(x.edgesRemoved ?? 0);
    expect(d.moved, 'moved').toBe(x.moved ?? 0);
    expect(d.blocks.added.map((b) => b.id), 'blocks added').toEqual(x.blocks?.added ?? []);
    expect(d.blocks.removed.map((b) => b.id), 'blocks removed').toEqual(x.blocks?.removed ?? []);
    expect(d.blocks.changed.map((b) => b.id), 'blocks changed').toEqual(x.blocks?.changed ?? []);
    expect([d.totals.params.before, d.totals.params.after], 'params').toEqual(x.params);
    expect(d.totals.params.delta).toBe(x.params[1] - x.params[0]);
    if (x.macs) expect([d.totals.macs.before, d.totals.macs.after], 'MACs').toEqual(x.macs);
    const matched = [...d.changed, ...d.affected];
    for (const [id, [before, after]] of Object.entries(x.nodeParams ?? {})) {
      const added = d.added.find((n) => n.id === id);
      const m = matched.find((n) => n.before.id === id);
      expect(added ? [0, added.params] : [m?.before.params, m?.after.params], id).toEqual([before, after]);
    }
    // The unchanged count is every node on both sides that is not changed: a's nodes less removed and changed.
    expect(d.unchanged).toBe(f.before().nodes.length - d.removed.length - d.changed.length);
  });
});

it('a definition that uses a changed one says which', () => {
  const f = graphDiffFixtures.find((x) => x.name === 'nested definition edited')!;
  const d = diffGraphs(f.before(), f.after());
  expect(d.blocks.changed.map((c) => [c.id, c.nodes.changed.map((m) => m.params.map((p) => `${p.key} ${p.before} → ${p.after}`)), c.nestedChanged])).toEqual([
    ['stage', [['filters 16 → 8']], undefined],
    ['features', [], ['stage']],
  ]);
});

describe('the canvas status map', () => {
  it('marks each side by its own ids', () => {
    const a = lenet5().graph;
    const b = { ...a, nodes: a.nodes.map((n) => (n.id === 'C1' ? { ...n, params: { ...n.params, filters: 8 } } : n)).filter((n) => n.id !== 'F6') };
    b.edges = [...a.edges.filter((e) => e.source !== 'F6' && e.target !== 'F6'), { id: 'e_F5_output', source: 'F5', target: 'output' }];
    const s = nodeDiffStatus(diffGraphs(a, b), a, b);
    expect(s.before.F6).toBe('removed');
    expect(s.after.F6).toBeUndefined();
    expect([s.before.C1, s.after.C1, s.after.C3, s.after.output, s.after.input]).toEqual(['changed', 'changed', 'affected', 'affected', 'unchanged']);
  });
});
