// 3×3 stride-1 convolutions on wasm by Winograd's F(2×2, 3×3) in our SIMD module (native/simd-kernels/winograd.c):
// 16 multiply-adds a 2×2 output tile and channel pair where the direct conv (XNNPACK's) does 36, in fused
// multiply-adds where the relaxed build runs, the tiles split across the SIMD helper threads. It serves the
// forward conv (Conv2D, FusedConv2D with a bias and a ReLU or none), the input gradient of a stride-1 3×3 conv
// (the same conv of dY with the filter rotated 180°, channels swapped) and its weight gradient (F(3×3, 2×2)).
// ResNet-20 b128's 3×3 convs on 2 threads: forward 7.0–7.9 → 2.9–4.6 ms (XNNPACK), dX the same, dW 11–12 → 2.7–4.6
// (the channel-pair kernel).
import type { TensorInfo } from '@tensorflow/tfjs';
import type { ConvGeometry } from '../../cpu/convGeometry';
import { allocate, dispose, heapOffset } from '../wasmHeap';
import { runParts, simdKernelsFor, simdModuleStats, simdParts, splitRows } from './simdKernels';

/**
 * Tiles a block: its transformed inputs and outputs (16·T·(Ci + Co) floats, 288 KB at 64 → 64 channels) stay in
 * L2. ResNet-20 b128's 3×3 convs ran alike with blocks of 16–144 (dW: 36–72 best).
 */
export const WINOGRAD_TILE_BLOCK = 36;

/**
 * Whether our tiles pay on this backend: every XNNPACK thread has its SIMD helper ready (or there is one thread).
 * With a helper missing ours runs on fewer threads than XNNPACK does: stage 1's 9.2 ms on one vs its 7.9 on two.
 */
export function winogradPays(backend: object): boolean {
  return simdParts(backend) === 1 + simdModuleStats(backend).helpers;
}

/** A 3×3, stride-1, undilated conv whose channels the kernel's vectors take (any pads). */
function isWinograd3x3(g: ConvGeometry): boolean {
  return g.kH === 3 && g.kW === 3 && g.strideH === 1 && g.strideW === 1 && g.dilationH === 1 && g.dilationW === 1;
}

/** Whether winogradForward serves this conv: 3×3, stride 1, inC % 4 = 0, outC % 8 = 0. */
export function isWinogradForward(g: ConvGeometry): boolean {
  return isWinograd3x3(g) && g.inC % 4 === 0 && g.outC % 8 === 0;
}

/** Whether winogradInputGrad serves this conv's dX: the transposed conv reads outC channels and writes inC. */
export function isWinogradInputGrad(g: ConvGeometry): boolean {
  return isWinograd3x3(g) && g.outC % 4 === 0 && g.inC % 8 === 0;
}

interface WinogradCall {
  /** The conv's input [B, H, W, Ci] and its output's size and channels. */
  input: TensorInfo;
  outH: number;
  outW: number;
  outC: number;
  padT: number;
  padL: number;
  /** The layer's filter [3, 3, inC, outC] (both uses take it as the layer holds it) and whether to flip it. */
  filter: TensorInfo;
  flip: boolean;
  bias?: TensorInfo;
  relu: boolean;
}

/**
 * The 2×2 tiles of a B × outH × outW grid split into `parts` ranges, and a scratch tensor holding each part's
 * block (16·T·(Ci + Co) floats) at scratchAt(i). Dispose `scratch` after the run.
 */
function tileParts(backend: object, B: number, outH: number, outW: number, Ci: number, Co: number, parts: number) {
  const ranges = splitRows(B * Math.ceil(outH / 2) * Math.ceil(outW / 2), parts);
  const perPart = 16 * WINOGRAD_TILE_BLOCK * (Ci + Co);
  const scratch = allocate(backend, [ranges.length, perPart]);
  const first = heapOffset(backend, scratch);
  return { ranges, scratch, scratchAt: (i: number) => first + 4 * i * perPart };
}

