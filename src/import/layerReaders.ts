// What a layer file declares so the importers can read it (src/layers/*.ts `keras` and `onnxImport`), and
// the config / attribute helpers those readers share. The importers only look readers up in the registry;
// folds across several nodes (a fused activation, a classifier head, …) stay named passes in the importers.
import type { Shape } from '../graph/schema';
import { windowPads } from '../export/layout';

/** A weight tensor in tfjs layout, named as in tfjs ('kernel', 'bias', 'moving_mean', …). */
export interface ImportedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** What a reader gives: this layer's params, a no-op (the input passes through), or why it has no counterpart. */
export type ReadResult<Extra = object> = ({ params: Record<string, unknown> } & Extra) | { identity: true } | { unsupported: string };

export const unsupported = (what: string): { unsupported: string } => ({ unsupported: what });

/** A Keras layer's `config` object from model.json (snake_case in Keras files, camelCase in some tfjs ones). */
export type KerasConfig = Record<string, any>;

export interface KerasReader {
  /** Keras class names read as this layer: tfjs-layers' own, or the className of the layer's custom tfjs layer. */
  classNames: readonly string[];
  read(config: KerasConfig, className: string): ReadResult;
}

/** A Keras config value under its snake_case or camelCase key. */
export const kerasGet = (c: KerasConfig, snake: string, camel: string) => c[snake] ?? c[camel];

/** A square window's one number ([3, 3] or 3 → 3), or undefined when the sides differ. */
export const kerasSquare = (v: unknown): number | undefined => {
  const a = Array.isArray(v) ? v : [v];
  return a.every((x) => x === a[0]) && typeof a[0] === 'number' ? a[0] : undefined;
};

/**
 * Keras activation names (snake_case as Keras and tfjs' writer spell them, camelCase as tfjs' reader) → CNN Studio's.
 * 'leaky_relu' is Keras 3's, α = 0.2 as CNN Studio's fused leakyRelu; 'silu' is Keras 3's name for swish.
 * 'hard_sigmoid' is Keras 2's and tfjs' 0.2x + 0.5 (importTfjs refuses it in Keras 3 files, where it is x/6 + 0.5).
 */
const KERAS_ACTIVATIONS: Record<string, string> = {
  relu: 'relu',
  relu6: 'relu6',
  leaky_relu: 'leakyRelu',
  elu: 'elu',
  selu: 'selu',
  sigmoid: 'sigmoid',
  hard_sigmoid: 'hardSigmoid',
  hardSigmoid: 'hardSigmoid',
  tanh: 'tanh',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  silu: 'swish',
  mish: 'mish',
  gelu: 'gelu',
  softmax: 'softmax',
};

/** A Keras activation string as CNN Studio's activation param; undefined when there is none. */
export const kerasActivation = (a: string | undefined): string | undefined =>
  a === undefined || a === 'linear' ? 'linear' : Object.hasOwn(KERAS_ACTIVATIONS, a) ? KERAS_ACTIVATIONS[a] : undefined;

export const kerasPadding = (p: string): 'same' | 'valid' => (p === 'same' ? 'same' : 'valid');

/** A reader for layers whose Keras config carries nothing CNN Studio keeps (Flatten, Add, …). */
export const kerasWithoutConfig = (className: string): KerasReader => ({ classNames: [className], read: () => ({ params: {} }) });

/** A graph tensor as the ONNX importer tracks it: tfjs shape (H, W, C or N) and, for a vector, its element order. */
export interface OnnxTensorIn {
  shape: Shape;
  /** Set on a vector in C·H·W order of this [H, W, C] map (as the ONNX exporter's `chwOf`). */
  chwOf?: [number, number, number];
}

export interface OnnxConstant {
  dims: number[];
  data: Float32Array | number[];
}

/** One ONNX node as a reader sees it. */
export interface OnnxNodeIn {
  op: string;
  name: string;
  attrs: Record<string, any>;
  /** The node's inputs that are graph tensors, aligned with its ONNX inputs (undefined for initializers). */
  inputs: (OnnxTensorIn | undefined)[];
  /** The initializer given as ONNX input i (weights, pads), if it is one. */
  constant(i: number): OnnxConstant | undefined;
  /** Set by the importer's zero-border pass: CNN Studio's Max mask follows this MaxPool, so its pads are zeros. */
  zeroBorder?: boolean;
}

export type OnnxRead = ReadResult<{ weights?: ImportedTensor[]; chwOf?: [number, number, number] }>;

export interface OnnxReader {
  /** ONNX op types read as this layer. */
  ops: readonly string[];
  /** undefined: not this layer — another layer that reads the op may take it (Conv: Conv2D or DepthwiseConv2D). */
  read(node: OnnxNodeIn): OnnxRead | undefined;
}

/** An ONNX ints attribute of equal entries ([3, 3] → 3), or undefined. */
export const onnxSquare = (k?: number[]): number | undefined => (k && k.every((e) => e === k[0]) ? k[0] : undefined);

/** ONNX pads [t, l, b, r] as CNN Studio's padding param: 'valid', 'same' (TensorFlow's pads) or P; undefined if none fits. */
export function onnxPadding(pads: number[] | undefined, shape: Shape, F: number, S: number, D = 1): 'valid' | 'same' | number | undefined {
  const p = pads ?? [0, 0, 0, 0];
  if (p.every((v) => v === 0)) return 'valid';
  const same = windowPads('same', shape, F, S, D);
  if (p.every((v, i) => v === same[i])) return 'same';
  return p.every((v) => v === p[0]) ? p[0] : undefined;
}
