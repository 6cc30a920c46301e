// The diff of two graphs, read like a code diff: nodes added, removed and changed (with each parameter's before
// and after), edges added and removed, user block definitions added, removed and changed, and what it costs in
// parameters and MACs (from analyzeGraph of each side). Layout is not content: moved nodes are only counted.
import type { BlockDefinition, Graph, GraphEdge, GraphNode } from '../graph/schema';
import { analyzeGraph, displayName, type GraphAnalysis } from '../analysis/analyzeGraph';
import { getLayer } from '../layers/registry';
import { USER_BLOCK_TYPE } from '../layers/userBlock';

/** One parameter that differs; `undefined` where a side has none (an unknown type's raw param left out). */
export interface ParamChange {
  key: string;
  before: unknown;
  after: unknown;
}

/** A node on one side with its cost there (0 inside a block definition, which is costed at its instances). */
export interface DiffNode {
  id: string;
  name: string;
  type: string;
  /** The layer's summary on this side, e.g. "16 @ 3×3 same" (empty when its params do not parse). */
  summary: string;
  /** Trainable parameters. */
  params: number;
  macs: number;
}

/** A node on both sides: `before`/`after` carry each side's id, name and cost. */
export interface MatchedNode {
  before: DiffNode;
  after: DiffNode;
  /** Every parameter whose filled-in value differs, keys sorted. */
  params: ParamChange[];
  typeChanged?: { before: string; after: string };
  nameChanged?: { before: string; after: string };
  /** A Block instance whose definition (or a definition nested in it) changed. */
  definitionChanged?: true;
}

export interface DiffEdge {
  source: string;
  target: string;
  sourceName: string;
  targetName: string;
  targetSlot?: number;
}

export interface NodeListDiff {
  /** Nodes only in b (ids of b). */
  added: DiffNode[];
  /** Nodes only in a (ids of a). */
  removed: DiffNode[];
  /** Nodes on both sides that differ in type, name, a parameter or (a Block) their definition. */
  changed: MatchedNode[];
  /** Nodes on both sides equal in content; those whose cost changed anyway (an upstream change) are in `affected`. */
  unchanged: number;
  /** Unchanged nodes whose parameter count or MACs changed, because their input did (C3 after C1's filters). */
  affected: MatchedNode[];
  /** Nodes on both sides whose canvas position differs (not a change: layout only). */
  moved: number;
}

export interface EdgeListDiff {
  /** Connections only in b, named by b's ids. */
  added: DiffEdge[];
  /** Connections only in a, named by a's ids. */
  removed: DiffEdge[];
}

export interface BlockDefinitionChange {
  id: string;
  nameChanged?: { before: string; after: string };
  nodes: NodeListDiff;
  edges: EdgeListDiff;
  inputsChanged?: { before: string[]; after: string[] };
  outputChanged?: { before: string; after: string };
  /** Definitions used inside this one that changed (so this one's instances changed too). */
  nestedChanged?: string[];
}

export interface CostTotals {
  before: number;
  after: number;
  delta: number;
}

export interface GraphDiff extends NodeListDiff {
  edges: EdgeListDiff;
  blocks: { added: { id: string; name: string }[]; removed: { id: string; name: string }[]; changed: BlockDefinitionChange[] };
  /** Trainable parameters, non-trainable ones (BN statistics) and MACs per sample, from analyzeGraph of each side. */
  totals: { params: CostTotals; nonTrainable: CostTotals; macs: CostTotals };
  /** Nothing differs but layout (`moved` may be > 0). */
  equal: boolean;
  /** Whether each side analyses without errors (otherwise its counts leave out the layers that failed). */
  valid: { before: boolean; after: boolean };
}

export type NodeDiffStatus = 'added' | 'removed' | 'changed' | 'affected' | 'unchanged';

/**
 * Trainable parameters, the count the templates and papers quote (LeNet-5's 61,706); BN's moving statistics
 * are non-trainable and summed apart in totals.nonTrainable.
 */
