// Batch-norm training passes in wasm SIMD128, run on tfjs-backend-wasm's own heap (the module imports its
// memory; every pointer is a byte offset there). x is channels-last [M, C] with C a multiple of 4; the
// per-channel arrays are C floats, the accumulators 2·C doubles. Sums run in f32 lanes over blocks of
// BLOCK rows, then into the f64 accumulators, so a long sum loses no more than a 64-term f32 sum does.
// No stack, no data, no libc: the module must not write the heap anywhere but the pointers it is given.
#include <wasm_simd128.h>

#define BLOCK 64

static inline void add_f64(double* acc, v128_t s) {
  // acc[0..3] += s[0..3], the f32 lanes widened to f64 two at a time
  wasm_v128_store(acc, wasm_f64x2_add(wasm_v128_load(acc), wasm_f64x2_promote_low_f32x4(s)));
  wasm_v128_store(acc + 2, wasm_f64x2_add(wasm_v128_load(acc + 2), wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(s, s, 2, 3, 0, 1))));
}

// acc[c] += Σ (x − shift[c]), acc[C + c] += Σ (x − shift[c])²: the moments about a shift (the first row), so
// that Σd² − (Σd)²/M does not cancel when |μ| ≫ σ.
__attribute__((export_name("bnMoments")))
void bnMoments(const float* x, int M, int C, const float* shift, double* acc) {
  for (int r0 = 0; r0 < M; r0 += BLOCK) {
    int r1 = r0 + BLOCK < M ? r0 + BLOCK : M;
    for (int c = 0; c < C; c += 4) {
      v128_t sh = wasm_v128_load(shift + c);
      v128_t s1 = wasm_f32x4_splat(0.0f), s2 = wasm_f32x4_splat(0.0f);
      const float* p = x + r0 * C + c;
      for (int r = r0; r < r1; r++, p += C) {
        v128_t d = wasm_f32x4_sub(wasm_v128_load(p), sh);
        s1 = wasm_f32x4_add(s1, d);
        s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(d, d));
      }
      add_f64(acc + c, s1);
      add_f64(acc + C + c, s2);
    }
  }
}

// y = (x − mean[c])·scale[c] + beta[c]
__attribute__((export_name("bnNormalize")))
void bnNormalize(const float* x, float* y, int M, int C, const float* mean, const float* scale, const float* beta) {
  for (int r = 0; r < M; r++) {
    const float* xr = x + r * C;
    float* yr = y + r * C;
    for (int c = 0; c < C; c += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(xr + c), wasm_v128_load(mean + c));
      wasm_v128_store(yr + c, wasm_f32x4_add(wasm_f32x4_mul(d, wasm_v128_load(scale + c)), wasm_v128_load(beta + c)));
    }
  }
}

// acc[c] += Σ dy, acc[C + c] += Σ dy·(x − mean[c])
__attribute__((export_name("bnGradSums")))
void bnGradSums(const float* dy, const float* x, int M, int C, const float* mean, double* acc) {
  for (int r0 = 0; r0 < M; r0 += BLOCK) {
    int r1 = r0 + BLOCK < M ? r0 + BLOCK : M;
    for (int c = 0; c < C; c += 4) {
      v128_t mu = wasm_v128_load(mean + c);
      v128_t s1 = wasm_f32x4_splat(0.0f), s2 = wasm_f32x4_splat(0.0f);
      const float* g = dy + r0 * C + c;
      const float* p = x + r0 * C + c;
      for (int r = r0; r < r1; r++, g += C, p += C) {
        v128_t gv = wasm_v128_load(g);
        s1 = wasm_f32x4_add(s1, gv);
        s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(gv, wasm_f32x4_sub(wasm_v128_load(p), mu)));
      }
      add_f64(acc + c, s1);
      add_f64(acc + C + c, s2);
    }
  }
}

// dx = k[c]·dy + a[c]·(x − mean[c]) + b[c]
__attribute__((export_name("bnGradInput")))
void bnGradInput(const float* dy, const float* x, float* dx, int M, int C, const float* mean, const float* k, const float* a, const float* b) {
  for (int r = 0; r < M; r++) {
    const float* g = dy + r * C;
    const float* p = x + r * C;
    float* o = dx + r * C;
    for (int c = 0; c < C; c += 4) {
      v128_t d = wasm_f32x4_sub(wasm_v128_load(p + c), wasm_v128_load(mean + c));
      v128_t v = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(k + c), wasm_v128_load(g + c)), wasm_f32x4_mul(wasm_v128_load(a + c), d));
      wasm_v128_store(o + c, wasm_f32x4_add(v, wasm_v128_load(b + c)));
    }
  }
}
