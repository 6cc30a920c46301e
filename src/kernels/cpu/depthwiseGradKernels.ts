// DepthwiseConv2dNativeBackpropInput / …BackpropFilter for NHWC, which stock tfjs-wasm does not have at all
// (a DepthwiseConv2D, SeparableConv2D or an imported MobileNet could not train there). Channel c of x meets
// filter channels c·M … c·M + M − 1 (M the depth multiplier), so for each output position and tap:
//   dx[b, oy·S − p + ky·D, ox·S − p + kx·D, c] += Σ_m dy[b, oy, ox, c·M + m] · w[ky, kx, c, m]
//   dw[ky, kx, c, m]                           += x[b, oy·S − p + ky·D, ox·S − p + kx·D, c] · dy[b, oy, ox, c·M + m]
// with the channels innermost (contiguous in both x and dy), as the forward depthwise conv runs.
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { TensorIO } from '../tensorIO';

type Tf = typeof tfjs;
type KernelArgs = Parameters<KernelFunc>[0];
type Pad = 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Shape4 = [number, number, number, number];

export const DEPTHWISE_GRADS = ['DepthwiseConv2dNativeBackpropInput', 'DepthwiseConv2dNativeBackpropFilter'] as const;

export function makeDepthwiseGradKernels(tf: Tf, io: TensorIO): Record<(typeof DEPTHWISE_GRADS)[number], KernelFunc> {
  const geometry = (xShape: Shape4, filterShape: Shape4, a: NamedAttrMap) =>
    tf.backend_util.computeConv2DInfo(
      xShape,
      filterShape,
      a.strides as [number, number] | number,
      (a.dilations ?? 1) as [number, number] | number,
      a.pad as Pad,
      a.dimRoundingMode as Rounding,
      true, // depthwise: outChannels = inChannels · M
    );

  const backpropInput: KernelFunc = ({ inputs, backend, attrs }: KernelArgs) => {
    const dy = inputs.dy as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const xShape = (attrs as NamedAttrMap).inputShape as Shape4;
    const g = geometry(xShape, filter.shape as Shape4, attrs as NamedAttrMap);
    const out = io.allocate(backend, xShape); // before reading: a wasm allocation may detach earlier heap views
    out.values.fill(0);
    depthwiseInputGrad(io.read(backend, dy), io.read(backend, filter), g, out.values);
    return out.info;
  };

  const backpropFilter: KernelFunc = ({ inputs, backend, attrs }: KernelArgs) => {
    const x = inputs.x as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const filterShape = (attrs as NamedAttrMap).filterShape as Shape4;
    const g = geometry(x.shape as Shape4, filterShape, attrs as NamedAttrMap);
    const out = io.allocate(backend, filterShape);
    // Each weight sums B·OH·OW products: in float64, as tfjs-cpu sums them, then rounded once.
    const sums = new Float64Array(out.values.length);
    depthwiseFilterGrad(io.read(backend, x), io.read(backend, dy), g, sums);
    out.values.set(sums);
    return out.info;
  };

  return { DepthwiseConv2dNativeBackpropInput: backpropInput, DepthwiseConv2dNativeBackpropFilter: backpropFilter };
}

/**
 * Every (output position, tap) whose input pixel lies inside the image — in = o·S − pad + k·D — with the offsets
 * of its dy row (OC values), x / dx row (C values) and filter tap (C·M values); the channel loops are the caller's.
 */
function forEachTap(g: tfjs.backend_util.Conv2DInfo, visit: (dyAt: number, xAt: number, wAt: number) => void): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: OC } = g;
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW, dilationHeight: DH, dilationWidth: DW } = g;
  const { top, left } = g.padInfo;
  for (let b = 0; b < B; b++)
    for (let oy = 0; oy < OH; oy++)
      for (let ky = 0; ky < FH; ky++) {
        const iy = oy * SH - top + ky * DH;
        if (iy < 0 || iy >= H) continue;
        for (let ox = 0; ox < OW; ox++)
          for (let kx = 0; kx < FW; kx++) {
            const ix = ox * SW - left + kx * DW;
            if (ix >= 0 && ix < W) visit(((b * OH + oy) * OW + ox) * OC, ((b * H + iy) * W + ix) * C, (ky * FW + kx) * OC);
          }
      }
}

export function depthwiseInputGrad(dy: Float32Array, w: Float32Array, g: tfjs.backend_util.Conv2DInfo, dx: Float32Array): void {
  const C = g.inChannels;
  const M = g.outChannels / C;
  forEachTap(g, (dyAt, dxAt, wAt) => {
    if (M === 1) for (let c = 0; c < C; c++) dx[dxAt + c] += dy[dyAt + c] * w[wAt + c];
    else
      for (let c = 0; c < C; c++) {
        let s = 0;
        for (let m = 0; m < M; m++) s += dy[dyAt + c * M + m] * w[wAt + c * M + m];
        dx[dxAt + c] += s;
      }
  });
}

export function depthwiseFilterGrad(x: Float32Array, dy: Float32Array, g: tfjs.backend_util.Conv2DInfo, dw: Float64Array): void {
  const C = g.inChannels;
  const M = g.outChannels / C;
  forEachTap(g, (dyAt, xAt, wAt) => {
    if (M === 1) for (let c = 0; c < C; c++) dw[wAt + c] += x[xAt + c] * dy[dyAt + c];
    else
      for (let c = 0; c < C; c++) {
        const xv = x[xAt + c];
        for (let m = 0; m < M; m++) dw[wAt + c * M + m] += xv * dy[dyAt + c * M + m];
      }
  });
}
