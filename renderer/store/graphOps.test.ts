// Graph edits checked through the real analysis: shapes and issues must follow each edit.
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../src/graph/schema';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { findTemplate } from '../../src/project/templates';
import {
  addNode,
  appendTarget,
  applyFix,
  connect,
  copyItems,
  insertNode,
  insertTarget,
  mainChain,
  newNodeId,
  PASTE_OFFSET,
  pasteClip,
  reconnect,
  reconnectOffer,
  removeItems,
  setParams,
} from './graphOps';
import { MIN_STEP, NODE_BOX, overlaps } from './placement';

/** Input 28×28×1 → Conv2D(6@5×5) → Dense(10) → Output: the Dense gets a feature map. */
function chain(): Graph {
  let g: Graph = { nodes: [], edges: [] };
  const ids: string[] = [];
  for (const [i, type] of ['Input', 'Conv2D', 'Dense', 'Output'].entries()) {
    const r = addNode(g, type, { x: 0, y: i * 100 });
    g = r.graph;
    ids.push(r.id);
  }
  g = setParams(g, ids[1], { filters: 6, kernelSize: 5 });
  for (let i = 0; i + 1 < ids.length; i++) g = connect(g, ids[i], ids[i + 1]);
  return g;
}

describe('graph edits', () => {
  it('names new nodes by type with the first free number', () => {
    const g = chain();
    expect(g.nodes.map((n) => n.id)).toEqual(['input_1', 'conv2d_1', 'dense_1', 'output_1']);
    expect(newNodeId(g, 'Conv2D')).toBe('conv2d_2');
  });

  it('connect refuses self-loops and duplicates, replaces the input of a single-input layer', () => {
    const g = chain();
    expect(connect(g, 'conv2d_1', 'conv2d_1')).toBe(g);
    expect(connect(g, 'input_1', 'conv2d_1')).toBe(g);
    const rewired = connect(g, 'input_1', 'dense_1');
    expect(rewired.edges.filter((e) => e.target === 'dense_1').map((e) => e.source)).toEqual(['input_1']);
  });

  it('connect gives multi-input layers successive slots', () => {
    let g = addNode(chain(), 'Add', { x: 0, y: 0 }).graph;
    g = connect(g, 'input_1', 'add_1');
    g = connect(g, 'conv2d_1', 'add_1');
    expect(g.edges.filter((e) => e.target === 'add_1').map((e) => [e.source, e.targetSlot])).toEqual([
      ['input_1', 0],
      ['conv2d_1', 1],
    ]);
  });

  it('edge shapes follow a parameter change (24×24×6 → 26×26×8)', () => {
    const g = chain();
    const edge = g.edges.find((e) => e.source === 'conv2d_1')!;
    expect(analyzeGraph(g).edges[edge.id]).toEqual([24, 24, 6]);
    expect(analyzeGraph(setParams(g, 'conv2d_1', { filters: 8, kernelSize: 3 })).edges[edge.id]).toEqual([26, 26, 8]);
  });

  it('a too large kernel is an error naming the node', () => {
    const a = analyzeGraph(setParams(chain(), 'conv2d_1', { kernelSize: 40 }));
    expect(a.issues.some((i) => i.nodeId === 'conv2d_1' && i.severity === 'error' && i.code === 'non-positive-size')).toBe(true);
  });

  it('applying the "Insert Flatten" fix makes the graph valid', () => {
    const g = chain();
    const issue = analyzeGraph(g).issues.find((i) => i.fix && i.nodeId === 'dense_1');
    expect(issue?.fix?.action).toMatchObject({ kind: 'insertBefore', nodeType: 'Flatten' });
    const fixed = applyFix(g, issue!);
    const a = analyzeGraph(fixed.graph);
    expect(a.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(a.nodes[fixed.id!].outputShape).toEqual([24 * 24 * 6]);
    expect(overlapping(fixed.graph)).toEqual([]);
  });

  it('remove drops the node and every edge touching it', () => {
    const g = removeItems(chain(), ['conv2d_1']);
    expect(g.nodes.map((n) => n.id)).not.toContain('conv2d_1');
    expect(g.edges.map((e) => [e.source, e.target])).toEqual([['dense_1', 'output_1']]);
  });

  it('paste copies nodes with new ids and keeps only the edges among them', () => {
    const g = chain();
    const clip = copyItems(g, ['conv2d_1', 'dense_1']);
    const { graph, ids } = pasteClip(g, clip);
    expect(ids).toEqual(['conv2d_2', 'dense_2']);
    expect(graph.edges.filter((e) => ids.includes(e.source) || ids.includes(e.target)).map((e) => [e.source, e.target])).toEqual([
      ['conv2d_2', 'dense_2'],
    ]);
    expect(graph.nodes.find((n) => n.id === 'conv2d_2')?.params).toEqual(g.nodes.find((n) => n.id === 'conv2d_1')?.params);
  });
});

/** A graph from rows of [id, type, x, y] and [source, target] pairs (edge ids e_source_target). */
function build(nodes: [string, string, number, number][], edges: [string, string][]): Graph {
  return {
    nodes: nodes.map(([id, type, x, y]) => ({ id, type, params: {}, position: { x, y } })),
    edges: edges.map(([source, target]) => ({ id: `e_${source}_${target}`, source, target })),
  };
}
const pairs = (g: Graph) => g.edges.map((e) => `${e.source}→${e.target}`).sort();
const pos = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)!.position!;
/** Pairs of nodes whose boxes overlap (none expected after an insert). */
const overlapping = (g: Graph) =>
  g.nodes.flatMap((a, i) => g.nodes.slice(i + 1).filter((b) => overlaps(a.position!, b.position!)).map((b) => `${a.id}/${b.id}`));

