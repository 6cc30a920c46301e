// Cache-blocked single-precision GEMM on Float32Array: C = op(A)·op(B) (+ C).
// Goto/BLIS layout: pack a KC×NC slab of B and an MC×KC slab of A into MR/NR-wide panels (zero-padded),
// then run a 4×4 register-blocked micro-kernel over them. Packing reads A and B through (row, col) strides,
// so transposed operands cost nothing extra — the conv kernels use NN, TN and NT products.

/** A matrix view: element (r, c) lives at data[offset + r*rowStride + c*colStride]. */
export interface MatrixView {
  data: Float32Array;
  offset: number;
  rowStride: number;
  colStride: number;
}

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 128;
const NC = 1024;

let packedA = new Float32Array(MC * KC);
let packedB = new Float32Array(NC * KC);

/** Reusable scratch so the hot path does not allocate; grows to the largest request seen. */
function ensureScratch(aSize: number, bSize: number): void {
  if (packedA.length < aSize) packedA = new Float32Array(aSize);
  if (packedB.length < bSize) packedB = new Float32Array(bSize);
}

/**
 * C[m×n] (row-major at c + cOffset, row stride cRowStride) = A[m×k]·B[k×n], or += when accumulate.
 * A and B are strided views, so pass {rowStride:1, colStride:ld} for a transposed operand.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: MatrixView,
  b: MatrixView,
  c: Float32Array,
  cOffset: number,
  cRowStride: number,
  accumulate: boolean,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    if (!accumulate) for (let i = 0; i < m; i++) c.fill(0, cOffset + i * cRowStride, cOffset + i * cRowStride + n);
    return;
  }
  ensureScratch(MC * KC, Math.min(NC, roundUp(n, NR)) * KC);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanelsOfB(b, pc, kc, jc, nc);
      const add = accumulate || pc > 0;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanelsOfA(a, ic, mc, pc, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          const bPanel = (jr / NR) * kc * NR;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            const aPanel = (ir / MR) * kc * MR;
            const cAt = cOffset + (ic + ir) * cRowStride + jc + jr;
            microKernel4x4(kc, packedA, aPanel, packedB, bPanel, c, cAt, cRowStride, mr, nr, add);
          }
        }
      }
    }
  }
}

function roundUp(x: number, to: number): number {
  return Math.ceil(x / to) * to;
}

/** packedB[panel][p][jj] = B[pc+p][jc+panel*NR+jj], zero beyond n. */
function packPanelsOfB(b: MatrixView, pc: number, kc: number, jc: number, nc: number): void {
  const { data, offset, rowStride, colStride } = b;
  const dst = packedB;
  let w = 0;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = Math.min(NR, nc - j0);
    for (let p = 0; p < kc; p++) {
      const rowAt = offset + (pc + p) * rowStride + (jc + j0) * colStride;
      if (cols === NR) {
        dst[w] = data[rowAt];
        dst[w + 1] = data[rowAt + colStride];
        dst[w + 2] = data[rowAt + 2 * colStride];
        dst[w + 3] = data[rowAt + 3 * colStride];
      } else {
        for (let jj = 0; jj < NR; jj++) dst[w + jj] = jj < cols ? data[rowAt + jj * colStride] : 0;
      }
      w += NR;
    }
  }
}

/** packedA[panel][p][ii] = A[ic+panel*MR+ii][pc+p], zero beyond m. */
function packPanelsOfA(a: MatrixView, ic: number, mc: number, pc: number, kc: number): void {
  const { data, offset, rowStride, colStride } = a;
  const dst = packedA;
  let w = 0;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = Math.min(MR, mc - i0);
    const base = offset + (ic + i0) * rowStride + pc * colStride;
    if (rows === MR) {
      for (let p = 0; p < kc; p++) {
        const at = base + p * colStride;
        dst[w] = data[at];
        dst[w + 1] = data[at + rowStride];
        dst[w + 2] = data[at + 2 * rowStride];
        dst[w + 3] = data[at + 3 * rowStride];
        w += MR;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const at = base + p * colStride;
        for (let ii = 0; ii < MR; ii++) dst[w + ii] = ii < rows ? data[at + ii * rowStride] : 0;
        w += MR;
      }
    }
  }
}

/** 4×4 outer-product accumulation over kc, 16 accumulators kept in registers. */
function microKernel4x4(
  kc: number,
  pa: Float32Array,
  aAt: number,
  pb: Float32Array,
  bAt: number,
  c: Float32Array,
  cAt: number,
  ldc: number,
  mr: number,
  nr: number,
  add: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let ai = aAt;
  let bi = bAt;
  for (let p = 0; p < kc; p++) {
    const a0 = pa[ai], a1 = pa[ai + 1], a2 = pa[ai + 2], a3 = pa[ai + 3];
    const b0 = pb[bi], b1 = pb[bi + 1], b2 = pb[bi + 2], b3 = pb[bi + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    ai += 4;
    bi += 4;
  }
  if (mr === 4 && nr === 4) {
    let r = cAt;
    if (add) {
      c[r] += c00; c[r + 1] += c01; c[r + 2] += c02; c[r + 3] += c03; r += ldc;
      c[r] += c10; c[r + 1] += c11; c[r + 2] += c12; c[r + 3] += c13; r += ldc;
      c[r] += c20; c[r + 1] += c21; c[r + 2] += c22; c[r + 3] += c23; r += ldc;
      c[r] += c30; c[r + 1] += c31; c[r + 2] += c32; c[r + 3] += c33;
    } else {
      c[r] = c00; c[r + 1] = c01; c[r + 2] = c02; c[r + 3] = c03; r += ldc;
      c[r] = c10; c[r + 1] = c11; c[r + 2] = c12; c[r + 3] = c13; r += ldc;
      c[r] = c20; c[r + 1] = c21; c[r + 2] = c22; c[r + 3] = c23; r += ldc;
      c[r] = c30; c[r + 1] = c31; c[r + 2] = c32; c[r + 3] = c33;
    }
    return;
  }
  const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) {
      const at = cAt + i * ldc + j;
      c[at] = add ? c[at] + tile[i * 4 + j] : tile[i * 4 + j];
    }
  }
}