const paramsOf = (a: GraphAnalysis | undefined, id: string) => a?.nodes[id]?.paramCount.trainable ?? 0;

/** The layer's own schema fills defaults, so `padding` left out and `padding: 'valid'` compare equal. */
function filledParams(node: GraphNode): { params: Record<string, unknown>; summary: string } {
  const def = getLayer(node.type);
  const parsed = def?.schema.safeParse(node.params ?? {});
  if (!def || !parsed?.success) return { params: node.params ?? {}, summary: '' };
  const p = parsed.data as Record<string, unknown>;
  return { params: p, summary: def.summary?.(p) ?? '' };
}

/** JSON with object keys sorted: the equality of two parsed param values (arrays keep their order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

function paramChanges(a: Record<string, unknown>, b: Record<string, unknown>): ParamChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => canonical(a[k]) !== canonical(b[k])).map((key) => ({ key, before: a[key], after: b[key] }));
}

/**
 * Pairs the nodes of a and b: by id first, then the still unpaired ones by name + type, in document order.
 * Ids are the identity the editor keeps (renaming keeps the id, so a rename is a change, not remove + add);
 * the second pass catches a layer deleted and re-created under the same name and type (a new id), which a
 * reader sees as the same layer edited, so it is reported as changed rather than removed + added.
 */
export function matchNodes(a: readonly GraphNode[], b: readonly GraphNode[]): { pairs: [GraphNode, GraphNode][]; removed: GraphNode[]; added: GraphNode[] } {
  const bById = new Map(b.map((n) => [n.id, n] as const));
  const pairedB = new Set<GraphNode>();
  const pairs: [GraphNode, GraphNode][] = [];
  const leftA: GraphNode[] = [];
  for (const n of a) {
    const m = bById.get(n.id);
    if (m && !pairedB.has(m)) {
      pairs.push([n, m]);
      pairedB.add(m);
    } else leftA.push(n);
  }
  const byNameType = new Map<string, GraphNode[]>();
  for (const m of b) {
    if (pairedB.has(m)) continue;
    const key = `${m.type}\u0000${displayName(m)}`;
    const list = byNameType.get(key);
    if (list) list.push(m);
    else byNameType.set(key, [m]);
  }
  const removed: GraphNode[] = [];
  for (const n of leftA) {
    const m = byNameType.get(`${n.type}\u0000${displayName(n)}`)?.shift(); // few per name: shift is cheap here
    if (m) {
      pairs.push([n, m]);
      pairedB.add(m);
    } else removed.push(n);
  }
  return { pairs, removed, added: b.filter((m) => !pairedB.has(m)) };
}

const diffNode = (n: GraphNode, summary: string, analysis: GraphAnalysis | undefined): DiffNode => ({
  id: n.id,
  name: displayName(n),
  type: n.type,
  summary,
  params: paramsOf(analysis, n.id),
  macs: analysis?.nodes[n.id]?.macs ?? 0,
});

const samePosition = (p: GraphNode['position'], q: GraphNode['position']) => (p?.x ?? NaN) === (q?.x ?? NaN) && (p?.y ?? NaN) === (q?.y ?? NaN);

function diffNodeLists(
  a: readonly GraphNode[],
  b: readonly GraphNode[],
  costs: { a?: GraphAnalysis; b?: GraphAnalysis },
  changedDefinitions: ReadonlySet<string>,
): { nodes: NodeListDiff; pairs: [GraphNode, GraphNode][] } {
  const { pairs, removed, added } = matchNodes(a, b);
  const nodes: NodeListDiff = {
    added: added.map((n) => diffNode(n, filledParams(n).summary, costs.b)),
    removed: removed.map((n) => diffNode(n, filledParams(n).summary, costs.a)),
    changed: [],
    unchanged: 0,
    affected: [],
    moved: 0,
  };
  for (const [x, y] of pairs) {
    const px = filledParams(x);
    const py = filledParams(y);
    const match: MatchedNode = { before: diffNode(x, px.summary, costs.a), after: diffNode(y, py.summary, costs.b), params: paramChanges(px.params, py.params) };
    if (x.type !== y.type) match.typeChanged = { before: x.type, after: y.type };
    if (displayName(x) !== displayName(y)) match.nameChanged = { before: displayName(x), after: displayName(y) };
    if (y.type === USER_BLOCK_TYPE && typeof py.params.block === 'string' && changedDefinitions.has(py.params.block)) match.definitionChanged = true;
    if (x.position && y.position && !samePosition(x.position, y.position)) nodes.moved++;
    if (match.params.length || match.typeChanged || match.nameChanged || match.definitionChanged) nodes.changed.push(match);
    else {
      nodes.unchanged++;
      if (match.before.params !== match.after.params || match.before.macs !== match.after.macs) nodes.affected.push(match);
    }
  }
  return { nodes, pairs };
}

