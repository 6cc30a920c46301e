// Convolution and pooling as ONNX ops, with tfjs' padding rules made explicit: 'same' pads as TensorFlow
// (extra pixel after) and pooling ignores that border; an explicit P is zero padding that pooling sees.
import type { Padding } from '../../layers/spatial';
import { windowPads } from '../layout';
import { int, ints, type OnnxAttr, type OnnxEmitContext, type OnnxValue } from './emitContext';

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

const LOWEST_FLOAT = -3.4028234663852886e38;

/**
 * tfjs max-pools over explicit zero padding, ONNX MaxPool ignores its pads — and onnxruntime's PadFusion folds
 * a zero Pad into MaxPool pads (seen with onnxruntime 1.30: 4.7e-3 off). So: MaxPool, then Max with a constant
 * mask that is 0 for windows touching a zero border and the lowest float elsewhere; right whether fused or not.
 */
function zeroBorderMask(size: [number, number], F: number, S: number, pads: number[], explicit: boolean, zero: number[], out: [number, number]): Float32Array {
  // Window [start, end] along one axis hits a zero if it reaches explicit padding or the input's zero border.
  const hits = (i: number, before: number, n: number, zBefore: number, zAfter: number) => {
    const start = i * S - before;
    const end = start + F - 1;
    return (explicit && (start < 0 || end > n - 1)) || (zBefore > 0 && start < zBefore && end >= 0) || (zAfter > 0 && end >= n - zAfter && start <= n - 1);
  };
  const [outH, outW] = out;
  const mask = new Float32Array(outH * outW);
  for (let y = 0; y < outH; y++)
    for (let x = 0; x < outW; x++) mask[y * outW + x] = hits(y, pads[0], size[0], zero[0], zero[2]) || hits(x, pads[1], size[1], zero[1], zero[3]) ? 0 : LOWEST_FLOAT;
  return mask;
}

export function onnxPool(ctx: OnnxEmitContext, op: 'MaxPool' | 'AveragePool' | 'LpPool', x: OnnxValue, poolSize: number, stride: number, padding: Padding, extra: Record<string, OnnxAttr> = {}): string {
  const pads = windowPads(padding, ctx.inputShapes[0], poolSize, stride);
  const attrs = (p: number[]): Record<string, OnnxAttr> => ({
    kernel_shape: ints([poolSize, poolSize]),
    strides: ints([stride, stride]),
    pads: ints(p),
    // 'same' averages only the in-image part (as TensorFlow); explicit P averages the zeros too.
    ...(op === 'AveragePool' ? { count_include_pad: int(padding === 'same' ? 0 : 1) } : {}),
    ...extra,
  });
  if (op !== 'MaxPool') return ctx.node(op, [x.name], attrs(pads));
  const [H, W] = ctx.inputShapes[0];
  const [outH, outW] = ctx.outputShape;
  const explicit = typeof padding === 'number' && padding > 0;
  const zp = x.zeroPadded;
  // After a ZeroPadding2D, pool the tensor before the Pad with both paddings (onnxruntime's PadFusion would
  // otherwise fold that Pad into these pads and lose its zeros); the mask restores the zeros either way.
  const merged = zp && !explicit && padding !== 'same' ? zp.pads : undefined;
  const useMerged = merged && merged.every((v) => v < poolSize);
  const y = useMerged ? ctx.node(op, [zp!.from], attrs(merged)) : ctx.node(op, [x.name], attrs(pads));
  if (!explicit && !zp) return y;
  const mask = useMerged
    ? zeroBorderMask([H - merged[0] - merged[2], W - merged[1] - merged[3]], poolSize, stride, merged, true, [0, 0, 0, 0], [outH, outW])
    : zeroBorderMask([H, W], poolSize, stride, pads, explicit, zp?.pads ?? [0, 0, 0, 0], [outH, outW]);
  return ctx.node('Max', [y, ctx.constant('zero_border', { shape: [1, 1, outH, outW], data: mask })], {}, 'with_zeros');
}
