// Conv2DBackpropFilter on wasm through our SIMD module (native/simd-kernels/convGrad.c), where every XNNPACK
// formulation packs a pixel-sized operand (~3 ns a float) and, for these shapes, pads its GEMM tiles:
//   one input channel (LeNet's first conv): row correlations over output columns (b256: 8.5 → ~2.7 ms);
//   more channels, outC a multiple of 8 (LeNet's second): 8 output channels × 5 taps of dW in registers per pass
//   over an L2-sized block of images;
//   filters ≤ 3 wide (ResNet's 3×3 and 1×1, any stride and pads) on the input padded once: 2 input channels ×
//   3 taps × 8 outputs in registers, the input channels split across the SIMD helper threads (ResNet-20 b128's
//   stage-1 dW 26–32 → ~11 ms on 2 threads).
import type { TensorInfo } from '@tensorflow/tfjs';
import type { ConvGeometry } from '../../cpu/convGeometry';
import { allocate, dispose, heapOffset, view } from '../wasmHeap';
import { runParts, simdKernelsFor, simdParts, splitRows } from './simdKernels';

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

/** Whether filterGradPairsSimd takes this geometry: dilation 1, any strides and pads, a filter ≤ 3 wide, outC % 8 = 0. */
export function isNarrowFilter(g: ConvGeometry): boolean {
  return g.dilationH === 1 && g.dilationW === 1 && g.kW <= 3 && g.outC % 8 === 0 && g.inC > 1;
}

/**
 * dW [kH, kW, inC, outC] of an isNarrowFilter conv (ResNet's 3×3 'same', its strided 3×3 and 1×1), its input
 * channels split across the calling thread and the SIMD helper threads (./simdHelpers.ts): x padded once
 * (padChannelsLast), then each part two channels × three taps × 8 outputs a pass (filterGradValidPairs).
 * Undefined without the module.
 */
export function filterGradPairsSimd(backend: object, x: TensorInfo, dy: TensorInfo, g: ConvGeometry, parts = simdParts(backend)): TensorInfo | undefined {
  if (!isNarrowFilter(g)) return undefined;
  const simd = simdKernelsFor(backend);
  if (!simd) return undefined;
  const { batch, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, padTop, padLeft } = g;
  // Rows and columns the taps read: all of x plus its pads (or fewer, where the last input rows are never read).
  const bottom = Math.max(0, (outH - 1) * strideH + kH - inH - padTop);
  const right = Math.max(0, (outW - 1) * strideW + kW - inW - padLeft);
  const H = padTop + inH + bottom;
  const W = padLeft + inW + right;
  const padded = padTop > 0 || bottom > 0 || padLeft > 0 || right > 0 ? allocate(backend, [batch, H, W, inC]) : undefined;
  if (padded) simd.padChannelsLast(heapOffset(backend, x), heapOffset(backend, padded), batch, inH, inW, inC, padTop, bottom, padLeft, right);
  const dw = allocate(backend, [kH, kW, inC, outC]);
  const block = Math.max(1, Math.floor(BLOCK_FLOATS / (H * W * inC + outH * outW * outC)));
  const xAt = heapOffset(backend, padded ?? x);
  // Whole pairs of channels a part (pairPass takes two at a time), so that only the last part may have an odd one;
  // parts beyond the helper threads run here one after another (tests split without threads).
  const pairs = splitRows(Math.ceil(inC / 2), parts);
  runParts(backend, 'filterGradValidPairs', pairs.map(([p0, p1]) => [
    xAt, heapOffset(backend, dy), heapOffset(backend, dw), batch, H, W, inC, outH, outW, outC, kH, kW, strideH, strideW, block, 2 * p0, Math.min(inC, 2 * p1),
  ]));
  if (padded) dispose(backend, padded);
  return dw;
}
