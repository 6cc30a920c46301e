// What a layer's `onnx` emitter receives. Tensors flow NCHW (ONNX convention) while the graph and the
// weights are NHWC (tfjs): emitters transpose their own weights. A vector flattened from an NCHW map is in
// C·H·W order; it carries `chwOf` so the next Dense permutes its weight rows instead of transposing data.
import type { Shape } from '../../graph/schema';
import type { WeightTensor } from '../weights/weightSet';

export interface OnnxValue {
  /** The ONNX tensor name. */
  name: string;
  /** Set on a vector whose elements are in C·H·W order of this [H, W, C] map (tfjs would have H·W·C). */
  chwOf?: [number, number, number];
  /** Set on the output of a zero Pad: the tensor before it and the pads [top, left, bottom, right]. A following
   *  MaxPool must still see those zeros (ONNX MaxPool ignores its own pads). */
  zeroPadded?: { from: string; pads: [number, number, number, number] };
}

export type OnnxAttr = { i: number } | { f: number } | { ints: number[] } | { floats: number[] } | { s: string };

export interface OnnxConst {
  shape: number[];
  data: Float32Array | number[];
  /** 'float' (default) or 'int64'. */
  type?: 'float' | 'int64';
}

export interface OnnxEmitContext {
  /** The tfjs layer name; ONNX node and initializer names start with it. */
  name: string;
  inputShapes: Shape[];
  outputShape: Shape;
  /** This layer's trained tensors in tfjs order and layout. */
  weights(count: number): WeightTensor[];
  /** Appends a node; returns the name of its (first) output. `suffix` makes the output name unique. */
  node(op: string, inputs: string[], attrs?: Record<string, OnnxAttr>, suffix?: string): string;
  /** Adds an initializer (weights, shapes, pads); returns its name. */
  constant(suffix: string, c: OnnxConst): string;
  /** The value in tfjs' H·W·C element order (a Gather when it is a C·H·W-ordered vector). */
  inHwcOrder(v: OnnxValue): string;
}

export const ints = (v: number[]): OnnxAttr => ({ ints: v });
export const int = (v: number): OnnxAttr => ({ i: v });
export const float = (v: number): OnnxAttr => ({ f: v });