const { x: SX, y: SY } = MIN_STEP;
/** Input → Conv2D → Dense → Output, top-down (one column). */
const column = () => build([['in', 'Input', 0, 0], ['c', 'Conv2D', 0, SY], ['d', 'Dense', 0, 2 * SY], ['out', 'Output', 0, 3 * SY]], [['in', 'c'], ['c', 'd'], ['d', 'out']]);
/** The same chain left to right, wrapped after two columns: c is the end of row one, d starts row two. */
/** Three in a row, then Output on the next row off any grid (placed by hand). */
const freeRows = () => build([['in', 'Input', 0, 0], ['c', 'Conv2D', SX, 0], ['d', 'Dense', 2 * SX, 0], ['out', 'Output', 37, SY + 10]], [['in', 'c'], ['c', 'd'], ['d', 'out']]);
const rows = () => build([['in', 'Input', 0, 0], ['c', 'Conv2D', SX, 0], ['d', 'Dense', 0, SY], ['out', 'Output', SX, SY]], [['in', 'c'], ['c', 'd'], ['d', 'out']]);

describe('insertNode', () => {
  it.each([
    // name, graph, where, edges after, where the new node goes, nodes that move (and where to)
    ['into an edge, top-down: downstream moves down one step', column(), { edgeId: 'e_c_d' }, ['c→new', 'd→out', 'in→c', 'new→d'], { x: 0, y: 2 * SY }, { d: { x: 0, y: 3 * SY }, out: { x: 0, y: 4 * SY } }],
    [
      'into an edge across a row break, rows on a grid: the rest reflows like text',
      rows(),
      { edgeId: 'e_c_d' },
      ['c→new', 'd→out', 'in→c', 'new→d'],
      { x: 0, y: SY },
      { d: { x: SX, y: SY }, out: { x: 0, y: 2 * SY } },
    ],
    [
      'into an edge inside a row, rows on a grid: a row end wraps to the next row',
      rows(),
      { edgeId: 'e_in_c' },
      ['c→d', 'd→out', 'in→new', 'new→c'],
      { x: SX, y: 0 },
      { c: { x: 0, y: SY }, d: { x: SX, y: SY }, out: { x: 0, y: 2 * SY } },
    ],
    ['into an edge across a row break, free layout: after the row end, nothing moves', freeRows(), { edgeId: 'e_d_out' }, ['c→d', 'd→new', 'in→c', 'new→out'], { x: 3 * SX, y: 0 }, {}],
    ['into an edge inside a row, free layout: only that row makes room', freeRows(), { edgeId: 'e_in_c' }, ['c→d', 'd→out', 'in→new', 'new→c'], { x: SX, y: 0 }, { c: { x: 2 * SX, y: 0 }, d: { x: 3 * SX, y: 0 } }],
    ['after a node with one outgoing edge', column(), { afterNodeId: 'in' }, ['c→d', 'd→out', 'in→new', 'new→c'], { x: 0, y: SY }, { c: { x: 0, y: 2 * SY }, d: { x: 0, y: 3 * SY }, out: { x: 0, y: 4 * SY } }],
    ['after a node with no outgoing edge: just fed by it', build([['in', 'Input', 0, 0], ['c', 'Conv2D', SX, 0]], [['in', 'c']]), { afterNodeId: 'c' }, ['c→new', 'in→c'], { x: 2 * SX, y: 0 }, {}],
    [
      'after a node with two outgoing edges: both leave from the new node',
      build([['in', 'Input', 0, 0], ['c', 'Conv2D', 0, SY], ['p', 'MaxPooling2D', 0, 2 * SY], ['q', 'AveragePooling2D', SX, 2 * SY]], [['in', 'c'], ['c', 'p'], ['c', 'q']]),
      { afterNodeId: 'c' },
      ['c→new', 'in→c', 'new→p', 'new→q'],
      { x: 0, y: 2 * SY },
      { p: { x: 0, y: 3 * SY } },
    ],
    ['after Output means before it', column(), { afterNodeId: 'out' }, ['c→d', 'd→new', 'in→c', 'new→out'], { x: 0, y: 3 * SY }, { out: { x: 0, y: 4 * SY } }],
    [
      'into a long edge: halfway, nothing moves',
      build([['in', 'Input', 0, 0], ['out', 'Output', 3 * SX, 0]], [['in', 'out']]),
      { edgeId: 'e_in_out' },
      ['in→new', 'new→out'],
      { x: Math.round(1.5 * SX), y: 0 },
      {},
    ],
    ['loose, with nothing to attach to: below everything', column(), undefined, ['c→d', 'd→out', 'in→c'], { x: 0, y: 4 * SY }, {}],
  ] as const)('%s', (_name, graph, where, edgesAfter, at, moved) => {
    const r = insertNode(graph, 'BatchNormalization', where)!;
    const named = { ...r.graph, nodes: r.graph.nodes.map((n) => (n.id === r.id ? { ...n, id: 'new' } : n)) };
    named.edges = r.graph.edges.map((e) => ({ ...e, source: e.source === r.id ? 'new' : e.source, target: e.target === r.id ? 'new' : e.target }));
    expect(pairs(named)).toEqual(edgesAfter);
    expect(pos(named, 'new')).toEqual(at);
    for (const n of graph.nodes) expect(pos(named, n.id), n.id).toEqual((moved as Record<string, unknown>)[n.id] ?? n.position);
    expect(overlapping(named)).toEqual([]);
  });

  it('keeps the slot of a multi-input target and the analysis valid', () => {
    let g = build([['in', 'Input', 0, 0], ['a', 'Conv2D', 0, SY], ['add', 'Add', 0, 2 * SY]], [['in', 'a']]);
    g = connect(connect(g, 'in', 'add'), 'a', 'add');
    const r = insertNode(g, 'BatchNormalization', { edgeId: g.edges.find((e) => e.source === 'a' && e.target === 'add')!.id })!;
    expect(r.graph.edges.find((e) => e.source === r.id)).toMatchObject({ target: 'add', targetSlot: 1 });
  });

  it('uses a given position, but never exactly on top of a node', () => {
    expect(pos(insertNode(column(), 'Dense', undefined, { x: 500, y: 7 })!.graph, 'dense_1')).toEqual({ x: 500, y: 7 });
    const onTop = insertNode(column(), 'Dense', { edgeId: 'e_c_d' }, { x: 0, y: SY })!;
    expect(pos(onTop.graph, onTop.id)).toEqual({ x: PASTE_OFFSET.x, y: SY + PASTE_OFFSET.y });
  });

  it('goes beside a node that takes its spot and is not downstream', () => {
    // A side node sits right where the new node would go after "c" (which feeds nothing).
    const g = build([['in', 'Input', 0, 0], ['c', 'Conv2D', 0, SY], ['side', 'Dense', 0, 2 * SY]], [['in', 'c']]);
    const r = insertNode(g, 'Flatten', { afterNodeId: 'c' })!;
    expect(pos(r.graph, 'side')).toEqual({ x: 0, y: 2 * SY });
    expect(overlapping(r.graph)).toEqual([]);
  });

  it('refuses an unknown type or a target that is not in the graph', () => {
    expect(insertNode(column(), 'Transformer', undefined)).toBeUndefined();
    expect(insertNode(column(), 'Dense', { edgeId: 'nope' })).toBeUndefined();
    expect(insertNode(column(), 'Dense', { afterNodeId: 'nope' })).toBeUndefined();
  });

  it('into a real template (LeNet-5) the analysis stays valid and nothing overlaps', async () => {
    const g = (await findTemplate('lenet5'))!.makeDoc().graph;
    for (const e of g.edges) {
      const r = insertNode(g, 'BatchNormalization', { edgeId: e.id })!;
      expect(overlapping(r.graph), e.id).toEqual([]);
      expect(analyzeGraph(r.graph).issues.filter((i) => i.severity === 'error'), e.id).toEqual([]);
    }
  });
});

