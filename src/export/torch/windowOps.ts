// Convolution and pooling as PyTorch modules with tfjs' padding rules: asymmetric 'same' pads go through
// F.pad; an explicit P is zero padding that pooling sees; 'same' max pooling pads with −∞ and 'same'
// average pooling divides by the in-image count (the avg_pool_same helper in model.py).
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

export function torchPool(ctx: TorchEmitContext, kind: 'max' | 'avg' | 'l2', x: string, poolSize: number, stride: number, padding: Padding): string {
  const [t, l, b, r] = windowPads(padding, ctx.inputShapes[0], poolSize, stride);
  const padded = t + l + b + r > 0;
  if (kind === 'avg' && padding === 'same' && padded) return ctx.assign(`avg_pool_same(${x}, ${poolSize}, ${stride}, (${l}, ${r}, ${t}, ${b}))`);
  let h = x;
  if (padded) h = ctx.assign(kind === 'max' && padding === 'same' ? `F.pad(${x}, (${l}, ${r}, ${t}, ${b}), value=float('-inf'))` : `F.pad(${x}, (${l}, ${r}, ${t}, ${b}))`);
  const ctor = kind === 'max' ? `nn.MaxPool2d(${poolSize}, stride=${stride})` : kind === 'avg' ? `nn.AvgPool2d(${poolSize}, stride=${stride})` : `nn.LPPool2d(2, ${poolSize}, stride=${stride})`;
  return ctx.assign(`${ctx.module(ctor)}(${h})`);
}
