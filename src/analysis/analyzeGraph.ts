// Shape inference and validation over the whole graph, in one topological pass: O(N + E), with adjacency maps
// built once and no recursion per node (a 49,000-edge fan-in took 17 s when each edge copied its list; now 0.6 s).
// inferShapes/validateGraph are views of the same analysis so the UI, IPC host and CLI agree.
import type { Graph, GraphEdge, GraphNode, Shape } from '../graph/schema';
import type { IssueCode, LayerProblem, Severity, ValidationIssue } from '../graph/issue';
import { expandContextOf, type ExpandContext, type Expansion, type LayerDef, type ParamCount } from '../layers/types';
import { getLayer } from '../layers/registry';
import { formatIssueMessage } from '../i18n/issues';
import type { GraphAnalysis, GraphTotals, NodeAnalysis } from '../contract/graph';

// The analysis's types are inferred from its schema, the one the host answers 'graph.analyze' with.
export type { GraphAnalysis, GraphTotals, NodeAnalysis } from '../contract/graph';

const product = (s: Shape) => s.reduce((a, b) => a * b, 1);

export function issue(
  code: IssueCode,
  args: Record<string, string | number>,
  where: { nodeId?: string; edgeId?: string },
  severity: Severity = 'error',
  fix?: ValidationIssue['fix'],
): ValidationIssue {
  return { ...where, code, severity, args, message: formatIssueMessage(code, args, 'en'), ...(fix ? { fix } : {}) };
}

const fromProblem = (p: LayerProblem, nodeId: string, name: string): ValidationIssue =>
  issue(p.code, { name, ...p.args }, { nodeId }, p.severity ?? 'error', p.fix);

/** Incoming edges of each node, ordered by targetSlot then by their order in the document. */
export function incomingEdges(edges: GraphEdge[]): Map<string, GraphEdge[]> {
  const byTarget = new Map<string, { e: GraphEdge; i: number }[]>();
  edges.forEach((e, i) => {
    const list = byTarget.get(e.target) ?? [];
    list.push({ e, i });
    byTarget.set(e.target, list);
  });
  const out = new Map<string, GraphEdge[]>();
  for (const [k, list] of byTarget) {
    list.sort((a, b) => (a.e.targetSlot ?? Infinity) - (b.e.targetSlot ?? Infinity) || a.i - b.i);
    out.set(k, list.map((x) => x.e));
  }
  return out;
}

export interface AnalyzeOptions {
  /** Shapes fed to entry nodes of a composite expansion (used by analyzeSubgraph). */
  entryInputs?: Map<string, Shape[]>;
  /** Skip the one-Input/one-Output checks (composite expansions have neither). */
  subgraph?: boolean;
}

