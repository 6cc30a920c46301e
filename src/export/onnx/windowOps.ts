// Convolution and pooling as ONNX ops, with tfjs' padding rules made explicit:
// 'same' pads as TensorFlow (extra pixel after); an explicit P is zero padding, so pooling sees the zeros
// (a Pad op), while 'same' max/avg pooling ignores the border (pads attribute, count_include_pad = 0).
import type { Padding } from '../../layers/spatial';
import { windowPads } from '../layout';
import { int, ints, type OnnxAttr, type OnnxEmitContext } from './emitContext';

export function onnxZeroPad(ctx: OnnxEmitContext, x: string, [t, l, b, r]: number[]): string {
  const pads = ctx.constant('pads', { shape: [8], data: [0, 0, t, l, 0, 0, b, r], type: 'int64' });
  return ctx.node('Pad', [x, pads], { mode: { s: 'constant' } }, 'pad');
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

export function onnxPool(ctx: OnnxEmitContext, op: 'MaxPool' | 'AveragePool' | 'LpPool', x: string, poolSize: number, stride: number, padding: Padding, extra: Record<string, OnnxAttr> = {}): string {
  const pads = windowPads(padding, ctx.inputShapes[0], poolSize, stride);
  // Zeros that tfjs pools over (explicit P, and every border of L2 pooling) become a Pad op.
  const padFirst = pads.some((v) => v > 0) && (typeof padding === 'number' || op === 'LpPool');
  const h = padFirst ? onnxZeroPad(ctx, x, pads) : x;
  const attrs: Record<string, OnnxAttr> = { kernel_shape: ints([poolSize, poolSize]), strides: ints([stride, stride]), pads: ints(padFirst ? [0, 0, 0, 0] : pads), ...extra };
  if (op === 'AveragePool') attrs.count_include_pad = int(0);
  return ctx.node(op, [h], attrs);
}
