// Making, unpacking and editing user blocks as pure graph edits (each returns a new graph, never mutates):
// the editor's store wraps each in one undo step, and the core tests build a block net from a template with
// the same code, so "a block net computes what its flat twin does" is checked on what the user gets.
import type { BlockDefinition, Graph, GraphEdge, GraphNode, Position } from './schema';
import { MAX_REPEAT, USER_BLOCK_TYPE, UserBlockParams, blockCycle, blocksUsedBy, expandUserBlock, findBlock, overridesOfRepeat, type RepeatOverride } from '../layers/userBlock';
import { expandContextOf } from '../layers/types';

/** Why a selection cannot become a block; the editor words each one (renderer/blocks/i18n.ts). */
export type MakeBlockRefusal =
  | { reason: 'empty' }
  | { reason: 'io-node'; node: string }
  | { reason: 'no-input' }
  | { reason: 'many-inputs'; count: number }
  | { reason: 'no-output' }
  | { reason: 'many-outputs'; count: number; nodes: string[] }
  | { reason: 'not-connected' };

export type MakeBlockResult = { ok: true; graph: Graph; instanceId: string; blockId: string } | ({ ok: false } & MakeBlockRefusal);

const uniqueId = (base: string, used: Set<string>): string => {
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
};

/** A fresh node id for `type` (lower-case type + first free number), as the editor's newNodeId. */
const freshNodeId = (type: string, used: Set<string>): string => {
  const base = type.toLowerCase();
  for (let i = 1; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
};

const freshEdgeId = (source: string, target: string, used: Set<string>) => uniqueId(`e_${source}_${target}`, used);

/** Lower-case letters, digits and underscores: a definition id (and tfjs name part) from the user's name. */
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'block';

const displayName = (n: GraphNode) => n.name || n.id;

/** A deep copy of a node (params are plain JSON; the core has no structuredClone typing). */
const copyNode = (n: GraphNode): GraphNode => JSON.parse(JSON.stringify(n)) as GraphNode;

/** The selected nodes connected to each other (edges taken both ways): one piece, or the selection is refused. */
function connected(ids: Set<string>, edges: GraphEdge[]): boolean {
  const adj = new Map<string, string[]>();
  for (const e of edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) continue;
    adj.set(e.source, [...(adj.get(e.source) ?? []), e.target]);
    adj.set(e.target, [...(adj.get(e.target) ?? []), e.source]);
  }
  const [first] = ids;
  const seen = new Set([first]);
  const stack = [first];
  while (stack.length) {
    for (const n of adj.get(stack.pop()!) ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(n);
    }
  }
  return seen.size === ids.size;
}

/** How many instances of each definition the graph holds (top level only: the canvas's count). */
export const instanceCount = (graph: Graph, blockId: string): number => graph.nodes.filter((n) => n.type === USER_BLOCK_TYPE && n.params?.block === blockId).length;

/**
 * Replaces the selected nodes by one instance of a new definition named `name`. The cut edges decide its
 * wiring: exactly one tensor may come in (it may feed several selected nodes) and exactly one go out.
 */
