// Whether a valid graph can train here: limits of tfjs and of the machine that the shape analysis does not
// know about. Without these a graph that validates fails mid-build with a raw internal error ("Maximum call
// stack size exceeded", "Invalid typed array length"). The CLI's validate and the host's 'graph.analyze'
// show them as warnings; `cnn-studio train`, the app's Train button and the model builder refuse on them.
import type { Graph, Shape } from '../graph/schema';
import { formatShape } from '../graph/schema';
import type { ValidationIssue } from '../graph/issue';
import { analyzeSubgraph, displayName, incomingEdges, issue, type GraphAnalysis } from '../analysis/analyzeGraph';
import { getLayer } from '../layers/registry';
import { expandContextOf, type ExpandContext } from '../layers/types';

/**
 * The most values one tensor may hold: 2³¹ − 1. tfjs indexes tensors with 32-bit signed integers — the
 * WebGPU shaders' getGlobalIndex() -> i32, WebGL's highp int (GLSL ES 3.00 §4.5.2: 32-bit), the wasm
 * kernels' C++ `int` sizes — so a flat index past 2³¹ − 1 wraps. (Past 2³² V8 itself refuses the
 * Float32Array: "Invalid typed array length".)
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/**
 * The most layers one path from the Input may have. tfjs-layers' Container walks the model recursively
 * (buildMapOfGraph in engine/container.js, one stack frame per layer), and `tf.model` overflowed Node 20's
 * default 984 KB stack at ≈4,400 layers in sequence (measured, tfjs 4.22). Half of that leaves room for the
 * frames below it and for a worker's smaller stack; ResNet-152 is ≈520 layers deep.
 */
export const MAX_LAYERS_IN_SEQUENCE = 2000;

/**
 * Bytes of float32 kept per parameter while training: the weight, its gradient and up to two optimizer
 * slots (Adam's first and second moments, Kingma & Ba 2015; RMSProp and momentum keep fewer) — 4 × 4 bytes.
 */
const BYTES_PER_TRAINABLE = 16;
const BYTES_PER_FROZEN = 4;

export interface TrainabilityOptions {
  /** Samples per batch: every activation tensor is batch × the node's output shape. */
  batch: number;
  /** Memory training may use (the CLI passes os.totalmem()); omitted: the memory check is skipped. */
  memoryBytes?: number;
  /** Overrides for tests and for backends with other limits. */
  maxTensorElements?: number;
  maxLayersInSequence?: number;
}

const product = (s: Shape) => s.reduce((a, b) => a * b, 1);
const count = (n: number) => n.toLocaleString('en-US');

/** 1536 → "1.5 KB", 2⁴⁰ → "1.0 TB" (binary units, as the validate report's totals). */
export function formatBytes(b: number): string {
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let v = b / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/**
 * Memory one training step needs: every activation is kept for the backward pass, which writes a gradient
 * of the same size (2 × batch × activations per sample), plus the parameters with their gradients and
 * optimizer state.
 */
export function trainingBytes(analysis: GraphAnalysis, batch: number): { total: number; activations: number; weights: number } {
  const activations = 2 * batch * analysis.totals.activationBytes;
  const weights = BYTES_PER_TRAINABLE * analysis.totals.trainable + BYTES_PER_FROZEN * analysis.totals.nonTrainable;
  return { total: activations + weights, activations, weights };
}

/**
 * The most tfjs layers on one path through the graph, and the node where that path ends. A composite counts
 * as the longest path inside its expansion. One pass in topological order (no recursion per node); the only
 * recursion is into a composite's expansion, as deep as composites nest (one level today).
 */
export function layersInSequence(graph: Graph, analysis: GraphAnalysis): { depth: number; nodeId?: string } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  const incoming = incomingEdges(graph.edges);
  const depth = new Map<string, number>();
  let deepest: { depth: number; nodeId?: string } = { depth: 0 };
  for (const id of analysis.order) {
    const node = byId.get(id);
    const a = analysis.nodes[id];
    if (!node || !a) continue;
    let before = 0;
    for (const e of incoming.get(id) ?? []) before = Math.max(before, depth.get(e.source) ?? 0);
    const d = before + ownLayers(node.type, a, expandContextOf(graph));
    depth.set(id, d);
    if (d > deepest.depth) deepest = { depth: d, nodeId: id };
  }
  return deepest;
}