export function analyzeGraph(graph: Graph, opts: AnalyzeOptions = {}): GraphAnalysis {
  const issues: ValidationIssue[] = [];
  const nodes: Record<string, NodeAnalysis> = {};
  const edgesOut: Record<string, Shape | undefined> = {};
  const byId = new Map<string, GraphNode>();

  for (const n of graph.nodes) {
    if (byId.has(n.id)) issues.push(issue('duplicate-node-id', { name: n.id }, { nodeId: n.id }));
    else byId.set(n.id, n);
  }
  const validEdges: GraphEdge[] = [];
  for (const e of graph.edges) {
    const missing = !byId.has(e.source) ? e.source : !byId.has(e.target) ? e.target : undefined;
    if (missing !== undefined) issues.push(issue('edge-unknown-node', { edge: e.id, node: missing }, { edgeId: e.id }));
    else validEdges.push(e);
  }
  // Adjacency built once, O(N + E): each node's outgoing edges, for Kahn's algorithm and to hand shapes on.
  const incoming = incomingEdges(validEdges);
  const outEdges = new Map<string, GraphEdge[]>();
  const indeg = new Map<string, number>();
  for (const id of byId.keys()) indeg.set(id, 0);
  for (const e of validEdges) {
    pushTo(outEdges, e.source, e);
    indeg.set(e.target, indeg.get(e.target)! + 1);
  }

  // Kahn's algorithm with a head index (Array.shift is O(n) per call); whatever is left over sits on a cycle.
  const order: string[] = [];
  for (const [id, d] of indeg) if (d === 0) order.push(id);
  for (let head = 0; head < order.length; head++) {
    for (const e of outEdges.get(order[head]) ?? []) {
      const d = indeg.get(e.target)! - 1;
      indeg.set(e.target, d);
      if (d === 0) order.push(e.target);
    }
  }
  if (order.length < byId.size) {
    const inOrder = new Set(order);
    for (const id of byId.keys()) {
      if (!inOrder.has(id)) issues.push(issue('cycle', { name: displayName(byId.get(id)!) }, { nodeId: id }));
    }
  }

  const rf = new Map<string, { size: number; jump: number }>();
  // A composite's memory is every layer inside it (training keeps each for the backward pass), not its output
  // only: VGG-16 with its stages as blocks needs what the flat net does.
  const innerActivationBytes = new Map<string, number>();
  const ctx = expandContextOf(graph);
  for (const id of order) {
    const node = byId.get(id)!;
    const name = displayName(node);
    const entry: NodeAnalysis = {
      nodeId: id,
      type: node.type,
      name,
      inputShapes: [],
      paramCount: { trainable: 0, nonTrainable: 0 },
      macs: 0,
      formula: [],
    };
    nodes[id] = entry;
    const def = getLayer(node.type);
    if (!def) {
      issues.push(issue('unknown-layer-type', { name, type: node.type }, { nodeId: id }));
      continue;
    }
    const parsed = def.schema.safeParse(node.params ?? {});
    if (!parsed.success) {
      for (const zi of parsed.error.issues.slice(0, 3)) {
        issues.push(
          issue('invalid-params', { name, param: zi.path.join('.') || '(params)', detail: zi.message }, { nodeId: id }),
        );
      }
      continue;
    }
    const p = parsed.data as Record<string, unknown>;
    entry.params = p;
    entry.summary = def.summary?.(p);

    const inEdges = incoming.get(id) ?? [];
    const given = opts.entryInputs?.get(id);
    const inputShapes: (Shape | undefined)[] = given ? [...given, ...inEdges.map((e) => edgesOut[e.id])] : inEdges.map((e) => edgesOut[e.id]);
    entry.inputShapes = inputShapes;
    const count = inputShapes.length;
    if (count < def.arity.min) {
      issues.push(
        issue(count === 0 ? 'dangling-input' : 'too-few-inputs', { name, expected: def.arity.min, got: count }, { nodeId: id }),
      );
      continue;
    }
    if (count > def.arity.max) {
      issues.push(issue('too-many-inputs', { name, expected: def.arity.max, got: count }, { nodeId: id }));
      continue;
    }
    if (inputShapes.some((s) => s === undefined)) continue; // upstream already reported
    const ins = inputShapes as Shape[];
    const res = analyzeLayer(def, p, ins, ctx);
    if (!res.ok) {
      // A user block's misfit names the instance and the node inside it: "feature_1 › conv_1: output width …".
      const inner = node.type === 'Block' ? res.problem.args.inner : undefined;
      issues.push(fromProblem(res.problem, id, inner ? `${name} › ${inner}` : name));
      continue;
    }
    for (const w of res.warnings ?? []) issues.push(fromProblem({ severity: 'warning', ...w }, id, name));
    for (const w of def.lint?.(p, ins) ?? []) issues.push(fromProblem({ severity: 'warning', ...w }, id, name));
    entry.outputShape = res.shape;
    entry.paramCount = res.paramCount;
    entry.macs = res.macs;
    entry.formula = res.formula;
    if (res.activationBytes !== undefined) innerActivationBytes.set(id, res.activationBytes);
    for (const e of outEdges.get(id) ?? []) edgesOut[e.id] = res.shape;
    entry.receptiveField = receptiveFieldOf(def, p, inEdges.map((e) => rf.get(e.source)), res.receptiveField);
    rf.set(id, entry.receptiveField);
  }
  for (const e of graph.edges) if (!(e.id in edgesOut)) edgesOut[e.id] = undefined;

  let inputNodeId: string | undefined;
  let outputNodeId: string | undefined;
  if (!opts.subgraph) {
    const inputs = graph.nodes.filter((n) => n.type === 'Input');
    const outputs = graph.nodes.filter((n) => n.type === 'Output');
    if (inputs.length === 0) issues.push(issue('no-input-node', {}, {}));
    if (inputs.length > 1)
      for (const n of inputs.slice(1)) issues.push(issue('multiple-input-nodes', { name: displayName(n), count: inputs.length }, { nodeId: n.id }));
    if (outputs.length === 0) issues.push(issue('no-output-node', {}, {}));
    if (outputs.length > 1)
      for (const n of outputs.slice(1)) issues.push(issue('multiple-output-nodes', { name: displayName(n), count: outputs.length }, { nodeId: n.id }));
    inputNodeId = inputs[0]?.id;
    outputNodeId = outputs[0]?.id;
    if (inputNodeId && outputNodeId) {
      const forward = new Map<string, string[]>();
      const reverse = new Map<string, string[]>();
      for (const e of validEdges) {
        pushTo(forward, e.source, e.target);
        pushTo(reverse, e.target, e.source);
      }
      const fromInput = reach(inputNodeId, forward);
      const toOutput = reach(outputNodeId, reverse);
      for (const n of graph.nodes) {
        if (!fromInput.has(n.id) || !toOutput.has(n.id))
          issues.push(issue('unreachable-node', { name: displayName(n) }, { nodeId: n.id }, 'warning'));
      }
    }
  }

  const totals: GraphTotals = { trainable: 0, nonTrainable: 0, macs: 0, activationBytes: 0 };
  for (const a of Object.values(nodes)) {
    totals.trainable += a.paramCount.trainable;
    totals.nonTrainable += a.paramCount.nonTrainable;
    totals.macs += a.macs;
    const inner = innerActivationBytes.get(a.nodeId);
    if (inner !== undefined) totals.activationBytes += inner;
    else if (a.outputShape) totals.activationBytes += product(a.outputShape) * 4;
  }
  return {
    nodes,
    edges: edgesOut,
    issues,
    totals,
    order,
    inputNodeId,
    outputNodeId,
    ok: !issues.some((i) => i.severity === 'error'),
  };
}