export function makeBlock(graph: Graph, nodeIds: readonly string[], name: string): MakeBlockResult {
  const ids = new Set(nodeIds.filter((id) => graph.nodes.some((n) => n.id === id)));
  if (!ids.size) return { ok: false, reason: 'empty' };
  const members = graph.nodes.filter((n) => ids.has(n.id));
  const io = members.find((n) => n.type === 'Input' || n.type === 'Output');
  if (io) return { ok: false, reason: 'io-node', node: displayName(io) };
  const cutIn = graph.edges.filter((e) => ids.has(e.target) && !ids.has(e.source));
  const cutOut = graph.edges.filter((e) => ids.has(e.source) && !ids.has(e.target));
  const sources = [...new Set(cutIn.map((e) => e.source))];
  if (sources.length === 0) return { ok: false, reason: 'no-input' };
  if (sources.length > 1) return { ok: false, reason: 'many-inputs', count: sources.length };
  const exits = [...new Set(cutOut.map((e) => e.source))];
  if (exits.length === 0) return { ok: false, reason: 'no-output' };
  if (exits.length > 1) return { ok: false, reason: 'many-outputs', count: exits.length, nodes: exits.map((id) => displayName(members.find((n) => n.id === id)!)) };
  if (!connected(ids, graph.edges)) return { ok: false, reason: 'not-connected' };

  const blocks = graph.blocks ?? [];
  const blockId = uniqueId(slug(name), new Set(blocks.map((b) => b.id)));
  // Inner positions relative to the selection's corner, so an unpacked copy lands where the instance is.
  const placed = members.map((n) => n.position).filter((p): p is Position => !!p);
  const corner = placed.length ? { x: Math.min(...placed.map((p) => p.x)), y: Math.min(...placed.map((p) => p.y)) } : { x: 0, y: 0 };
  const inner: GraphNode[] = members.map((n) => ({ ...copyNode(n), ...(n.position ? { position: { x: n.position.x - corner.x, y: n.position.y - corner.y } } : {}) }));
  const definition: BlockDefinition = {
    id: blockId,
    name,
    graph: { nodes: inner, edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ ...e })) },
    inputs: [...new Set(cutIn.map((e) => e.target))],
    output: exits[0],
  };

  const usedNodes = new Set(graph.nodes.filter((n) => !ids.has(n.id)).map((n) => n.id));
  const instanceId = freshNodeId(USER_BLOCK_TYPE, usedNodes);
  const first = members.find((n) => n.position) ?? members[0];
  const instance: GraphNode = {
    id: instanceId,
    type: USER_BLOCK_TYPE,
    name: uniqueId(`${blockId}_${instanceCount(graph, blockId) + 1}`, new Set(graph.nodes.map(displayName))),
    params: { block: blockId },
    ...(first.position ? { position: { ...first.position } } : {}),
  };
  const kept = graph.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target));
  const usedEdges = new Set(kept.map((e) => e.id));
  const take = (source: string, target: string) => {
    const id = freshEdgeId(source, target, usedEdges);
    usedEdges.add(id);
    return id;
  };
  const inEdge: GraphEdge = { id: take(sources[0], instanceId), source: sources[0], target: instanceId };
  const outEdges: GraphEdge[] = cutOut.map((e) => ({ ...e, id: take(instanceId, e.target), source: instanceId }));
  // The instance takes the place of the first selected node in the list (the canvas draws in list order).
  const at = graph.nodes.findIndex((n) => ids.has(n.id));
  const nodes = graph.nodes.filter((n) => !ids.has(n.id));
  nodes.splice(Math.min(at, nodes.length), 0, instance);
  return { ok: true, graph: { ...graph, nodes, edges: [...kept, inEdge, ...outEdges], blocks: [...blocks, definition] }, instanceId, blockId };
}

/**
 * Replaces an instance by a copy of its definition's layers (fresh ids, its names where no other node has
 * them), wired as the expansion computes: the block's input first on each entry node, then the inner edges.
 */
export function unpackBlock(graph: Graph, instanceId: string): { graph: Graph; ids: string[] } | undefined {
  const instance = graph.nodes.find((n) => n.id === instanceId && n.type === USER_BLOCK_TYPE);
  const found = instance && findBlock(graph.blocks, String(instance.params?.block ?? ''));
  if (!instance || !found) return undefined;
  const parsed = UserBlockParams.safeParse(instance.params);
  if (!parsed.success) return undefined;
  if (parsed.data.repeat > 1) return unpackRepeats(graph, instanceId, parsed.data);
  // This instance's own changes (its overrides) become the copies' params.
  const def = { ...found, graph: { ...found.graph, nodes: expandUserBlock(parsed.data, [], expandContextOf(graph)).graph.nodes } };
  const usedIds = new Set(graph.nodes.filter((n) => n.id !== instanceId).map((n) => n.id));
  const usedNames = new Set(graph.nodes.filter((n) => n.id !== instanceId).map(displayName));
  const idOf = new Map<string, string>();
  const origin = instance.position ?? { x: 0, y: 0 };
  const copies = def.graph.nodes.map((n) => {
    const id = freshNodeId(n.type, usedIds);
    usedIds.add(id);
    idOf.set(n.id, id);
    const name = n.name && !usedNames.has(n.name) ? n.name : id;
    usedNames.add(name);
    const { position, ...rest } = copyNode(n);
    return { ...rest, id, name, position: { x: origin.x + (position?.x ?? 0), y: origin.y + (position?.y ?? 0) } };
  });
  const kept = graph.edges.filter((e) => e.source !== instanceId && e.target !== instanceId);
  const usedEdges = new Set(kept.map((e) => e.id));
  const edge = (e: Omit<GraphEdge, 'id'>): GraphEdge => {
    const id = freshEdgeId(e.source, e.target, usedEdges);
    usedEdges.add(id);
    return { id, ...e };
  };
  const feed = graph.edges.find((e) => e.target === instanceId);
  const entries = new Set(def.inputs);
  const innerEdges = def.graph.edges.map((e) => {
    const shifted = entries.has(e.target) && feed ? { targetSlot: (e.targetSlot ?? def.graph.edges.filter((x) => x.target === e.target).indexOf(e)) + 1 } : {};
    const { id: _old, targetSlot, ...rest } = e;
    return edge({ ...rest, source: idOf.get(e.source)!, target: idOf.get(e.target)!, ...(targetSlot !== undefined ? { targetSlot } : {}), ...shifted });
  });
  const multi = (target: string) => def.graph.edges.some((e) => e.target === target);
  const inEdges = feed ? def.inputs.map((t) => edge({ source: feed.source, target: idOf.get(t)!, ...(multi(t) ? { targetSlot: 0 } : {}) })) : [];
  const outEdges = graph.edges
    .filter((e) => e.source === instanceId)
    .map((e) => {
      const { id: _old, ...rest } = e;
      return edge({ ...rest, source: idOf.get(def.output)! });
    });
  const at = graph.nodes.findIndex((n) => n.id === instanceId);
  const nodes = [...graph.nodes.slice(0, at), ...copies, ...graph.nodes.slice(at + 1)];
  return { graph: { ...graph, nodes, edges: [...kept, ...inEdges, ...innerEdges, ...outEdges] }, ids: copies.map((c) => c.id) };
}

