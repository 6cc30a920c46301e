// Which input pixels one output position of a node sees. The size and the jump (stride in input pixels) are
// the analysis' own (src/analysis/analyzeGraph.ts: r_out = r_in + (k − 1)·j_in, j_out = j_in·s, following the
// input with the largest field); this adds where the field starts, walking the same path:
//   start_out = start_in − pad_before·j_in,   output position y sees input rows y·j + start … y·j + start + r − 1.
// LeNet-5's C3: C1 (5×5, pad 2) r = 5, j = 1, start −2; S2 (2×2 / 2) r = 6, j = 2, start −2;
// C3 (5×5) r = 6 + 4·2 = 14, j = 2, start −2: C3's (y, x) sees rows 2y − 2 … 2y + 11, a 14×14 box
// (clipped to the image at the border, where C1's padding is).
import type { Graph } from '../graph/schema';
import type { GraphAnalysis } from '../analysis/analyzeGraph';
import { incomingEdges } from '../analysis/analyzeGraph';
import { getLayer } from '../layers/registry';
import { axisPadding } from './convArithmetic';

export interface PixelBox {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

interface Field {
  size: number;
  jump: number;
  /** First input row / column seen by output position 0 (negative: in the padding). */
  startY: number;
  startX: number;
}

/** One step back along the field's path: output interval [a, b] → input [a·s − pad, b·s − pad + k − 1]. */
interface Step {
  parent?: string;
  kernel: number;
  stride: number;
  padY: number;
  padX: number;
}

const fieldCache = new WeakMap<GraphAnalysis, { fields: Map<string, Field>; steps: Map<string, Step> }>();

/** Padding before the first row and column of a layer with a window step, from its params or else from the shapes. */
function padBefore(params: Record<string, unknown>, kernel: number, stride: number, inShape: number[] | undefined, outShape: number[] | undefined): [number, number] {
  const padding = params.padding;
  if (padding === 'valid') return [0, 0];
  if (typeof padding === 'number') return [padding, padding];
  if (!inShape || inShape.length !== 3) return [0, 0];
  if (padding === 'same') return [axisPadding(inShape[0], kernel, stride, 'same').before, axisPadding(inShape[1], kernel, stride, 'same').before];
  // No padding param (composites such as ResidualBlock): the padding that gives the output size, split as 'same' does.
  if (!outShape || outShape.length !== 3) return [0, 0];
  const split = (i: 0 | 1) => Math.floor(Math.max((outShape[i] - 1) * stride + kernel - inShape[i], 0) / 2);
  return [split(0), split(1)];
}

function fields(graph: Graph, analysis: GraphAnalysis): { fields: Map<string, Field>; steps: Map<string, Step> } {
  const hit = fieldCache.get(analysis);
  if (hit) return hit;
  const out = new Map<string, Field>();
  const steps = new Map<string, Step>();
  const incoming = incomingEdges(graph.edges);
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  for (const id of analysis.order) {
    const node = byId.get(id);
    const a = analysis.nodes[id];
    if (!node || !a) continue;
    // The analysis' choice: the input with the largest field (the first of equals).
    let parent: string | undefined;
    for (const e of incoming.get(id) ?? []) {
      const f = out.get(e.source);
      if (f && (parent === undefined || f.size > out.get(parent)!.size)) parent = e.source;
    }
    const b = (parent && out.get(parent)) || { size: 1, jump: 1, startY: 0, startX: 0 };
    const inShape = parent ? analysis.nodes[parent]?.outputShape : undefined;
    const def = getLayer(node.type);
    const params = (a.params ?? {}) as Record<string, unknown>;
    const step = a.params ? def?.receptiveField?.(a.params) : undefined;
    if (step) {
      const [py, px] = padBefore(params, step.kernel, step.stride, inShape, a.outputShape);
      out.set(id, { size: b.size + (step.kernel - 1) * b.jump, jump: b.jump * step.stride, startY: b.startY - py * b.jump, startX: b.startX - px * b.jump });
      steps.set(id, { parent, kernel: step.kernel, stride: step.stride, padY: py, padX: px });
    } else {
      const P = node.type === 'ZeroPadding2D' && typeof params.padding === 'number' ? params.padding : 0;
      out.set(id, { ...b, startY: b.startY - P * b.jump, startX: b.startX - P * b.jump });
      steps.set(id, { parent, kernel: 1, stride: 1, padY: P, padX: P });
    }
    // Keep the analysis' size and jump where it has them (they are the reference; ours only adds the start).
    const rf = a.receptiveField;
    if (rf) out.set(id, { ...out.get(id)!, size: rf.size, jump: rf.jump });
  }
  const result = { fields: out, steps };
  fieldCache.set(analysis, result);
  return result;
}

/**
 * The input pixels (rows/cols inclusive) that output position (y, x) of a node sees; a vector node sees the
 * whole image. Inside the image this is y·j + start … + r − 1 with the analysis' r and j; at the borders the
 * interval is walked back layer by layer and clipped to each layer's input, so padding (the image's or an
 * inner layer's) is never counted as pixels.
 */
export function receptiveFieldBox(graph: Graph, analysis: GraphAnalysis, nodeId: string, y: number, x: number): PixelBox {
  const img = analysis.inputNodeId ? analysis.nodes[analysis.inputNodeId]?.outputShape : undefined;
  const H = img?.[0] ?? 1;
  const W = img?.[1] ?? 1;
  const whole = { top: 0, left: 0, bottom: H - 1, right: W - 1 };
  const { steps } = fields(graph, analysis);
  if (analysis.nodes[nodeId]?.outputShape?.length !== 3 || !steps.has(nodeId)) return whole;
  let [top, bottom, left, right] = [y, y, x, x];
  for (let id: string | undefined = nodeId; id && id !== analysis.inputNodeId; ) {
    const s = steps.get(id);
    if (!s?.parent) return whole;
    const inShape = analysis.nodes[s.parent]?.outputShape;
    if (inShape?.length !== 3) return whole;
    const clip = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
    top = clip(top * s.stride - s.padY, inShape[0]);
    bottom = clip(bottom * s.stride - s.padY + s.kernel - 1, inShape[0]);
    left = clip(left * s.stride - s.padX, inShape[1]);
    right = clip(right * s.stride - s.padX + s.kernel - 1, inShape[1]);
    id = s.parent;
  }
  return { top, left, bottom, right };
}

/** The unclipped field of a node: size and jump (the analysis'), and where position 0 starts. */
export function receptiveFieldOfNode(graph: Graph, analysis: GraphAnalysis, nodeId: string): Field | undefined {
  return fields(graph, analysis).fields.get(nodeId);
}
