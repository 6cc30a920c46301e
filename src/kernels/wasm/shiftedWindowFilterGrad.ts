// Conv2DBackpropFilter on wasm as "shifted-window" GEMMs on the stock BatchMatMul (XNNPACK), with no im2col.
// The padded input becomes a grid of pixels (per image G = Hq·Wq of them) on which output pixel (b, oy, ox) is
// grid pixel r = b·G + oy·Wq + ox and tap (ky, kx) reads grid pixel r + ky·Wq + kx. Laid out channel-major,
// xT[ci, r], tap (ky, kx) reads the contiguous range xT[·, off .. off + N) with off = ky·Wq + kx, so
//   dW[ky, kx] [inC × outC] = xT[:, off .. off + N) · dyGrid [N × outC],  N = images·G,
// where dyGrid is dY on the same grid (zero at grid pixels that are no output pixel). The window is an alias of
// xT at float offset off, read as [inC × N] rows of stride N: row ci runs `off` floats into row ci + 1 — zero
// rows of dyGrid past the last output pixel meet them, or (wrapped grid) they are row ci + 1's leading zero pads —
// and the last row into `spare` zeros after xT. dyGrid is the
// same operand for every tap, so XNNPACK packs it once (its operator cache is keyed on the weights tensor);
// packing a fresh right operand per tap costs more than the product itself.
// Stride 1: xT = PadV2(Transpose(x)) on the stock C++ kernels, and the grid wraps (tightAxis): one pad row and
// column shared between neighbours, so ResNet's 32×32 'same' sits on 33×33. Stride s splits xT into s² phases
// (padded rows and columns ≡ p mod s, built in JS): tap ky = s·qy + py reads phase py at row offset qy, so all
// phases share one grid of outH − 1 + ⌈kH/s⌉ rows and dyGrid is dY padded.
import type { TensorInfo } from '@tensorflow/tfjs';
import type { ConvGeometry } from '../cpu/convGeometry';
import { aliasRows, allocate, dispose, releaseAlias, view } from './wasmHeap';

/**
 * xT + dyGrid floats per batch block, in whole images: 1 MB, about half a core's L2. Each window GEMM has a long
 * K (the block's pixels) and a small M×N, and XNNPACK streams K once per output tile, so a block that stays in L2
 * runs faster: ResNet-20 b128's stage-1 dW 32.1 → 27.7 ms, stage 2 22.5 → 19.4, stage 3 17.8 → 17.1, the
 * stride-2 widening 16.1 → 14.8 (blocks of 32 MB → 1 MB; smaller ones gained little, and cost a dyGrid packing
 * and kH·kW GEMM calls each).
 */
const MAX_BLOCK_FLOATS = 1 << 18;

/** One axis of the grid; grid index j of phase p is padded coordinate s·j + p, input coordinate s·j + p − pad. */
interface GridAxis {
  /** Grid length, out − 1 + ⌈k/s⌉: what the farthest tap of the last output reads. */
  size: number;
  /** Phases any tap reads: min(s, k) (a 1×1 filter with stride 2 reads one). */
  phases: number;
}

function gridAxis(out: number, k: number, s: number): GridAxis {
  return { size: out - 1 + Math.ceil(k / s), phases: Math.min(s, k) };
}

/**
 * xT[ci, (b − b0)·G + j·Wq + i] = x[b, s·j + py − padTop, s·i + px − padLeft, ci] for images [b0, b0 + nb) (phase
 * (py, px)), zero where that falls outside x and in the `spare` floats after the last row.
 */