/** Connections compared through the node pairing (edge ids are incidental): a multiset of source → target#slot. */
function diffEdges(a: readonly GraphEdge[], b: readonly GraphEdge[], aNodes: readonly GraphNode[], bNodes: readonly GraphNode[], pairs: [GraphNode, GraphNode][]): EdgeListDiff {
  const aOfB = new Map(pairs.map(([x, y]) => [y.id, x.id] as const));
  const nameA = new Map(aNodes.map((n) => [n.id, displayName(n)] as const));
  const nameB = new Map(bNodes.map((n) => [n.id, displayName(n)] as const));
  const endA = (id: string) => `a:${id}`;
  const endB = (id: string) => (aOfB.has(id) ? `a:${aOfB.get(id)}` : `b:${id}`);
  const key = (s: string, t: string, slot?: number) => `${s}\u0000${t}\u0000${slot ?? ''}`;
  const counts = new Map<string, number>();
  for (const e of a) {
    const k = key(endA(e.source), endA(e.target), e.targetSlot);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const describe = (e: GraphEdge, names: Map<string, string>): DiffEdge => ({
    source: e.source,
    target: e.target,
    sourceName: names.get(e.source) ?? e.source,
    targetName: names.get(e.target) ?? e.target,
    ...(e.targetSlot !== undefined ? { targetSlot: e.targetSlot } : {}),
  });
  const added: DiffEdge[] = [];
  for (const e of b) {
    const k = key(endB(e.source), endB(e.target), e.targetSlot);
    const left = counts.get(k) ?? 0;
    if (left > 0) counts.set(k, left - 1);
    else added.push(describe(e, nameB));
  }
  const removed: DiffEdge[] = [];
  // What is left in the counts is in a only: walk a's edges backwards so the last duplicates are the removed ones.
  for (const e of [...a].reverse()) {
    const k = key(endA(e.source), endA(e.target), e.targetSlot);
    const left = counts.get(k) ?? 0;
    if (left > 0) {
      counts.set(k, left - 1);
      removed.unshift(describe(e, nameA));
    }
  }
  return { added, removed };
}

const nodeListEmpty = (d: NodeListDiff) => !d.added.length && !d.removed.length && !d.changed.length;

/**
 * Definitions matched by id (a 'Block' node names its definition by id). A definition counts as changed when
 * its name, inside, inputs or output differ, or when a definition used inside it changed (so every instance of
 * an outer stage whose inner unit was edited is marked too).
 */
function diffBlocks(a: readonly BlockDefinition[], b: readonly BlockDefinition[]): GraphDiff['blocks'] {
  const bById = new Map(b.map((d) => [d.id, d] as const));
  const aIds = new Set(a.map((d) => d.id));
  const own: BlockDefinitionChange[] = [];
  for (const x of a) {
    const y = bById.get(x.id);
    if (!y) continue;
    const { nodes, pairs } = diffNodeLists(x.graph.nodes, y.graph.nodes, {}, new Set());
    const change: BlockDefinitionChange = { id: x.id, nodes, edges: diffEdges(x.graph.edges, y.graph.edges, x.graph.nodes, y.graph.nodes, pairs) };
    if (x.name !== y.name) change.nameChanged = { before: x.name, after: y.name };
    if (canonical(x.inputs) !== canonical(y.inputs)) change.inputsChanged = { before: x.inputs, after: y.inputs };
    if (x.output !== y.output) change.outputChanged = { before: x.output, after: y.output };
    own.push(change);
  }
  const differs = (c: BlockDefinitionChange) =>
    !nodeListEmpty(c.nodes) || c.edges.added.length > 0 || c.edges.removed.length > 0 || !!c.nameChanged || !!c.inputsChanged || !!c.outputChanged;
  const changedIds = new Set(own.filter(differs).map((c) => c.id));
  // Nested definitions: propagate "changed" outwards until nothing new is marked (definitions are acyclic in a
  // valid graph; the loop ends anyway since each pass marks at least one more or stops).
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of own) {
      if (changedIds.has(c.id)) continue;
      const inner = bById.get(c.id)!.graph.nodes;
      if (inner.some((n) => n.type === USER_BLOCK_TYPE && changedIds.has(String(n.params?.block)))) {
        changedIds.add(c.id);
        grew = true;
      }
    }
  }
  for (const c of own) {
    const nested = bById.get(c.id)!.graph.nodes.filter((n) => n.type === USER_BLOCK_TYPE && changedIds.has(String(n.params?.block)));
    if (nested.length) c.nestedChanged = [...new Set(nested.map((n) => String(n.params.block)))];
  }
  return {
    added: b.filter((d) => !aIds.has(d.id)).map((d) => ({ id: d.id, name: d.name })),
    removed: a.filter((d) => !bById.has(d.id)).map((d) => ({ id: d.id, name: d.name })),
    changed: own.filter((c) => changedIds.has(c.id)),
  };
}

