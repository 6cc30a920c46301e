// Conv2DBackpropFilter of a one-channel input on wasm through our SIMD module (native/simd-kernels/convGrad.c):
// row correlations over output columns, where every XNNPACK formulation packs a pixel-sized operand and pads
// its one-row GEMM tiles (LeNet-5 b256's first conv: 8.5 ms by the batch-as-channels conv → see bench/README.md).
import type { TensorInfo } from '@tensorflow/tfjs';
import type { ConvGeometry } from '../../cpu/convGeometry';
import { allocate, dispose, heapOffset } from '../wasmHeap';
import { simdKernelsFor } from './simdKernels';

/** Whether the row-correlation dW takes this geometry: one input channel, stride 1, dilation 1, no padding. */
export function isOneChannelValid(g: ConvGeometry): boolean {
  return g.inC === 1 && g.strideH === 1 && g.strideW === 1 && g.dilationH === 1 && g.dilationW === 1 && g.padTop === 0 && g.padLeft === 0 &&
    g.inH === g.outH + g.kH - 1 && g.inW === g.outW + g.kW - 1;
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