function fillPhaseT(x: Float32Array, g: ConvGeometry, rows: GridAxis, cols: GridAxis, py: number, px: number, b0: number, nb: number, xT: Float32Array): void {
  const { inH, inW, inC, strideH, strideW, padTop, padLeft } = g;
  const Wq = cols.size;
  const G = rows.size * Wq;
  const N = nb * G;
  // Grid columns i whose input column sW·i + px − padLeft lies in [0, inW): i ∈ [i0, i1).
  const i0 = Math.min(Wq, Math.max(0, Math.ceil((padLeft - px) / strideW)));
  const i1 = Math.max(i0, Math.min(Wq, Math.floor((inW - 1 - px + padLeft) / strideW) + 1));
  const step = strideW * inC;
  for (let b = 0; b < nb; b++)
    for (let j = 0; j < rows.size; j++) {
      const y = strideH * j + py - padTop;
      const at = b * G + j * Wq;
      if (y < 0 || y >= inH || i0 === i1) {
        for (let ci = 0; ci < inC; ci++) xT.fill(0, ci * N + at, ci * N + at + Wq);
        continue;
      }
      // One input row (inW·inC floats, in L1) scattered to inC rows of xT, each written contiguously.
      const from = (((b0 + b) * inH + y) * inW + strideW * i0 + px - padLeft) * inC;
      // Loops, not fill(): the pads are a column or two, and a typed-array call costs more than that.
      for (let ci = 0, rowAt = at; ci < inC; ci++, rowAt += N) {
        for (let i = 0; i < i0; i++) xT[rowAt + i] = 0;
        for (let i = i0, f = from + ci; i < i1; i++, f += step) xT[rowAt + i] = x[f];
        for (let i = i1; i < Wq; i++) xT[rowAt + i] = 0;
      }
    }
  xT.fill(0, inC * N);
}

/** dyGrid[(b − b0)·G + oy·Wq + ox, co] = dy[b, oy, ox, co] for images [b0, b0 + nb); zero at the other pixels. */
function fillDyGrid(dy: Float32Array, g: ConvGeometry, rows: GridAxis, cols: GridAxis, b0: number, nb: number, grid: Float32Array): void {
  const { outH, outW, outC } = g;
  const Wq = cols.size;
  const rowFloats = outW * outC;
  const gridRowFloats = Wq * outC;
  let to = 0;
  for (let b = b0; b < b0 + nb; b++) {
    for (let oy = 0; oy < outH; oy++, to += gridRowFloats) {
      const from = (b * outH + oy) * rowFloats;
      grid.set(dy.subarray(from, from + rowFloats), to);
      grid.fill(0, to + rowFloats, to + gridRowFloats);
    }
    const end = to + (rows.size - outH) * gridRowFloats;
    grid.fill(0, to, end);
    to = end;
  }
}

/** The stock wasm kernels the window path runs on. */
export interface WindowOps {
  matMul(backend: object, a: TensorInfo, b: TensorInfo): TensorInfo;
  /** Stock Transpose and PadV2 (C++): build xT faster than a JS pass; absent → JS. */
  transpose?(backend: object, x: TensorInfo, perm: number[]): TensorInfo;
  pad?(backend: object, x: TensorInfo, paddings: Array<[number, number]>): TensorInfo;
}

/**
 * Stride 1: the grid period along one axis. A tap that runs past the grid's end wraps onto the next row (image),
 * whose first `pad` entries are zero pads, so the grid need not hold the whole right pad:
 * Wq = max(out, pad + in, out + k − 1 − pad), never more than out + k − 1 (the full padded width).
 */
function tightAxis(out: number, k: number, pad: number, size: number): GridAxis {
  return { size: Math.min(out + k - 1, Math.max(out, pad + size, out + k - 1 - pad)), phases: 1 };
}

/** The grid of a geometry: stride 1 wraps (tightAxis), strided ones keep each phase row whole. */
function gridOf(g: ConvGeometry): { rows: GridAxis; cols: GridAxis } {
  const unitStride = g.strideH === 1 && g.strideW === 1;
  return {
    rows: unitStride ? tightAxis(g.outH, g.kH, g.padTop, g.inH) : gridAxis(g.outH, g.kH, g.strideH),
    cols: unitStride ? tightAxis(g.outW, g.kW, g.padLeft, g.inW) : gridAxis(g.outW, g.kW, g.strideW),
  };
}

/** Rows of XNNPACK's f32 GEMM tile on wasm SIMD: M rows cost ⌈M/4⌉ tiles (measured: M = 6 runs as slow as 8). */
const GEMM_TILE_ROWS = 4;

/**
 * The share of the window GEMMs' multiply-adds that count: output pixels per grid pixel (the rest meet zero rows
 * of dyGrid), times inC / (inC rounded up to whole GEMM tiles) since a GEMM's rows are the input channels.
 */
