// Conv2DBackpropFilter of small unpadded stride-1 convs on wasm through our SIMD module
// (native/simd-kernels/convGrad.c), where every XNNPACK formulation packs a pixel-sized operand (~3 ns a float)
// and, for these shapes, pads its GEMM tiles:
//   one input channel (LeNet's first conv): row correlations over output columns (b256: 8.5 → ~2.7 ms);
//   more channels, outC a multiple of 8 (LeNet's second): 8 output channels × 5 taps of dW in registers per pass
//   over an L2-sized block of images.
import type { TensorInfo } from '@tensorflow/tfjs';
import type { ConvGeometry } from '../../cpu/convGeometry';
import { allocate, dispose, heapOffset, view } from '../wasmHeap';
import { simdKernelsFor } from './simdKernels';

/** Stride 1, dilation 1, no padding: every tap of every output pixel lies inside x. */
function isUnpaddedStride1(g: ConvGeometry): boolean {
  return g.strideH === 1 && g.strideW === 1 && g.dilationH === 1 && g.dilationW === 1 && g.padTop === 0 && g.padLeft === 0 &&
    g.inH === g.outH + g.kH - 1 && g.inW === g.outW + g.kW - 1;
}

/** Whether the row-correlation dW takes this geometry: one input channel, unpadded, stride 1. */
export function isOneChannelValid(g: ConvGeometry): boolean {
  return g.inC === 1 && isUnpaddedStride1(g);
}

/** dW [kH, kW, 1, outC], or undefined where the geometry or the module does not serve (then the XNNPACK paths). */
export function filterGradOneChannelSimd(backend: object, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo | undefined {
  if (!isOneChannelValid(g)) return undefined;
  const simd = simdKernelsFor(backend);
  if (!simd) return undefined;
  const rows = g.batch * g.outH * g.outW;
  const dyT = allocate(backend, [g.outC, rows]);
  const dw = allocate(backend, [g.kH, g.kW, 1, g.outC]);
  simd.channelsFirst(heapOffset(backend, dy), heapOffset(backend, dyT), rows, g.outC);
  simd.filterGradOneChannel(heapOffset(backend, x), heapOffset(backend, dyT), heapOffset(backend, dw), g.batch, g.inH, g.inW, g.outH, g.outW, g.kH, g.kW, g.outC);
  dispose(backend, dyT);
  return dw;
}

/** Whether filterGradValidSimd takes this geometry: unpadded, stride 1, dilation 1, several input channels, outC % 8 = 0. */
export function isSmallValid(g: ConvGeometry): boolean {
  return g.inC > 1 && g.outC % 8 === 0 && isUnpaddedStride1(g);
}

/** x and dY floats of a block of images: 256 KB, well inside L2 (64 KB – 1 MB blocks measured alike on LeNet-5). */
const BLOCK_FLOATS = 1 << 16;

/** dW [kH, kW, inC, outC] of an isSmallValid conv, or undefined where the geometry or the module does not serve. */
export function filterGradValidSimd(backend: object, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo | undefined {
  if (!isSmallValid(g)) return undefined;
  const simd = simdKernelsFor(backend);
  if (!simd) return undefined;
  const dw = allocate(backend, [g.kH, g.kW, g.inC, g.outC]);
  view(backend, dw).fill(0);
  const perImage = g.inH * g.inW * g.inC + g.outH * g.outW * g.outC;
  const block = Math.max(1, Math.floor(BLOCK_FLOATS / perImage));
  simd.filterGradValid(heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, dw), g.batch, g.inH, g.inW, g.inC, g.outH, g.outW, g.outC, g.kH, g.kW, block);
  return dw;
}
