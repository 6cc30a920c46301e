// The packed GEMM against a float64 triple loop, for NN / TN / NT operands and sizes that cross every block edge.
import { describe, expect, it } from 'vitest';
import { gemm, type MatrixView } from './gemm';

function random(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
}

describe('gemm', () => {
  it.each([
    { m: 1, n: 1, k: 1, ta: false, tb: false },
    { m: 5, n: 3, k: 7, ta: false, tb: false },
    { m: 131, n: 6, k: 300, ta: false, tb: false },
    { m: 25, n: 17, k: 517, ta: true, tb: false },
    { m: 70, n: 1030, k: 9, ta: false, tb: true },
    { m: 129, n: 33, k: 257, ta: true, tb: true },
  ])('$m×$n×$k transA=$ta transB=$tb, plain and accumulating', ({ m, n, k, ta, tb }) => {
    const a = random(m * k, 1);
    const b = random(k * n, 2);
    const A: MatrixView = ta ? { data: a, offset: 0, rowStride: 1, colStride: m } : { data: a, offset: 0, rowStride: k, colStride: 1 };
    const B: MatrixView = tb ? { data: b, offset: 0, rowStride: 1, colStride: k } : { data: b, offset: 0, rowStride: n, colStride: 1 };
    const expected = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A.data[i * A.rowStride + p * A.colStride] * B.data[p * B.rowStride + j * B.colStride];
        expected[i * n + j] = s;
      }
    const c = new Float32Array(m * n).fill(Number.NaN);
    gemm(m, n, k, A, B, c, 0, n, false);
    const worst = (extra: number) => Math.max(...Array.from(c, (v, i) => Math.abs(v - (1 + extra) * expected[i])));
    expect(worst(0)).toBeLessThan(1e-4 * Math.sqrt(k));
    gemm(m, n, k, A, B, c, 0, n, true);
    expect(worst(1)).toBeLessThan(2e-4 * Math.sqrt(k));
  });
});
