import { describe, expect, it } from 'vitest';
import { migrate, migrations } from './migrations';
import { parseProjectFile } from './projectFile';
import { PROJECT_VERSION } from './schema';

// The prototype's format: nodes/edges at the top level, x/y positions, edges as from/to.
const version0 = {
  version: 0,
  name: 'Old LeNet',
  nodes: [
    { id: 'in', type: 'Input', params: { height: 32, width: 32, channels: 3 }, x: 10, y: 20 },
    { id: 'c', type: 'Conv2D', params: { filters: 6, kernelSize: 5 }, x: 10, y: 120 },
    { id: 'out', type: 'Output', params: { classes: 10 } },
  ],
  edges: [
    { from: 'in', to: 'c' },
    { id: 'keep', from: 'c', to: 'out' },
  ],
};

describe('project migrations', () => {
  it('has a step for every version below the current one', () => {
    for (let v = 0; v < PROJECT_VERSION; v++) expect(typeof migrations[v]).toBe('function');
  });

  it('opens a version-0 file as a current document', () => {
    const r = parseProjectFile(JSON.stringify(version0));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migratedFrom).toBe(0);
    expect(r.doc.version).toBe(PROJECT_VERSION);
    expect(r.doc.name).toBe('Old LeNet');
    expect(r.doc.graph.nodes.map((n) => [n.id, n.type, n.position])).toEqual([
      ['in', 'Input', { x: 10, y: 20 }],
      ['c', 'Conv2D', { x: 10, y: 120 }],
      ['out', 'Output', undefined],
    ]);
    expect(r.doc.graph.nodes[1].params).toEqual({ filters: 6, kernelSize: 5 });
    expect(r.doc.graph.edges).toEqual([
      { id: 'e0', source: 'in', target: 'c' },
      { id: 'keep', source: 'c', target: 'out' },
    ]);
  });

  it('names the broken field when a migrated file is still invalid', () => {
    const broken = { ...version0, nodes: [{ id: '', type: 'Input' }] };
    const r = parseProjectFile(JSON.stringify(broken));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('graph.nodes.0.id');
  });

  it('refuses to skip a missing step', () => {
    expect(() => migrate({}, PROJECT_VERSION, PROJECT_VERSION + 1)).toThrow(/No migration from project version/);
  });
});
