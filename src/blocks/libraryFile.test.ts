// Block library files on real definitions: LeNet-5's stages made into blocks (one nested in another) and the
// pattern builder's stage blocks — exported, parsed back, refused with the reason, merged into other graphs.
import { describe, expect, it } from 'vitest';
import { lenet5 } from '../templates/lenet5';
import { patternBlocksGraph } from '../templates/patternBlocks';
import { makeBlock, setBlockNodeParams } from '../graph/userBlocks';
import { analyzeGraph } from '../analysis/analyzeGraph';
import type { Graph } from '../graph/schema';
import { serializeProjectFile } from '../project/projectFile';
import { findTemplate } from '../project/templates';
import {
  BLOCK_LIBRARY_FORMAT,
  BLOCK_LIBRARY_VERSION,
  blockLibraryOf,
  libraryMigrations,
  mergeBlockLibrary,
  migrateLibrary,
  parseBlockLibrary,
  serializeBlockLibrary,
  type BlockLibrary,
  type BlockLibraryProblem,
} from './libraryFile';

const made = (g: Graph, ids: string[], name: string) => {
  const r = makeBlock(g, ids, name);
  if (!r.ok) throw new Error(`makeBlock refused: ${r.reason}`);
  return r;
};

/** LeNet-5 with C3 → ReLU → S4 as "feature", nested in "body" with C1 → ReLU → S2 before it. */
function nestedLenet(): Graph {
  const feature = made(lenet5().graph, ['C3', 'activation2', 'S4'], 'feature');
  return made(feature.graph, ['C1', 'activation1', 'S2', feature.instanceId], 'body').graph;
}
const featureOnly = () => made(lenet5().graph, ['C3', 'activation2', 'S4'], 'feature').graph;
const pattern = () => patternBlocksGraph({ k: 1, m: 2, n: 2, filters: [6, 16], doubleFilters: false, kernelSize: 5, padding: 'valid', fcSizes: [120, 84], input: { height: 32, width: 32, channels: 1 } });
const blankGraph = (): Graph => ({ nodes: [], edges: [] });
const libraryText = (g: Graph, ids?: string[]) => serializeBlockLibrary(blockLibraryOf(g, ids));
/** LeNet-5's project file as File → New from template makes it: a project, not a library. */
const project = serializeProjectFile((await findTemplate('lenet5'))!.makeDoc());

describe('blockLibraryOf', () => {
  it.each([
    ['every definition of a nested net', nestedLenet, undefined, ['feature', 'body']],
    ['the outer one brings the one it nests', nestedLenet, ['body'], ['feature', 'body']],
    ['the inner one alone', nestedLenet, ['feature'], ['feature']],
    ["the pattern's two stages", pattern, undefined, ['stage_k_6', 'stage_k_16']],
    ['an unknown id: nothing', pattern, ['nope'], []],
  ] as [string, () => Graph, string[] | undefined, string[]][])('%s', (_name, graph, ids, expected) => {
    const lib = blockLibraryOf(graph(), ids);
    expect(lib.format).toBe(BLOCK_LIBRARY_FORMAT);
    expect(lib.version).toBe(BLOCK_LIBRARY_VERSION);
    expect(lib.blocks.map((b) => b.id)).toEqual(expected);
  });

  it('round-trips through the file text unchanged', () => {
    for (const g of [nestedLenet(), pattern()]) {
      const parsed = parseBlockLibrary(libraryText(g));
      expect(parsed).toEqual({ ok: true, library: blockLibraryOf(g) });
    }
  });
});

