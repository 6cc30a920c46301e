// The contract every layer file fulfils. One file per layer type (src/layers/conv2d.ts …),
// listed once in src/layers/registry.ts.
import type { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import type { BlockDefinition, Graph, Shape } from '../graph/schema';
import type { LayerProblem, ShapeResult } from '../graph/issue';
import type { OnnxEmitContext, OnnxValue } from '../export/onnx/emitContext';
import type { TorchEmitContext, TorchValue } from '../export/torch/emitContext';
import type { KerasReader, OnnxReader } from '../import/layerReaders';
import type { CustomLayerSpec } from './customTfLayer';
import type { Lang } from '../i18n/issues';

export type LayerCategory =
  | 'io'
  | 'convolution'
  | 'pooling'
  | 'activation'
  | 'normalization'
  | 'merge'
  | 'reshape'
  | 'dense'
  | 'regularization'
  | 'composite';

export interface ParamCount {
  trainable: number;
  nonTrainable: number;
}

/** Receptive-field contribution of one layer (Araujo et al., "Computing Receptive Fields of CNNs", 2019). */
export interface ReceptiveFieldStep {
  kernel: number; // effective kernel: dilation·(F−1)+1
  stride: number;
}

/** tfjs build context: the tfjs namespace is injected so src/ never imports a backend. */
export interface TfBuildContext {
  tf: typeof tfjs;
  /** Unique, tfjs-safe layer name for this node (composites append suffixes). */
  name: string;
}

/** What a composite expands to: an ordinary subgraph whose `entry` nodes receive the composite's inputs. */
export interface Expansion {
  graph: Graph;
  /** Node ids that take the composite's input (they have no incoming edge inside the expansion). */
  entry: string[];
  /** The node whose output is the composite's output. */
  exit: string;
}

/** What a composite may need beyond its params: the graph's user block definitions (src/layers/userBlock.ts). */
export interface ExpandContext {
  blocks?: readonly BlockDefinition[];
}

/** The expansion context of a graph: its own block definitions (an expansion's graph carries them on). */
export const expandContextOf = (g: Pick<Graph, 'blocks'>): ExpandContext => ({ blocks: g.blocks });

/** A text in every UI language. */
export type LayerLabels = Record<Lang, string>;

/**
 * This layer's formulas with a node's numbers, language-neutral math (e.g. "W2 = (32 − 5 + 2·0)/1 + 1 = 28");
 * src/explain labels them and adds the receptive-field and memory lines every layer shares.
 */
export interface LayerMath {
  /** How the output shape follows from the input, one line per axis rule. */
  shape?: string[];
  /** How the parameter count is made up. */
  params?: string;
  /** How the multiply-accumulates are counted. */
  macs?: string;
}

/** What a layer is, in the lecture's words: the palette tooltip, the inspector's "About this layer" and field help. */
export interface LayerExplanation {
  /** One line for the palette tooltip: what it computes, not its class name. */
  summary: LayerLabels;
  /** What it does, two or three sentences. */
  what: LayerLabels;
  /** When to use it (and where the lecture's networks use it). */
  when: LayerLabels;
  /** Help for every key of the schema (a test checks each has one, in every language). */
  params: Record<string, LayerLabels>;
}

/** What every layer declares, primitive or composite. */
interface LayerBase<P> {
  /** The layer type, named as its Keras class where Keras has one, e.g. 'Conv2D'. */
  type: string;
  category: LayerCategory;
  /** Its name in the palette, on the node face and in the inspector. */
  labels: LayerLabels;
  /** Labels of the parameters only this layer has; shared ones (filters, strides, …) are in renderer/i18n. */
  paramLabels?: Record<string, LayerLabels>;
  /** Zod object schema; `.parse({})` must give the defaults. */
  schema: z.ZodType<P>;
  /** Number of incoming edges accepted. Input: {0,0}; Add/Concatenate: {2, Infinity}. */
  arity: { min: number; max: number };
  /** Receptive-field step; omit for layers that keep the spatial grid (activations, BN, …). */
  receptiveField?(p: P): ReceptiveFieldStep;
  /**
   * Params whose stored value stands for one derived from another param (pooling's stride 0 = the pool size):
   * the inspector shows such a field empty, with the effective value as its placeholder.
   */
  derivedParams?: Record<string, { unset: unknown; effective(p: P): number | string; label: LayerLabels }>;
  /** Explanation texts (src/explain reads them). */
  explain: LayerExplanation;
  /** A short label for the node face, e.g. '6 @ 5×5 /1', in `lang` (default English) where it has words. */
  summary?(p: P, lang?: Lang): string;
  /** This node's formulas filled in with its numbers (src/explain/explainNode.ts). */
  math?(p: P, inputs: Shape[], output: Shape): LayerMath;
  /** Extra warnings on a valid configuration. */
  lint?(p: P, inputs: Shape[]): LayerProblem[];
}

/** A layer computed by its own rules and built, exported and imported as one layer. */
export interface PrimitiveLayerDef<P = any> extends LayerBase<P> {
  /** Output shape from params and input shapes (batch axis excluded), or a problem naming what is wrong. */
  outputShape(p: P, inputs: Shape[]): ShapeResult;
  /** Trainable / non-trainable parameter count, e.g. Conv2D: (F·F·D1)·K + K. */
  paramCount(p: P, inputs: Shape[], output: Shape): ParamCount;
  /** Multiply-accumulates per sample. */
  macs(p: P, inputs: Shape[], output: Shape): number;
  /** The node tooltip's formula lines: `math` written out, filled in by defineLayer. */
  formula?(p: P, inputs: Shape[], output: Shape): string[];
  /** Build the tfjs-layers equivalent (functional API). */
  buildTf?(ctx: TfBuildContext, p: P, inputs: tfjs.SymbolicTensor[]): tfjs.SymbolicTensor;
  /** The custom tfjs Layer class buildTf uses where tfjs has none (registered so saved models load); absent for Keras built-ins. */
  tfCustomLayer?: CustomLayerSpec;
  /** For a layer that builds a custom class only for some params (pooling over an ignored padding): that class, or undefined. */
  tfCustomLayerFor?(p: P): CustomLayerSpec | undefined;
  /** How a Keras / tfjs Layers model.json layer is read as this layer (src/import/importTfjs). */
  keras?: KerasReader;
  /** ONNX ops for this layer, NCHW (src/export/onnx). */
  onnx?(ctx: OnnxEmitContext, p: P, inputs: OnnxValue[]): OnnxValue;
  /** The ONNX ops read as this layer (src/import/importOnnx). */
  onnxImport?: OnnxReader;
  /** PyTorch module declarations and forward() lines for this layer, NCHW (src/export/torch). */
  torch?(ctx: TorchEmitContext, p: P, inputs: TorchValue[]): TorchValue;
  /** Absent: `if (def.expand)` tells a composite from a primitive. */
  expand?: undefined;
}

/**
 * A layer that stands for a subgraph of other layers (ResidualBlock, …): src/analysis analyses its expansion
 * for shape, parameters and MACs, and the builder and exporters work on the expansion.
 */
export interface CompositeLayerDef<P = any> extends LayerBase<P> {
  /** The subgraph this node stands for, with these params and input shapes (and the graph's block definitions). */
  expand(p: P, inputs: Shape[], ctx?: ExpandContext): Expansion;
  /** Why it cannot be expanded at all (an unknown or recursive user block); checked before expand. */
  check?(p: P, ctx?: ExpandContext): LayerProblem | undefined;
  /** Re-words the first problem inside the expansion (already stated on the block), e.g. to add a fix. */
  innerProblem?(p: P, problem: LayerProblem): LayerProblem;
  /** What the block is called where exporters name its class (a user block: its definition's name); default the type. */
  title?(p: P, ctx?: ExpandContext): string | undefined;
}

export type LayerDef<P = any> = PrimitiveLayerDef<P> | CompositeLayerDef<P>;

/** `math` as lines: the shape rules, then "params = …" and "MACs = …". */
export const mathLines = (m: LayerMath): string[] => [...(m.shape ?? []), ...(m.params ? [`params = ${m.params}`] : []), ...(m.macs ? [`MACs = ${m.macs}`] : [])];

/** A primitive layer; its tooltip formula is its `math`, so the two never disagree. */
export const defineLayer = <P>(def: PrimitiveLayerDef<P>): PrimitiveLayerDef<P> => {
  const { math } = def;
  return math && !def.formula ? { ...def, formula: (p, inputs, output) => mathLines(math(p, inputs, output)) } : def;
};
export const defineComposite = <P>(def: CompositeLayerDef<P>): CompositeLayerDef<P> => def;
