// The numbers a channels-last (NHWC) convolution needs, taken from tfjs's own Conv2DInfo so that
// 'same' / 'valid' / explicit pads and dimRoundingMode resolve exactly as the stock kernels resolve them.
import type * as tfjs from '@tensorflow/tfjs';
import type { backend_util, NamedAttrMap } from '@tensorflow/tfjs';

export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padLeft: number;
}

/** Whether a conv kernel's attributes ask for channels last (NHWC, tfjs' default): what our conv kernels serve. */
export function isChannelsLast(attrs: NamedAttrMap | undefined): boolean {
  const format = attrs?.dataFormat;
  return format === undefined || format === 'NHWC' || format === 'channelsLast';
}

export function geometryOf(info: backend_util.Conv2DInfo): ConvGeometry {
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    inC: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    outC: info.outChannels,
    kH: info.filterHeight,
    kW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    dilationH: info.dilationHeight,
    dilationW: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

/**
 * The geometry of an NHWC, undilated conv from a backprop kernel's attributes (strides, pad, dimRoundingMode) —
 * what Conv2DBackpropFilter / Conv2DBackpropInput receive; the kernels that serve them (wasm, webgpu) share it.
 */
export function backpropGeometry(tf: typeof tfjs, xShape: number[], filterShape: number[], a: NamedAttrMap): ConvGeometry {
  return geometryOf(
    tf.backend_util.computeConv2DInfo(
      xShape as [number, number, number, number],
      filterShape as [number, number, number, number],
      a.strides as [number, number] | number,
      1,
      a.pad as Pad,
      a.dimRoundingMode as Rounding,
      false,
      'channelsLast',
    ),
  );
}

/** Rows of the im2col matrix: one per output pixel (b, oy, ox). */
export function patchRows(g: ConvGeometry): number {
  return g.batch * g.outH * g.outW;
}

/** Columns of the im2col matrix: one per filter tap (ky, kx, ci) — the filter's [kH,kW,inC] layout. */
export function patchSize(g: ConvGeometry): number {
  return g.kH * g.kW * g.inC;
}

/** A 1×1, stride-1, unpadded conv is a plain matrix product: the input already is its im2col matrix. */
export function isPointwise(g: ConvGeometry): boolean {
  return g.kH === 1 && g.kW === 1 && g.strideH === 1 && g.strideW === 1 && g.padTop === 0 && g.padLeft === 0;
}

/** How many im2col rows to materialise at once: ~256 KB of patches keeps the block in L2. */
export function rowsPerBlock(g: ConvGeometry): number {
  const target = Math.floor(65536 / Math.max(1, patchSize(g)));
  return Math.max(16, Math.min(patchRows(g), target - (target % 4)));
}