const cost = (before: number, after: number): CostTotals => ({ before, after, delta: after - before });

/** a → b: what was added, removed and changed, and what it costs in parameters and MACs. */
export function diffGraphs(a: Graph, b: Graph): GraphDiff {
  const analysisA = analyzeGraph(a);
  const analysisB = analyzeGraph(b);
  const blocks = diffBlocks(a.blocks ?? [], b.blocks ?? []);
  const changedDefinitions = new Set(blocks.changed.map((c) => c.id));
  const { nodes, pairs } = diffNodeLists(a.nodes, b.nodes, { a: analysisA, b: analysisB }, changedDefinitions);
  const edges = diffEdges(a.edges, b.edges, a.nodes, b.nodes, pairs);
  return {
    ...nodes,
    edges,
    blocks,
    totals: {
      params: cost(analysisA.totals.trainable, analysisB.totals.trainable),
      nonTrainable: cost(analysisA.totals.nonTrainable, analysisB.totals.nonTrainable),
      macs: cost(analysisA.totals.macs, analysisB.totals.macs),
    },
    valid: { before: analysisA.ok, after: analysisB.ok },
    equal: nodeListEmpty(nodes) && !edges.added.length && !edges.removed.length && !blocks.added.length && !blocks.removed.length && !blocks.changed.length,
  };
}

/**
 * Each side's nodes by id → their status, for colouring a canvas: `before` holds a's ids (removed, changed,
 * affected, unchanged), `after` holds b's (added, changed, affected, unchanged).
 */
export function nodeDiffStatus(diff: NodeListDiff, a: Graph, b: Graph): { before: Record<string, NodeDiffStatus>; after: Record<string, NodeDiffStatus> } {
  const before: Record<string, NodeDiffStatus> = Object.fromEntries(a.nodes.map((n) => [n.id, 'unchanged' as NodeDiffStatus]));
  const after: Record<string, NodeDiffStatus> = Object.fromEntries(b.nodes.map((n) => [n.id, 'unchanged' as NodeDiffStatus]));
  for (const n of diff.removed) before[n.id] = 'removed';
  for (const n of diff.added) after[n.id] = 'added';
  for (const [list, status] of [[diff.changed, 'changed'], [diff.affected, 'affected']] as const) {
    for (const m of list) {
      before[m.before.id] = status;
      after[m.after.id] = status;
    }
  }
  return { before, after };
}