function winogradConv(backend: object, c: WinogradCall, parts: number): TensorInfo | undefined {
  const simd = simdKernelsFor(backend);
  if (!simd) return undefined;
  const [B, H, W, Ci] = c.input.shape;
  const [, , fIn, fOut] = c.filter.shape;
  const Co = c.outC;
  const u = allocate(backend, [16, Ci, Co]);
  const { ranges, scratch, scratchAt } = tileParts(backend, B, c.outH, c.outW, Ci, Co, parts);
  const y = allocate(backend, [B, c.outH, c.outW, Co]);
  simd.winogradFilter(heapOffset(backend, c.filter), heapOffset(backend, u), fIn, fOut, c.flip ? 1 : 0);
  const at = { x: heapOffset(backend, c.input), u: heapOffset(backend, u), bias: c.bias ? heapOffset(backend, c.bias) : 0, y: heapOffset(backend, y) };
  runParts(backend, 'winogradConv3x3', ranges.map(([t0, t1], i) => [
    at.x, at.u, at.bias, at.y, scratchAt(i), H, W, Ci, c.outH, c.outW, Co, c.padT, c.padL, c.relu ? 1 : 0, WINOGRAD_TILE_BLOCK, t0, t1,
  ]));
  dispose(backend, u, scratch);
  return y;
}

/** y = conv(x, filter) (+ bias, then a ReLU where asked) of an isWinogradForward conv; undefined without the module. */
export function winogradForward(
  backend: object, x: TensorInfo, filter: TensorInfo, g: ConvGeometry, epilogue: { bias?: TensorInfo; relu: boolean } = { relu: false }, parts = simdParts(backend),
): TensorInfo | undefined {
  if (!isWinogradForward(g)) return undefined;
  return winogradConv(backend, { input: x, outH: g.outH, outW: g.outW, outC: g.outC, padT: g.padTop, padL: g.padLeft, filter, flip: false, ...epilogue }, parts);
}

/**
 * dX [B, inH, inW, inC] of an isWinogradInputGrad conv: dX[iy] = Σ_ky dY[iy + padTop − ky] · w[ky], the stride-1
 * conv of dY with the flipped filter and pads 2 − padTop, 2 − padLeft. Undefined without the module.
 */
export function winogradInputGrad(backend: object, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry, parts = simdParts(backend)): TensorInfo | undefined {
  if (!isWinogradInputGrad(g)) return undefined;
  return winogradConv(backend, { input: dy, outH: g.inH, outW: g.inW, outC: g.inC, padT: 2 - g.padTop, padL: 2 - g.padLeft, filter, flip: true, relu: false }, parts);
}

/** Whether winogradFilterGrad serves this conv's dW: 3×3, stride 1, inC % 4 = 0, outC % 8 = 0. */
export const isWinogradFilterGrad = isWinogradForward;

/**
 * dW [3, 3, inC, outC] of an isWinogradFilterGrad conv by F(3×3, 2×2): dY's 2×2 tiles split across the parts,
 * each summing its own 16 GEMMs, then one pass adds the parts up and transforms them out. Undefined without the module.
 */
export function winogradFilterGrad(backend: object, x: TensorInfo, dy: TensorInfo, g: ConvGeometry, parts = simdParts(backend)): TensorInfo | undefined {
  if (!isWinogradFilterGrad(g)) return undefined;
  const simd = simdKernelsFor(backend);
  if (!simd) return undefined;
  const { batch, inH, inW, inC, outH, outW, outC } = g;
  const { ranges, scratch, scratchAt } = tileParts(backend, batch, outH, outW, inC, outC, parts);
  const sums = allocate(backend, [ranges.length, 16, inC, outC]);
  const dw = allocate(backend, [3, 3, inC, outC]);
  const [xAt, dyAt, sumsAt] = [heapOffset(backend, x), heapOffset(backend, dy), heapOffset(backend, sums)];
  runParts(backend, 'winogradFilterGrad', ranges.map(([t0, t1], i) => [
    xAt, dyAt, sumsAt + 4 * i * 16 * inC * outC, scratchAt(i), inH, inW, inC, outH, outW, outC, g.padTop, g.padLeft, WINOGRAD_TILE_BLOCK, t0, t1,
  ]));
  simd.winogradFilterGradOut(sumsAt, ranges.length, heapOffset(backend, dw), inC, outC);
  dispose(backend, scratch, sums);
  return dw;
}