/** 1 for a primitive layer; for a composite, the longest path inside its expansion. */
function ownLayers(type: string, a: GraphAnalysis['nodes'][string], ctx: ExpandContext): number {
  const def = getLayer(type);
  if (!def?.expand || !a.params || a.inputShapes.some((s) => !s)) return 1;
  const ins = a.inputShapes as Shape[];
  const exp = def.expand(a.params, ins, ctx);
  return Math.max(1, layersInSequence(exp.graph, analyzeSubgraph(exp, ins).analysis).depth);
}

/**
 * Why this analysed graph cannot train here, as warnings that name the node: a tensor over tfjs's index
 * limit, a path longer than tfjs can build, or a step that needs more memory than the machine has.
 * O(N + E) plus the composites' expansions.
 */
export function trainabilityProblems(graph: Graph, analysis: GraphAnalysis, opts: TrainabilityOptions): ValidationIssue[] {
  const maxElements = opts.maxTensorElements ?? MAX_TENSOR_ELEMENTS;
  const maxLayers = opts.maxLayersInSequence ?? MAX_LAYERS_IN_SEQUENCE;
  const batch = Math.max(1, Math.floor(opts.batch));
  const problems: ValidationIssue[] = [];
  for (const id of analysis.order) {
    const a = analysis.nodes[id];
    if (!a?.outputShape) continue;
    const elements = batch * product(a.outputShape);
    if (elements > maxElements)
      problems.push(
        issue('tensor-too-large', { name: a.name, shape: formatShape(a.outputShape), batch, elements: count(elements), limit: count(maxElements), elementCount: elements }, { nodeId: id }, 'warning'),
      );
    // A primitive layer's parameters are a few tensors, its kernel the largest; a composite's are many layers'.
    const weights = a.paramCount.trainable + a.paramCount.nonTrainable;
    if (weights > maxElements && !getLayer(a.type)?.expand)
      problems.push(issue('weights-too-large', { name: a.name, weights: count(weights), limit: count(maxElements), weightCount: weights }, { nodeId: id }, 'warning'));
  }
  const deepest = layersInSequence(graph, analysis);
  if (deepest.depth > maxLayers && deepest.nodeId) {
    const node = graph.nodes.find((n) => n.id === deepest.nodeId);
    problems.push(issue('graph-too-deep', { name: node ? displayName(node) : deepest.nodeId, depth: deepest.depth, limit: maxLayers }, { nodeId: deepest.nodeId }, 'warning'));
  }
  if (opts.memoryBytes !== undefined) {
    const need = trainingBytes(analysis, batch);
    if (need.total > opts.memoryBytes)
      problems.push(
        issue(
          'training-exceeds-memory',
          {
            need: formatBytes(need.total),
            batch,
            perSample: formatBytes(analysis.totals.activationBytes),
            weights: formatBytes(need.weights),
            available: formatBytes(opts.memoryBytes),
            needBytes: need.total,
            availableBytes: opts.memoryBytes,
          },
          {},
          'warning',
        ),
      );
  }
  return problems;
}

/** The analysis with the trainability warnings added (its `ok` is unchanged: they are warnings). */
export function withTrainability(graph: Graph, analysis: GraphAnalysis, opts: TrainabilityOptions): GraphAnalysis {
  const extra = trainabilityProblems(graph, analysis, opts);
  return extra.length ? { ...analysis, issues: [...analysis.issues, ...extra] } : analysis;
}