describe('where the palette inserts', () => {
  it.each([
    ['one node selected: after it', { nodes: ['c'], edges: [] }, { afterNodeId: 'c' }],
    ['one edge selected: into it', { nodes: [], edges: ['e_c_d'] }, { edgeId: 'e_c_d' }],
    ['nothing selected: before Output', { nodes: [], edges: [] }, { edgeId: 'e_d_out' }],
    ['everything selected: before Output', { nodes: ['in', 'c', 'd', 'out'], edges: ['e_in_c'] }, { edgeId: 'e_d_out' }],
  ])('%s', (_name, selection, where) => expect(insertTarget(column(), selection)).toEqual(where));

  it('appends after the main chain when it does not end in Output, and loose into an empty graph', () => {
    const g = build([['in', 'Input', 0, 0], ['a', 'Conv2D', 0, SY], ['b', 'Dense', 0, 2 * SY], ['x', 'Dense', SX, SY]], [['in', 'a'], ['a', 'b'], ['in', 'x']]);
    expect(mainChain(g)).toEqual(['in', 'a', 'b']);
    expect(appendTarget(g)).toEqual({ afterNodeId: 'b' });
    expect(appendTarget({ nodes: [], edges: [] })).toBeUndefined();
  });
});

describe('reconnecting after a delete', () => {
  it.each([
    ['a middle node', column(), ['c'], ['d→out', 'in→d']],
    ['a run of two', column(), ['c', 'd'], ['in→out']],
    ['a node feeding two', build([['in', 'Input', 0, 0], ['c', 'Conv2D', 0, SY], ['p', 'Dense', 0, 2 * SY], ['q', 'Dense', SX, 2 * SY]], [['in', 'c'], ['c', 'p'], ['c', 'q']]), ['c'], ['in→p', 'in→q']],
  ] as const)('%s: the neighbours are joined', (_name, graph, deleted, after) => {
    const offer = reconnectOffer(graph, deleted)!;
    expect(offer.deleted).toEqual(deleted);
    expect(pairs(reconnect(removeItems(graph, deleted), offer))).toEqual(after);
  });

  it.each([
    ['the first node (nothing feeds it)', column(), ['in']],
    ['the last node (it feeds nothing)', column(), ['out']],
    ['two unrelated nodes', column(), ['c', 'out']],
  ] as const)('offers nothing for %s', (_name, graph, deleted) => expect(reconnectOffer(graph, deleted)).toBeUndefined());

  it('keeps the slot the deleted node fed, and does nothing once the node is back or the slot is taken', () => {
    let g = build([['in', 'Input', 0, 0], ['a', 'Conv2D', 0, SY], ['add', 'Add', 0, 2 * SY]], [['in', 'a']]);
    g = connect(connect(g, 'in', 'add'), 'a', 'add');
    const offer = reconnectOffer(g, ['a'])!;
    expect(offer).toEqual({ deleted: ['a'], source: 'in', targets: [{ target: 'add', targetSlot: 1 }] });
    // in→add exists already (slot 0): the offer still adds nothing twice.
    expect(reconnect(removeItems(g, ['a']), offer).edges.filter((e) => e.target === 'add')).toHaveLength(1);
    const chainG = column();
    const o = reconnectOffer(chainG, ['c'])!;
    expect(reconnect(chainG, o)).toBe(chainG); // undone: c is back
    const rewired = connect(removeItems(chainG, ['c']), 'in', 'd');
    expect(reconnect(rewired, o)).toBe(rewired);
  });
});

describe('paste offset', () => {
  it('lands one PASTE_OFFSET from the originals (clear of them), cascades on repeats and skips spots already taken', () => {
    const g = column();
    const clip = copyItems(g, ['c', 'd']);
    const first = pasteClip(g, clip);
    const { x: dx, y: dy } = PASTE_OFFSET;
    expect(dy).toBeGreaterThanOrEqual(NODE_BOX.height); // the copy does not cover its original
    expect(first.ids.map((id) => pos(first.graph, id))).toEqual([
      { x: dx, y: SY + dy },
      { x: dx, y: 2 * SY + dy },
    ]);
    expect(first.graph.edges.filter((e) => first.ids.includes(e.source)).map((e) => [e.source, e.target])).toEqual([[first.ids[0], first.ids[1]]]);
    // The same clip pasted again: one offset would land on the first copies, so it lands two offsets away.
    const second = pasteClip(first.graph, clip);
    expect(pos(second.graph, second.ids[0])).toEqual({ x: 2 * dx, y: SY + 2 * dy });
  });
});