export type LayerResult =
  | { ok: true; shape: Shape; warnings?: LayerProblem[]; paramCount: ParamCount; macs: number; formula: string[]; /** A composite: its inside's activation memory. */ activationBytes?: number; /** A composite: the field of its exit over its input. */ receptiveField?: { size: number; jump: number } }
  | { ok: false; problem: LayerProblem };

/** One layer on these inputs (params already parsed): its own rules, or for a composite the analysis of its expansion. */
export function analyzeLayer(def: LayerDef, p: any, ins: Shape[], ctx?: ExpandContext): LayerResult {
  if (!def.expand) {
    const r = def.outputShape(p, ins);
    if (!r.ok) return r;
    return { ...r, paramCount: def.paramCount(p, ins, r.shape), macs: def.macs(p, ins, r.shape), formula: def.formula?.(p, ins, r.shape) ?? [] };
  }
  const cannot = def.check?.(p, ctx);
  if (cannot) return { ok: false, problem: cannot };
  const sub = analyzeSubgraph(def.expand(p, ins, ctx), ins);
  if (sub.problem) {
    // Re-state it on the composite: the message names the block, `inner` keeps the layer inside it.
    const { name: inner, ...args } = sub.problem.args;
    const problem: LayerProblem = { ...sub.problem, args: { ...args, inner: String(inner ?? '') } };
    return { ok: false, problem: def.innerProblem?.(p, problem) ?? problem };
  }
  if (!sub.output) return { ok: false, problem: { code: 'dangling-input', args: {} } };
  const formula = sub.analysis.order.map((id) => {
    const n = sub.analysis.nodes[id];
    return `${n.name}: ${n.type}${n.summary ? ` ${n.summary}` : ''} → ${n.outputShape?.join('×') ?? '?'} (${n.paramCount.trainable + n.paramCount.nonTrainable} params)`;
  });
  return { ok: true, shape: sub.output, paramCount: sub.paramCount, macs: sub.macs, formula, activationBytes: sub.analysis.totals.activationBytes, receptiveField: sub.exitField };
}

export interface SubgraphResult {
  analysis: GraphAnalysis;
  output?: Shape;
  paramCount: ParamCount;
  macs: number;
  /** The first error inside, re-stated for the composite node. */
  problem?: LayerProblem;
  /** The exit node's receptive field over the composite's input (its entries start at 1×1, jump 1). */
  exitField?: { size: number; jump: number };
}

/** A composite's expansion analysed with the composite's inputs fed to its entry nodes. */
export function analyzeSubgraph(exp: Expansion, inputs: Shape[]): SubgraphResult {
  const entryInputs = new Map(exp.entry.map((id) => [id, inputs] as const));
  const analysis = analyzeGraph(exp.graph, { entryInputs, subgraph: true });
  const err = analysis.issues.find((i) => i.severity === 'error');
  return {
    analysis,
    output: analysis.nodes[exp.exit]?.outputShape,
    paramCount: { trainable: analysis.totals.trainable, nonTrainable: analysis.totals.nonTrainable },
    macs: analysis.totals.macs,
    exitField: analysis.nodes[exp.exit]?.receptiveField,
    problem: err ? { code: err.code, severity: 'error', args: { ...err.args, name: `${err.args.name ?? ''}`.toString() } } : undefined,
  };
}

// r_out = r_in + (k − 1)·j_in ; j_out = j_in·s  (receptive-field recurrence)
function receptiveFieldOf(def: LayerDef, p: unknown, ins: ({ size: number; jump: number } | undefined)[], inside?: { size: number; jump: number }) {
  const known = ins.filter((x): x is { size: number; jump: number } => !!x);
  const base = known.length ? known.reduce((a, b) => (b.size > a.size ? b : a)) : { size: 1, jump: 1 };
  // A composite without its own step (a user block) is the field of its inside: R over its input, jump J.
  const step = def.receptiveField?.(p) ?? (inside ? { kernel: inside.size, stride: inside.jump } : undefined);
  if (!step) return base;
  return { size: base.size + (step.kernel - 1) * base.jump, jump: base.jump * step.stride };
}

/** Appends in place: spreading a copy per edge (`[...list, e]`) made fan-in and fan-out quadratic. */
function pushTo<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Nodes reachable from start, by an explicit stack (no recursion, so no depth limit). */
function reach(start: string, adj: Map<string, string[]>): Set<string> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length) {
    for (const n of adj.get(stack.pop()!) ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(n);
    }
  }
  return seen;
}

export const displayName = (n: GraphNode) => n.name || n.id;

/** Shapes of every node and edge. */
export const inferShapes = (graph: Graph) => {
  const a = analyzeGraph(graph);
  return { nodes: a.nodes, edges: a.edges, totals: a.totals };
};

/** All problems, errors and warnings, each naming its node or edge. */
export const validateGraph = (graph: Graph): ValidationIssue[] => analyzeGraph(graph).issues;