/**
 * A repeated instance unpacks as N single instances in a chain (each keeping its repeat's overrides), each
 * then unpacked in turn: the layers of every repeat, placed side by side.
 */
function unpackRepeats(graph: Graph, instanceId: string, p: UserBlockParams): { graph: Graph; ids: string[] } | undefined {
  const instance = graph.nodes.find((n) => n.id === instanceId)!;
  const def = findBlock(graph.blocks, p.block)!;
  const xs = def.graph.nodes.map((n) => n.position?.x ?? 0);
  const width = Math.max(0, ...xs) - Math.min(0, ...xs) + 220;
  const used = new Set(graph.nodes.map((n) => n.id));
  const ids = [instanceId];
  while (ids.length < p.repeat) {
    const id = freshNodeId(USER_BLOCK_TYPE, used);
    used.add(id);
    ids.push(id);
  }
  const origin = instance.position ?? { x: 0, y: 0 };
  const singles: GraphNode[] = ids.map((id, i) => ({
    id,
    type: USER_BLOCK_TYPE,
    params: { block: p.block, ...(p.overrides.some((o) => o.repeat === i) ? { overrides: overridesOfRepeat(p.overrides, i) } : {}) },
    position: { x: origin.x + i * width, y: origin.y },
  }));
  const usedEdges = new Set(graph.edges.map((e) => e.id));
  const chainEdges = ids.slice(1).map((id, i) => {
    const eid = freshEdgeId(ids[i], id, usedEdges);
    usedEdges.add(eid);
    return { id: eid, source: ids[i], target: id };
  });
  const last = ids[ids.length - 1];
  const edges = [...graph.edges.map((e) => (e.source === instanceId ? { ...e, source: last } : e)), ...chainEdges];
  const at = graph.nodes.findIndex((n) => n.id === instanceId);
  let g: Graph = { ...graph, nodes: [...graph.nodes.slice(0, at), ...singles, ...graph.nodes.slice(at + 1)], edges };
  const all: string[] = [];
  for (const id of ids) {
    const r = unpackBlock(g, id);
    if (!r) return undefined;
    g = r.graph;
    all.push(...r.ids);
  }
  return { graph: g, ids: all };
}

const withBlock = (graph: Graph, blockId: string, change: (b: BlockDefinition) => BlockDefinition): Graph =>
  findBlock(graph.blocks, blockId) ? { ...graph, blocks: graph.blocks!.map((b) => (b.id === blockId ? change(b) : b)) } : graph;

/** Renames a definition (its instances show the new name; their node names stay as the user set them). */
export const renameBlock = (graph: Graph, blockId: string, name: string): Graph =>
  name.trim() ? withBlock(graph, blockId, (b) => ({ ...b, name: name.trim() })) : graph;

/**
 * Merges `params` into one node inside a definition: every instance changes, and the next analysis checks
 * each instance's shapes again. An undefined value removes the param (as the inspector's setParams).
 */
