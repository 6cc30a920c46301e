// Convolution and pooling as PyTorch modules with tfjs' padding rules: asymmetric 'same' pads go through
// F.pad; an explicit P is zero padding that pooling sees. What 'same' means for each pooling (−∞ for max,
// the in-image count for average) is in that layer's file.
import type { Padding } from '../../layers/spatial';
import { windowPads } from '../layout';
import type { TorchEmitContext, TorchTensor } from './emitContext';

export interface TorchConvSpec {
  kernelSize: number;
  strides: number;
  dilation: number;
  padding: Padding;
  groups: number;
  weight: Float32Array;
  /** OIHW. */
  weightShape: number[];
  bias?: Float32Array;
  inChannels: number;
}

export function torchConv(ctx: TorchEmitContext, x: string, s: TorchConvSpec): string {
  const [t, l, b, r] = windowPads(s.padding, ctx.inputShapes[0], s.kernelSize, s.strides, s.dilation);
  const symmetric = t === b && l === r;
  const h = symmetric ? x : ctx.assign(`F.pad(${x}, (${l}, ${r}, ${t}, ${b}))`);
  const state: Record<string, TorchTensor> = { weight: { shape: s.weightShape, data: s.weight } };
  if (s.bias) state.bias = { shape: [s.weightShape[0]], data: s.bias };
  const args = [
    `${s.inChannels}, ${s.weightShape[0]}, ${s.kernelSize}`,
    `stride=${s.strides}`,
    symmetric && (t || l) ? `padding=(${t}, ${l})` : '',
    s.dilation > 1 ? `dilation=${s.dilation}` : '',
    s.groups > 1 ? `groups=${s.groups}` : '',
    `bias=${s.bias ? 'True' : 'False'}`,
  ].filter(Boolean);
  const conv = ctx.module(`nn.Conv2d(${args.join(', ')})`, state);
  return ctx.assign(`${conv}(${h})`);
}

/**
 * A pooling module `ctor` (e.g. nn.MaxPool2d(3, stride=2)) after the window's pads as F.pad with `padValue`
 * (zeros by default); each pooling layer picks its module and what its padding means.
 */
export function torchPool(ctx: TorchEmitContext, ctor: string, x: string, poolSize: number, stride: number, padding: Padding, padValue?: string): string {
  const [t, l, b, r] = windowPads(padding, ctx.inputShapes[0], poolSize, stride);
  const h = t + l + b + r > 0 ? ctx.assign(`F.pad(${x}, (${l}, ${r}, ${t}, ${b})${padValue ? `, value=${padValue}` : ''})`) : x;
  return ctx.assign(`${ctx.module(ctor)}(${h})`);
}
