// The three GEMM formulations of a 2-D convolution on NHWC Float32Arrays, block by block over output pixels:
//   forward      Y[P×outC]  = col(X)[P×K] · W[K×outC]
//   filter grad  dW[K×outC] = Σ_blocks col(X)ᵀ · dY
//   input grad   dX        = col2im(dY · Wᵀ)
// with P = batch·outH·outW and K = kH·kW·inC. Backend-agnostic: callers bring the arrays.
import { type ConvGeometry, isPointwise, patchRows, patchSize, rowsPerBlock } from './convGeometry';
import { gemm } from './gemm';
import { col2imRowsAdd, im2colRows } from './im2col';

let scratch = new Float32Array(0);

function scratchOf(size: number): Float32Array {
  if (scratch.length < size) scratch = new Float32Array(size);
  return scratch;
}

export function convForward(x: Float32Array, w: Float32Array, g: ConvGeometry): Float32Array {
  const P = patchRows(g);
  const K = patchSize(g);
  const y = new Float32Array(P * g.outC);
  const weights = { data: w, offset: 0, rowStride: g.outC, colStride: 1 };
  if (isPointwise(g)) {
    gemm(P, g.outC, K, { data: x, offset: 0, rowStride: K, colStride: 1 }, weights, y, 0, g.outC, false);
    return y;
  }
  const block = rowsPerBlock(g);
  const col = scratchOf(block * K);
  for (let row0 = 0; row0 < P; row0 += block) {
    const rows = Math.min(block, P - row0);
    im2colRows(x, g, row0, rows, col);
    gemm(rows, g.outC, K, { data: col, offset: 0, rowStride: K, colStride: 1 }, weights, y, row0 * g.outC, g.outC, false);
  }
  return y;
}

export function convFilterGrad(x: Float32Array, dy: Float32Array, g: ConvGeometry): Float32Array {
  const P = patchRows(g);
  const K = patchSize(g);
  const dw = new Float32Array(K * g.outC);
  if (isPointwise(g)) {
    const xT = { data: x, offset: 0, rowStride: 1, colStride: K };
    gemm(K, g.outC, P, xT, { data: dy, offset: 0, rowStride: g.outC, colStride: 1 }, dw, 0, g.outC, false);
    return dw;
  }
  const block = rowsPerBlock(g);
  const col = scratchOf(block * K);
  for (let row0 = 0; row0 < P; row0 += block) {
    const rows = Math.min(block, P - row0);
    im2colRows(x, g, row0, rows, col);
    const colT = { data: col, offset: 0, rowStride: 1, colStride: K };
    const dyRows = { data: dy, offset: row0 * g.outC, rowStride: g.outC, colStride: 1 };
    gemm(K, g.outC, rows, colT, dyRows, dw, 0, g.outC, row0 > 0);
  }
  return dw;
}

export function convInputGrad(dy: Float32Array, w: Float32Array, g: ConvGeometry): Float32Array {
  const P = patchRows(g);
  const K = patchSize(g);
  const dx = new Float32Array(g.batch * g.inH * g.inW * g.inC);
  const wT = { data: w, offset: 0, rowStride: 1, colStride: g.outC };
  if (isPointwise(g)) {
    gemm(P, K, g.outC, { data: dy, offset: 0, rowStride: g.outC, colStride: 1 }, wT, dx, 0, K, false);
    return dx;
  }
  const block = rowsPerBlock(g);
  const col = scratchOf(block * K);
  for (let row0 = 0; row0 < P; row0 += block) {
    const rows = Math.min(block, P - row0);
    const dyRows = { data: dy, offset: row0 * g.outC, rowStride: g.outC, colStride: 1 };
    gemm(rows, K, g.outC, dyRows, wT, col, 0, K, false);
    col2imRowsAdd(col, g, row0, rows, dx);
  }
  return dx;
}
