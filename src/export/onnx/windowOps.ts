// Convolution and window attributes as ONNX ops, with tfjs' padding rules made explicit: 'same' pads as
// TensorFlow (extra pixel after); an explicit P is zero padding. Each pooling layer writes its own op.
import type { Padding } from '../../layers/spatial';
import { windowPads } from '../layout';
import { int, ints, type OnnxAttr, type OnnxEmitContext } from './emitContext';

/** A zero Pad of H and W; the node takes the layer's name, so an import gives the layer back its id. */
export function onnxZeroPad(ctx: OnnxEmitContext, x: string, [t, l, b, r]: number[]): string {
  const pads = ctx.constant('pads', { shape: [8], data: [0, 0, t, l, 0, 0, b, r], type: 'int64' });
  return ctx.node('Pad', [x, pads], { mode: { s: 'constant' } });
}

export interface OnnxConvSpec {
  kernelSize: number;
  strides: number;
  dilation: number;
  padding: Padding;
  group: number;
  /** OIHW weight and its shape. */
  weight: Float32Array;
  weightShape: number[];
  bias?: Float32Array;
}

export function onnxConv(ctx: OnnxEmitContext, x: string, s: OnnxConvSpec): string {
  const pads = windowPads(s.padding, ctx.inputShapes[0], s.kernelSize, s.strides, s.dilation);
  const w = ctx.constant('W', { shape: s.weightShape, data: s.weight });
  const ins = [x, w, ...(s.bias ? [ctx.constant('B', { shape: [s.weightShape[0]], data: s.bias })] : [])];
  return ctx.node('Conv', ins, {
    kernel_shape: ints([s.kernelSize, s.kernelSize]),
    strides: ints([s.strides, s.strides]),
    dilations: ints([s.dilation, s.dilation]),
    pads: ints(pads),
    group: int(s.group),
  });
}

/** kernel_shape, strides and pads of an F×F pooling window with stride S. */
export const onnxPoolAttrs = (F: number, S: number, pads: number[]): Record<string, OnnxAttr> => ({
  kernel_shape: ints([F, F]),
  strides: ints([S, S]),
  pads: ints(pads),
});
