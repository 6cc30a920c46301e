// The walkthrough's steps, "how the network recognizes this image" (the lecture's LeNet-5-recognizing-a-3
// slide, for any graph): one per top-level node in topological order, Input first and Output last, each with
// its shape before → after, its formulas filled with its own numbers (src/explain) and what it computes; then
// the class probabilities. Pure: the view adds the words around it. A composite block is one step.
import type { GraphAnalysis } from '../../../src/contract/graph';
import type { BlockDefinition, Shape } from '../../../src/graph/schema';
import type { Lang } from '../../../src/i18n/issues';
import { filledFormulas, type FilledFormula } from '../../../src/explain/filledFormulas';
import { layerSummaryText } from '../../../src/explain/layerSummary';
import { nodeSubtitle } from '../../../src/explain/nodeSubtitle';
import { getLayer } from '../../../src/layers/registry';
import type { NodeActivation } from '../../../src/learn/activations';

export interface NodeStep {
  kind: 'node';
  nodeId: string;
  name: string;
  type: string;
  /** The layer's name in the UI language, e.g. "Convolution 2D" / "합성곱 2D". */
  typeLabel: string;
  /** Its parameters in short, e.g. "6 @ 5×5 /1". */
  subtitle?: string;
  inputShapes: Shape[];
  outputShape: Shape;
  /** Output shape, parameters, MACs, receptive field, memory: each formula with this node's numbers. */
  formulas: FilledFormula[];
  /** Trainable + non-trainable parameters. */
  params: number;
  /** What the layer computes, in the lecture's words (the palette's line). */
  what: string;
  /** A block of layers (ResidualBlock, InceptionBlock…), shown as one step. */
  composite: boolean;
  /** This node's output for the image, when the inspection has it. */
  activation?: NodeActivation;
}

export interface ClassProbability {
  index: number;
  name: string;
  p: number;
}

export interface ProbabilitiesStep {
  kind: 'probabilities';
  /** The Output node: it stays highlighted on the canvas. */
  nodeId: string;
  name: string;
  /** The most probable classes, highest first (all of them up to TOP_CLASSES). */
  top: ClassProbability[];
  /** The classes not in `top`: how many, and their total probability (so the list sums to 100%). */
  rest: { count: number; p: number };
  predicted: ClassProbability;
}

export type WalkStep = NodeStep | ProbabilitiesStep;

/** Classes listed on the last step; a 1000-class net lists its 10 best and sums the others. */
export const TOP_CLASSES = 10;

export interface WalkthroughInput {
  analysis: GraphAnalysis;
  /** Display names by node id (the node's name, else its id). */
  names: Record<string, string>;
  lang: Lang;
  activations?: NodeActivation[];
  /** The Output's softmax; without it there is no last step. */
  probs?: Float32Array;
  classNames?: string[];
  /** The graph's block definitions: a user block's step is titled and summed by its definition. */
  blocks?: BlockDefinition[];
}

/** Node ids the walkthrough visits: analysis.order's nodes with an output, the Input first, the Output last. */
export function walkOrder(analysis: GraphAnalysis): string[] {
  const { inputNodeId: input, outputNodeId: output } = analysis;
  const middle = analysis.order.filter((id) => analysis.nodes[id]?.outputShape && id !== input && id !== output);
  return [...(input && analysis.nodes[input]?.outputShape ? [input] : []), ...middle, ...(output && analysis.nodes[output]?.outputShape ? [output] : [])];
}

// A look taken of another graph (the answer to the new one still on its way) has other shapes: not shown.
const sameShape = (a: readonly number[] | undefined, b: readonly number[] | undefined) => !!a && !!b && a.length === b.length && a.every((v, i) => v === b[i]);

/** Classes by probability, highest first, with their names (a missing name is the class index). */
export function rankedClasses(probs: Float32Array, classNames: string[] = []): ClassProbability[] {
  return Array.from(probs, (p, index) => ({ index, name: classNames[index] ?? String(index), p })).sort((a, b) => b.p - a.p || a.index - b.index);
}

export function walkthroughSteps({ analysis, names, lang, activations, probs, classNames, blocks }: WalkthroughInput): WalkStep[] {
  const actOf = new Map((activations ?? []).map((a) => [a.nodeId, a]));
  const ctx = { blocks };
  const steps: WalkStep[] = walkOrder(analysis).map((id): NodeStep => {
    const node = analysis.nodes[id];
    const def = getLayer(node.type);
    return {
      kind: 'node',
      nodeId: id,
      name: names[id] || id,
      type: node.type,
      typeLabel: (node.params && def && 'title' in def && def.title?.(node.params, ctx)) || (def?.labels[lang] ?? node.type),
      subtitle: nodeSubtitle(node.type, node.params, lang),
      inputShapes: node.inputShapes.filter((s): s is Shape => !!s),
      outputShape: node.outputShape!,
      formulas: filledFormulas(node, ctx),
      params: node.paramCount.trainable + node.paramCount.nonTrainable,
      what: layerSummaryText(node.type, lang),
      composite: !!def?.expand,
      activation: sameShape(actOf.get(id)?.shape, node.outputShape) ? actOf.get(id) : undefined,
    };
  });
  const output = analysis.outputNodeId;
  if (probs && probs.length > 0 && output && steps.at(-1)?.nodeId === output && probs.length === analysis.nodes[output].outputShape?.[0]) {
    const ranked = rankedClasses(probs, classNames);
    const top = ranked.slice(0, TOP_CLASSES);
    const rest = ranked.slice(TOP_CLASSES);
    steps.push({ kind: 'probabilities', nodeId: output, name: names[output] || output, top, rest: { count: rest.length, p: rest.reduce((s, c) => s + c.p, 0) }, predicted: ranked[0] });
  }
  return steps;
}
