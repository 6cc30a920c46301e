// "Replace the classifier for N classes" (fine-tuning an imported or trained model on new data): the classifier
// is the Output node — its own FC layer (one unit per class) then softmax, src/layers/output.ts; importers fold a
// final Dense+softmax into it — so its class count becomes N and its weights are re-initialised (they no longer
// fit), while every layer before it keeps its weights. Also "freeze up to here": a node and everything before it.
import type { Graph, GraphNode } from './schema';

export type ClassifierReplacement =
  | { ok: true; graph: Graph; /** The node whose weights no longer fit (re-initialise them). */ outputId: string; previousClasses: number }
  | { ok: false; message: string };

export const MIN_CLASSES = 2;
export const MAX_CLASSES = 100_000;

/** The graph with its Output node set to `classes`; the caller drops or re-initialises that node's weights. */
export function replaceClassifier(graph: Graph, classes: number): ClassifierReplacement {
  if (!Number.isInteger(classes) || classes < MIN_CLASSES || classes > MAX_CLASSES)
    return { ok: false, message: `The class count must be a whole number from ${MIN_CLASSES} to ${MAX_CLASSES.toLocaleString('en')}, not ${classes}.` };
  const outputs = graph.nodes.filter((n) => n.type === 'Output');
  if (outputs.length !== 1) return { ok: false, message: outputs.length ? 'The network has several Output nodes — keep one to replace its classifier.' : 'The network has no Output node (the classifier) to replace — add one.' };
  const out = outputs[0];
  const previousClasses = Number(out.params?.classes ?? 10);
  // A replaced head learns from scratch: unfreeze it (a frozen new classifier could never learn).
  const { trainable: _frozen, ...rest } = out;
  const replaced: GraphNode = { ...rest, params: { ...out.params, classes } };
  return { ok: true, graph: { ...graph, nodes: graph.nodes.map((n) => (n === out ? replaced : n)) }, outputId: out.id, previousClasses };
}

/**
 * The nodes on a path from the Input node to `nodeId` (both included), in document order: what "freeze up to
 * here" freezes. Empty when `nodeId` is not reachable from an Input node.
 */
export function nodesUpTo(graph: Pick<Graph, 'nodes' | 'edges'>, nodeId: string): string[] {
  const fromInput = new Set<string>();
  const stack = graph.nodes.filter((n) => n.type === 'Input').map((n) => n.id);
  const next = new Map<string, string[]>();
  const prev = new Map<string, string[]>();
  for (const e of graph.edges) {
    next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
    prev.set(e.target, [...(prev.get(e.target) ?? []), e.source]);
  }
  while (stack.length) {
    const id = stack.pop()!;
    if (fromInput.has(id)) continue;
    fromInput.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  if (!fromInput.has(nodeId)) return [];
  const upTo = new Set<string>();
  const back = [nodeId];
  while (back.length) {
    const id = back.pop()!;
    if (upTo.has(id) || !fromInput.has(id)) continue;
    upTo.add(id);
    back.push(...(prev.get(id) ?? []));
  }
  return graph.nodes.filter((n) => upTo.has(n.id)).map((n) => n.id);
}

/** The graph with `ids` frozen (trainable: false) and every other node as it was. */
export const freezeNodes = (graph: Graph, ids: readonly string[]): Graph => setFineTune(graph, ids, { trainable: false });

/**
 * "Freeze up to here": `nodeId` and every node before it on the path from the Input, those with weights only
 * (`hasWeights`, from the analysis; a pooling layer has nothing to freeze). Returns the graph and the ids frozen.
 */
export function freezeUpTo(graph: Graph, nodeId: string, hasWeights: (id: string) => boolean = () => true): { graph: Graph; frozen: string[] } {
  const frozen = nodesUpTo(graph, nodeId).filter(hasWeights);
  return { graph: freezeNodes(graph, frozen), frozen };
}

/**
 * The graph with `ids`' fine-tuning flags set; the defaults (trainable, ×1) are stored as absent, so a node
 * set back reads as never touched. The same graph object when nothing changes (no undo step).
 */
export function setFineTune(graph: Graph, ids: readonly string[], patch: { trainable?: boolean; lrMultiplier?: number }): Graph {
  const set = new Set(ids);
  let changed = false;
  const nodes = graph.nodes.map((n) => {
    if (!set.has(n.id)) return n;
    const { trainable, lrMultiplier, ...rest } = n;
    const t = patch.trainable ?? trainable;
    const m = patch.lrMultiplier ?? lrMultiplier;
    const next: GraphNode = { ...rest, ...(t === false ? { trainable: false } : {}), ...(m !== undefined && m !== 1 && Number.isFinite(m) && m >= 0 ? { lrMultiplier: m } : {}) };
    if (next.trainable === n.trainable && next.lrMultiplier === n.lrMultiplier) return n;
    changed = true;
    return next;
  });
  return changed ? { ...graph, nodes } : graph;
}