export function windowEfficiency(g: ConvGeometry): number {
  const { rows, cols } = gridOf(g);
  const tiles = Math.ceil(g.inC / GEMM_TILE_ROWS) * GEMM_TILE_ROWS;
  return ((g.outH * g.outW) / (rows.size * cols.size)) * (g.inC / tiles);
}

/** dW [kH, kW, inC, outC] of a stride-s, dilation-1 NHWC conv, as kH·kW shifted-window GEMMs per batch block. */
export function filterGradByWindows(backend: object, ops: WindowOps, x: TensorInfo, dy: TensorInfo, g: ConvGeometry, maxBlockFloats = MAX_BLOCK_FLOATS): TensorInfo {
  const { batch, inH, inW, inC, outH, outW, outC, kH, kW, strideH, strideW, padTop, padLeft } = g;
  const { rows, cols } = gridOf(g);
  const G = rows.size * cols.size;
  const phases = rows.phases * cols.phases;
  // The farthest tap's offset: that many floats past the last row of xT are read (against zero dyGrid rows).
  const spare = (Math.ceil(kH / strideH) - 1) * cols.size + Math.ceil(kW / strideW) - 1;
  const step = Math.max(1, Math.min(batch, Math.floor(maxBlockFloats / ((phases * (inC + 1) + outC) * G))));
  const bottom = rows.size - padTop - inH;
  const right = cols.size - padLeft - inW;
  // Stride 1: xT = pad(transpose(x)) on the stock kernels, the spare being one extra zero channel row.
  const { transpose, pad } = ops;
  const native = transpose && pad && strideH === 1 && strideW === 1 && bottom >= 0 && right >= 0 && spare <= G;
  const unpadded = padTop === 0 && padLeft === 0 && bottom === 0 && right === 0 && spare === 0; // 1×1, no pads
  const dyIsGrid = rows.size === outH && cols.size === outW;
  const tapFloats = inC * outC;
  const dw = allocate(backend, [kH, kW, inC, outC]);
  for (let b0 = 0; b0 < batch; b0 += step) {
    const nb = Math.min(step, batch - b0);
    const N = nb * G;
    let xTs: TensorInfo[];
    if (native) {
      const block = aliasRows(backend, x, b0 * inH * inW * inC, [nb, inH, inW, inC]);
      const t = transpose(backend, block, [3, 0, 1, 2]);
      releaseAlias(backend, block);
      if (unpadded) xTs = [t];
      else {
        xTs = [pad(backend, t, [[0, spare > 0 ? 1 : 0], [0, 0], [padTop, bottom], [padLeft, right]])];
        dispose(backend, t);
      }
    } else {
      xTs = Array.from({ length: phases }, () => allocate(backend, [inC * N + spare]));
      const xs = view(backend, x);
      for (let py = 0; py < rows.phases; py++)
        for (let px = 0; px < cols.phases; px++) fillPhaseT(xs, g, rows, cols, py, px, b0, nb, view(backend, xTs[py * cols.phases + px]));
    }
    let dyGrid: TensorInfo;
    if (dyIsGrid) dyGrid = aliasRows(backend, dy, b0 * outH * outW * outC, [N, outC]);
    else {
      dyGrid = allocate(backend, [N, outC]);
      fillDyGrid(view(backend, dy), g, rows, cols, b0, nb, view(backend, dyGrid));
    }
    for (let ky = 0; ky < kH; ky++)
      for (let kx = 0; kx < kW; kx++) {
        const xT = xTs[(ky % strideH) * cols.phases + (kx % strideW)];
        const window = aliasRows(backend, xT, Math.floor(ky / strideH) * cols.size + Math.floor(kx / strideW), [inC, N]);
        const part = ops.matMul(backend, window, dyGrid); // [inC, outC]: dW[ky, kx] of this block
        releaseAlias(backend, window);
        const p = view(backend, part);
        const o = view(backend, dw);
        const at = (ky * kW + kx) * tapFloats;
        if (b0 === 0) o.set(p, at);
        else for (let i = 0; i < tapFloats; i++) o[at + i] += p[i];
        dispose(backend, part);
      }
    // Releasing / disposing dyGrid also frees the XNNPACK operator (packed dyGrid) cached on it.
    if (dyIsGrid) releaseAlias(backend, dyGrid);
    else dispose(backend, dyGrid);
    dispose(backend, ...xTs);
  }
  return dw;
}
