// The contract every layer file fulfils. One file per layer type (src/layers/conv2d.ts …),
// listed once in src/layers/registry.ts.
import type { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph, Shape } from '../graph/schema';
import type { LayerProblem, ShapeResult } from '../graph/issue';
import type { OnnxEmitContext, OnnxValue } from '../export/onnx/emitContext';
import type { TorchEmitContext, TorchValue } from '../export/torch/emitContext';

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

export interface LayerDef<P = any> {
  /** Keras class name, e.g. 'Conv2D'. */
  type: string;
  category: LayerCategory;
  /** Zod object schema; `.parse({})` must give the defaults. */
  schema: z.ZodType<P>;
  /** Number of incoming edges accepted. Input: {0,0}; Add/Concatenate: {2, Infinity}. */
  arity: { min: number; max: number };
  /** Output shape from params and input shapes (batch axis excluded), or a problem naming what is wrong. */
  outputShape(p: P, inputs: Shape[]): ShapeResult;
  /** Trainable / non-trainable parameter count, e.g. Conv2D: (F·F·D1)·K + K. */
  paramCount(p: P, inputs: Shape[], output: Shape): ParamCount;
  /** Multiply-accumulates per sample. */
  macs(p: P, inputs: Shape[], output: Shape): number;
  /** Receptive-field step; omit for layers that keep the spatial grid (activations, BN, …). */
  receptiveField?(p: P): ReceptiveFieldStep;
  /** The shape/parameter formula filled in with this node's numbers, for the node tooltip. */
  formula?(p: P, inputs: Shape[], output: Shape): string[];
  /** A short label for the node face, e.g. '6 @ 5×5 /1'. */
  summary?(p: P): string;
  /** Composite layers only: the subgraph this node stands for. */
  expand?(p: P, inputs: Shape[]): Expansion;
  /** Build the tfjs-layers equivalent (functional API). Composites are expanded by the builder instead. */
  buildTf?(ctx: TfBuildContext, p: P, inputs: tfjs.SymbolicTensor[]): tfjs.SymbolicTensor;
  /** ONNX ops for this layer, NCHW (src/export/onnx). Composites are expanded instead. */
  onnx?(ctx: OnnxEmitContext, p: P, inputs: OnnxValue[]): OnnxValue;
  /** PyTorch module declarations and forward() lines for this layer, NCHW (src/export/torch). */
  torch?(ctx: TorchEmitContext, p: P, inputs: TorchValue[]): TorchValue;
  /** Extra warnings on a valid configuration. */
  lint?(p: P, inputs: Shape[]): LayerProblem[];
}

export const defineLayer = <P>(def: LayerDef<P>): LayerDef<P> => def;
