// What a layer's `torch` emitter receives while model.py is generated: it declares submodules (with their
// tensors in PyTorch layout, which become the state dict) and appends lines to forward(). Values are Python
// variable names; NCHW as PyTorch, `chwOf` as in the ONNX exporter (a vector in C·H·W order).
import type { Shape } from '../../graph/schema';
import type { WeightTensor } from '../weights/weightSet';

export interface TorchValue {
  expr: string;
  chwOf?: [number, number, number];
}

export interface TorchTensor {
  shape: number[];
  data: Float32Array | BigInt64Array;
}

export interface TorchEmitContext {
  /** The tfjs layer name. */
  name: string;
  /** The Python attribute name of this layer (an identifier derived from `name`). */
  attr: string;
  inputShapes: Shape[];
  outputShape: Shape;
  weights(count: number): WeightTensor[];
  /** Declares `self.<attr>[_suffix] = <ctor>`; `state` maps its parameter names to PyTorch-layout tensors. Returns `self.<attr>…`. */
  module(ctor: string, state?: Record<string, TorchTensor>, suffix?: string): string;
  /** Adds a module-level Python function to model.py (once, however many layers ask for the same source). */
  helper(source: string): void;
  /** Appends `v = <expr>` to forward(); returns v. */
  assign(expr: string): string;
  /** Marks `expr` as the logits of the classifier head (forward(x, logits=True) returns them for training). */
  logits(expr: string): void;
  /** The value in tfjs' H·W·C element order. */
  inHwcOrder(v: TorchValue): string;
}

/** A Python literal for a number (floats keep a decimal point so Python reads them as float). */
export const py = (v: number): string => (Number.isInteger(v) ? `${v}.0` : String(v));
