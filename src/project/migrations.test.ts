import { RunRecordSchema } from '../experiments/runRecord';
import { graphHash } from '../train/graphHash';
import { describe, expect, it } from 'vitest';
import { migrate, migrations } from './migrations';
import { parseProjectFile, serializeProjectFile } from './projectFile';
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

  // Version 1 files: composites could be saved shown expanded; blocks did not exist.
  const version1 = {
    format: 'cnn-studio.project',
    version: 1,
    name: 'ResNet bit',
    graph: {
      nodes: [
        { id: 'in', type: 'Input', params: { height: 8, width: 8, channels: 16 } },
        { id: 'res', type: 'ResidualBlock', params: { filters: 16 }, expanded: true },
        { id: 'gap', type: 'GlobalAveragePooling2D', params: {}, expanded: false },
        { id: 'out', type: 'Output', params: { classes: 10 } },
      ],
      edges: [
        { id: 'a', source: 'in', target: 'res' },
        { id: 'b', source: 'res', target: 'gap' },
        { id: 'c', source: 'gap', target: 'out' },
      ],
    },
  };

  it.each([
    { name: 'drops the expanded flags (view state now)', check: (d: any) => expect(d.graph.nodes.some((n: any) => 'expanded' in n)).toBe(false) },
    { name: 'keeps nodes, params and edges', check: (d: any) => expect(d.graph.nodes.map((n: any) => [n.id, n.params])).toEqual(version1.graph.nodes.map((n) => [n.id, n.params])) },
    { name: 'has no block definitions', check: (d: any) => expect(d.graph.blocks).toBeUndefined() },
  ])('opens a version-1 file: $name', ({ check }) => {
    const r = parseProjectFile(JSON.stringify(version1));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.migratedFrom).toBe(1);
    expect(r.doc.version).toBe(PROJECT_VERSION);
    check(r.doc);
  });

  it('keeps a version-2 file\'s block definitions through save and open', () => {
    const feature = { id: 'feature', name: 'feature', inputs: ['c'], output: 'r', graph: { nodes: [{ id: 'c', type: 'Conv2D', params: { filters: 4, kernelSize: 3 } }, { id: 'r', type: 'Activation', params: { activation: 'relu' } }], edges: [{ id: 'cr', source: 'c', target: 'r' }] } };
    const doc = { ...version1, version: 2, graph: { nodes: [version1.graph.nodes[0], { id: 'b', type: 'Block', params: { block: 'feature' } }, version1.graph.nodes[2], version1.graph.nodes[3]], edges: [{ id: 'a', source: 'in', target: 'b' }, { id: 'b2', source: 'b', target: 'gap' }, version1.graph.edges[2]], blocks: [feature] } };
    const r = parseProjectFile(JSON.stringify(doc));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const again = parseProjectFile(serializeProjectFile(r.doc));
    expect(again.ok && again.doc.graph.blocks).toEqual([feature]);
  });

  it('opens a version-2 file as version 3 with no runs, and keeps runs through save and open', () => {
    const r = parseProjectFile(JSON.stringify({ ...version1, version: 2 }));
    expect(r.ok && r.migratedFrom).toBe(2);
    if (!r.ok) return;
    expect(r.doc.runs).toBeUndefined();
    const run = RunRecordSchema.parse({
      id: 'r20261202-101500-abcd', name: 'Run 1', startedAt: '2026-12-02T10:15:00.000Z', origin: 'cli', graphHash: graphHash(r.doc.graph), graph: r.doc.graph,
      settings: r.doc.training, dataset: { ref: { kind: 'mnist' }, trainSamples: 800, validationSamples: 200 }, init: { kind: 'fresh' }, backend: { name: 'wasm' },
      status: 'completed', epochs: [{ epoch: 0, loss: 1.2, acc: 0.6, valLoss: 0.9, valAcc: 0.7, seconds: 1.5, learningRate: 0.001 }], metrics: { valAccuracy: 0.7 }, params: 100, seconds: 1.5, samplesPerSec: 533,
    });
    const again = parseProjectFile(serializeProjectFile({ ...r.doc, runs: [run] }));
    expect(again.ok && again.doc.runs).toEqual([run]);
  });

  it('refuses to skip a missing step', () => {
    expect(() => migrate({}, PROJECT_VERSION, PROJECT_VERSION + 1)).toThrow(/No migration from project version/);
  });
});
