// Elementwise and reduction passes in wasm SIMD128 on tfjs-backend-wasm's heap (pointers are byte offsets).
#include <wasm_simd128.h>

#define BLOCK 64

// dx = dy·step(x): step = 1 where x > 0, 0 elsewhere, NaN where x is NaN — tfjs' Relu gradient, to the bit
// (dy·0 keeps dy's sign, and an infinite dy gives NaN there), in one pass instead of Step, Cast and Multiply.
__attribute__((export_name("reluGrad")))
void reluGrad(const float* dy, const float* x, float* dx, int n) {
  const v128_t one = wasm_f32x4_splat(1.0f), zero = wasm_f32x4_splat(0.0f), nan = wasm_f32x4_splat(__builtin_nanf(""));
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    v128_t step = wasm_v128_bitselect(one, zero, wasm_f32x4_gt(v, zero));
    step = wasm_v128_bitselect(nan, step, wasm_f32x4_ne(v, v));
    wasm_v128_store(dx + i, wasm_f32x4_mul(wasm_v128_load(dy + i), step));
  }
  for (; i < n; i++) {
    float v = x[i];
    float step = v != v ? __builtin_nanf("") : v > 0.0f ? 1.0f : 0.0f;
    dx[i] = dy[i] * step;
  }
}

// acc[j] += Σ_(r < rows) x[r·width + j], width a multiple of 4: f32 lanes over blocks of BLOCK rows, then f64.
__attribute__((export_name("sumRows")))
void sumRows(const float* x, int rows, int width, double* acc) {
  for (int r0 = 0; r0 < rows; r0 += BLOCK) {
    int r1 = r0 + BLOCK < rows ? r0 + BLOCK : rows;
    for (int j = 0; j < width; j += 4) {
      v128_t s = wasm_f32x4_splat(0.0f);
      const float* p = x + r0 * width + j;
      for (int r = r0; r < r1; r++, p += width) s = wasm_f32x4_add(s, wasm_v128_load(p));
      double* a = acc + j;
      wasm_v128_store(a, wasm_f64x2_add(wasm_v128_load(a), wasm_f64x2_promote_low_f32x4(s)));
      wasm_v128_store(a + 2, wasm_f64x2_add(wasm_v128_load(a + 2), wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(s, s, 2, 3, 0, 1))));
    }
  }
}

// One variable's Adam step, as tfjs' AdamOptimizer computes it (Kingma & Ba 2015 Alg. 1), every intermediate
// rounded to f32 in tfjs' order — f32 lanes round each operation exactly as Math.fround of the double result
// does (for +, −, ×, ÷ and √), so the results equal src/kernels/optimizer/optimizerStep.ts applyRule to the bit:
//   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  x ← (m/bias1)/(√(v/bias2) + ε)·c + x   (c = −lr)
// The outputs may be the inputs (updated in place).
__attribute__((export_name("adamStep")))
void adamStep(const float* x, const float* g, const float* m, const float* v, float* xOut, float* mOut, float* vOut, int n,
              float b1, float b2, float oneMinusB1, float oneMinusB2, float bias1, float bias2, float eps, float c) {
  const v128_t B1 = wasm_f32x4_splat(b1), B2 = wasm_f32x4_splat(b2), A1 = wasm_f32x4_splat(oneMinusB1), A2 = wasm_f32x4_splat(oneMinusB2);
  const v128_t C1 = wasm_f32x4_splat(bias1), C2 = wasm_f32x4_splat(bias2), E = wasm_f32x4_splat(eps), L = wasm_f32x4_splat(c);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t gi = wasm_v128_load(g + i);
    v128_t m1 = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), B1), wasm_f32x4_mul(gi, A1));
    v128_t v1 = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), B2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), A2));
    v128_t step = wasm_f32x4_div(wasm_f32x4_div(m1, C1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(v1, C2)), E));
    v128_t x1 = wasm_f32x4_add(wasm_f32x4_mul(step, L), wasm_v128_load(x + i));
    wasm_v128_store(mOut + i, m1);
    wasm_v128_store(vOut + i, v1);
    wasm_v128_store(xOut + i, x1);
  }
  for (; i < n; i++) {
    const float gi = g[i];
    const float m1 = m[i] * b1 + gi * oneMinusB1;
    const float v1 = v[i] * b2 + (gi * gi) * oneMinusB2;
    mOut[i] = m1;
    vOut[i] = v1;
    xOut[i] = ((m1 / bias1) / (__builtin_sqrtf(v1 / bias2) + eps)) * c + x[i];
  }
}