describe('parseBlockLibrary refuses what it cannot import, saying why', () => {
  const good = JSON.parse(libraryText(nestedLenet())) as BlockLibrary;
  const withBlocks = (change: (b: BlockLibrary['blocks']) => unknown[]) => JSON.stringify({ ...good, blocks: change(structuredClone(good.blocks)) });
  it.each([
    ['empty text', '  ', { code: 'empty' }],
    ['not JSON', 'layers: conv, relu', { code: 'not-json' }],
    ['a JSON list', '[1, 2]', { code: 'not-a-library' }],
    ['another format', JSON.stringify({ format: 'keras', version: 1, blocks: [] }), { code: 'not-a-library', format: '"keras"' }],
    ['a project file', project, { code: 'project-file' }],
    ['no version', JSON.stringify({ format: BLOCK_LIBRARY_FORMAT, blocks: [] }), { code: 'bad-version', version: 'null' }],
    ['version 0', JSON.stringify({ ...good, version: 0 }), { code: 'bad-version', version: '0' }],
    ['a newer version', JSON.stringify({ ...good, version: 7 }), { code: 'newer-version', version: 7, supported: 1 }],
    ['blocks not a list', JSON.stringify({ ...good, blocks: {} }), { code: 'invalid-definition', field: 'blocks' }],
    ['a definition without a name', withBlocks((b) => [b[0], { ...b[1], name: '' }]), { code: 'invalid-definition', block: 'body', field: 'name' }],
    ['a layer without a type', withBlocks((b) => [{ ...b[0], graph: { ...b[0].graph, nodes: [{ ...b[0].graph.nodes[0], type: undefined }] } }]), { code: 'invalid-definition', block: 'feature', field: 'graph.nodes.0.type' }],
    ['a layer type this app does not have', withBlocks((b) => [{ ...b[0], graph: { ...b[0].graph, nodes: [b[0].graph.nodes[0], { ...b[0].graph.nodes[1], type: 'QuantumConv' }] } }]), { code: 'invalid-definition', block: 'feature', field: 'graph.nodes.1.type', detail: 'no layer type "QuantumConv" in this app' }],
    ['an output naming no layer', withBlocks((b) => [{ ...b[0], output: 'S9' }]), { code: 'invalid-definition', block: 'feature', field: 'output' }],
    ['two definitions with one id', withBlocks((b) => [b[0], b[0]]), { code: 'duplicate-id', block: 'feature' }],
    ['a nested definition left out', withBlocks((b) => [b[1]]), { code: 'missing-definition', block: 'body', missing: 'feature' }],
    [
      'a definition that nests itself',
      withBlocks((b) => [{ ...b[0], graph: { ...b[0].graph, nodes: [...b[0].graph.nodes, { id: 'again', type: 'Block', params: { block: 'body' } }] } }, b[1]]),
      { code: 'recursive', chain: 'feature → body → feature' },
    ],
  ] as [string, string, Partial<BlockLibraryProblem>][])('%s', (_name, text, expected) => {
    const r = parseBlockLibrary(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatchObject(expected);
  });
});

describe('migrations', () => {
  it('version 1 is current, so the table has no steps yet', () => {
    expect(Object.keys(libraryMigrations)).toEqual([]);
    expect(migrateLibrary({ a: 1 }, BLOCK_LIBRARY_VERSION)).toEqual({ a: 1 });
  });
  it('steps one version at a time through the table, and a missing step is no version at all', () => {
    const table = { 1: (d: Record<string, unknown>) => ({ ...d, version: 2, v2: true }), 2: (d: Record<string, unknown>) => ({ ...d, version: 3, v3: true }) };
    expect(migrateLibrary({ version: 1 }, 1, 3, table)).toEqual({ version: 3, v2: true, v3: true });
    expect(migrateLibrary({ version: 0 }, 0, 3, table)).toBeUndefined();
  });
});

describe('mergeBlockLibrary', () => {
  const lib = (g: Graph, ids?: string[]) => blockLibraryOf(g, ids);
  const edited = () => setBlockNodeParams(featureOnly(), 'feature', 'C3', { filters: 8 });
  it.each([
    ['into a blank project: all added', blankGraph, () => lib(nestedLenet()), { added: ['feature', 'body'], skipped: [], renamed: [] }, ['feature', 'body']],
    ['the same definitions again: all skipped', nestedLenet, () => lib(nestedLenet()), { added: [], skipped: ['feature', 'body'], renamed: [] }, ['feature', 'body']],
    ['an identical inner one is skipped, the outer added', featureOnly, () => lib(nestedLenet()), { added: ['body'], skipped: ['feature'], renamed: [] }, ['feature', 'body']],
    [
      'same id, other content: renamed, and the outer one points at the new id',
      edited,
      () => lib(nestedLenet()),
      { added: ['body'], skipped: [], renamed: [{ from: 'feature', to: 'feature (2)', id: 'feature_2' }] },
      ['feature', 'feature_2', 'body'],
    ],
    ["the pattern's stages beside LeNet's", nestedLenet, () => lib(pattern()), { added: ['Stage K=6', 'Stage K=16'], skipped: [], renamed: [] }, ['feature', 'body', 'stage_k_6', 'stage_k_16']],
  ] as [string, () => Graph, () => BlockLibrary, object, string[]][])('%s', (_name, graph, library, report, ids) => {
    const before = graph();
    const r = mergeBlockLibrary(before, library());
    expect(r.report).toEqual(report);
    expect(r.graph.blocks!.map((b) => b.id)).toEqual(ids);
    // The graph's own definitions and layers are untouched.
    expect(r.graph.nodes).toEqual(before.nodes);
    expect(r.graph.blocks!.slice(0, before.blocks?.length ?? 0)).toEqual(before.blocks ?? []);
  });

  it('a renamed import keeps its own content, and the nested reference follows it', () => {
    const r = mergeBlockLibrary(edited(), lib(nestedLenet()));
    const byId = new Map(r.graph.blocks!.map((b) => [b.id, b]));
    expect(byId.get('feature')!.graph.nodes.find((n) => n.id === 'C3')!.params.filters).toBe(8);
    expect(byId.get('feature_2')!.graph.nodes.find((n) => n.id === 'C3')!.params.filters).toBe(16);
    expect(byId.get('body')!.graph.nodes.filter((n) => n.type === 'Block').map((n) => n.params.block)).toEqual(['feature_2']);
  });

  it('nothing new leaves the very same graph (no undo step)', () => {
    const g = nestedLenet();
    expect(mergeBlockLibrary(g, lib(g)).graph).toBe(g);
  });

  it('an imported nested block, placed in a blank LeNet-5, has the shapes it had', async () => {
    const doc = (await findTemplate('lenet5'))!.makeDoc();
    const source = nestedLenet();
    const merged = mergeBlockLibrary(doc.graph, parseOk(libraryText(source, ['body']))).graph;
    // body replaces C1 … S4 of the fresh LeNet-5: the same net as the source.
    const bodyIn = made(merged, ['C1', 'activation1', 'S2', 'C3', 'activation2', 'S4'], 'tmp');
    const net = { ...bodyIn.graph, nodes: bodyIn.graph.nodes.map((n) => (n.id === bodyIn.instanceId ? { ...n, params: { block: 'body' } } : n)) };
    const a = analyzeGraph(net);
    expect(a.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(a.nodes[bodyIn.instanceId].outputShape).toEqual([5, 5, 16]);
    expect(a.totals.trainable).toBe(analyzeGraph(source).totals.trainable);
  });
});

function parseOk(text: string): BlockLibrary {
  const r = parseBlockLibrary(text);
  if (!r.ok) throw new Error(r.problem.code);
  return r.library;
}