export function setBlockNodeParams(graph: Graph, blockId: string, innerId: string, params: Record<string, unknown>): Graph {
  return withBlock(graph, blockId, (b) => ({
    ...b,
    graph: {
      ...b.graph,
      nodes: b.graph.nodes.map((n) => {
        if (n.id !== innerId) return n;
        const merged = { ...n.params, ...params };
        for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
        return { ...n, params: merged };
      }),
    },
  }));
}

/** Where a definition is used: instances in the graph and other definitions that hold one. */
export function blockUses(graph: Graph, blockId: string): { instances: number; inDefinitions: string[] } {
  return {
    instances: instanceCount(graph, blockId),
    inDefinitions: (graph.blocks ?? []).filter((b) => b.id !== blockId && blocksUsedBy(b).includes(blockId)).map((b) => b.name),
  };
}

/** Deletes a definition nothing uses; a used one is kept (graph returned unchanged). */
export function deleteBlockDefinition(graph: Graph, blockId: string): Graph {
  const uses = blockUses(graph, blockId);
  if (uses.instances || uses.inDefinitions.length || !findBlock(graph.blocks, blockId)) return graph;
  const blocks = graph.blocks!.filter((b) => b.id !== blockId);
  const { blocks: _all, ...rest } = graph;
  return blocks.length ? { ...rest, blocks } : rest;
}

/** The definition chain that contains itself, if any: "a → b → a" (the analysis refuses such a block). */
export const recursiveChain = (graph: Graph, blockId: string): string | undefined => blockCycle(graph.blocks, blockId)?.join(' → ');

const withInstance = (graph: Graph, instanceId: string, change: (p: Record<string, unknown>) => Record<string, unknown>): Graph => {
  const at = graph.nodes.findIndex((n) => n.id === instanceId && n.type === USER_BLOCK_TYPE);
  if (at < 0) return graph;
  const nodes = [...graph.nodes];
  nodes[at] = { ...nodes[at], params: change(nodes[at].params ?? {}) };
  return { ...graph, nodes };
};

const overridesOf = (p: Record<string, unknown>): RepeatOverride[] => (Array.isArray(p.overrides) ? (p.overrides as RepeatOverride[]) : []);

/**
 * Sets how many times an instance runs in sequence (1 … MAX_REPEAT). Overrides of repeats beyond the new
 * count are dropped, so a later ×N never brings back a forgotten change.
 */
export function setBlockRepeat(graph: Graph, instanceId: string, times: number): Graph {
  const n = Math.max(1, Math.min(MAX_REPEAT, Math.round(times)));
  return withInstance(graph, instanceId, (p) => {
    const { repeat: _r, overrides: _o, ...rest } = p;
    const kept = overridesOf(p).filter((o) => o.repeat < n);
    return { ...rest, ...(n > 1 ? { repeat: n } : {}), ...(kept.length ? { overrides: kept } : {}) };
  });
}

/**
 * Sets (or with undefined, clears) one repeat's change to one inner layer: `params` merge into the
 * definition's for that repeat only. A param set to undefined is removed from the override.
 */
export function setRepeatOverride(graph: Graph, instanceId: string, repeat: number, innerId: string, params: Record<string, unknown> | undefined): Graph {
  return withInstance(graph, instanceId, (p) => {
    const others = overridesOf(p).filter((o) => !(o.repeat === repeat && o.node === innerId));
    const current = overridesOf(p).find((o) => o.repeat === repeat && o.node === innerId)?.params ?? {};
    const merged: Record<string, unknown> = params ? { ...current, ...params } : {};
    for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
    const next = Object.keys(merged).length ? [...others, { repeat, node: innerId, params: merged }] : others;
    next.sort((a, b) => a.repeat - b.repeat || a.node.localeCompare(b.node));
    const { overrides: _o, ...rest } = p;
    return { ...rest, ...(next.length ? { overrides: next } : {}) };
  });
}

/**
 * Repeat ×N of a selection: one Make block of it whose instance runs `times` times. A selection that is one
 * instance already just gets its count (no new definition).
 */
export function repeatSelection(graph: Graph, nodeIds: readonly string[], name: string, times: number): MakeBlockResult {
  const only = nodeIds.length === 1 ? graph.nodes.find((n) => n.id === nodeIds[0] && n.type === USER_BLOCK_TYPE) : undefined;
  if (only) return { ok: true, graph: setBlockRepeat(graph, only.id, times), instanceId: only.id, blockId: String(only.params.block) };
  const made = makeBlock(graph, nodeIds, name);
  return made.ok ? { ...made, graph: setBlockRepeat(made.graph, made.instanceId, times) } : made;
}
