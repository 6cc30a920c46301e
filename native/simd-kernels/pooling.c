// MaxPoolGrad for unpadded 2×2 / 2 pooling in wasm SIMD128 on tfjs-backend-wasm's heap (pointers are byte
// offsets). x [B, H, W, C] is the pooling's input, y [B, OH, OW, C] its output, dy like y; dx like x gets dy at
// each window's first tap (scan order) equal to y and 0 at the window's other taps — tfjs-cpu's routing. Input
// rows or columns past the last window (odd H or W) are not written: the caller zeroes them.
#include <wasm_simd128.h>

// One output pixel's channels [c, c + 4): all four taps written, no branch.
static inline void window4(const float* x0, const float* x1, const float* x2, const float* x3, const float* y, const float* g,
                           float* d0, float* d1, float* d2, float* d3) {
  v128_t m = wasm_v128_load(y), gv = wasm_v128_load(g), zero = wasm_f32x4_splat(0.0f);
  v128_t e0 = wasm_f32x4_eq(wasm_v128_load(x0), m);
  v128_t taken = e0;
  v128_t e1 = wasm_v128_andnot(wasm_f32x4_eq(wasm_v128_load(x1), m), taken);
  taken = wasm_v128_or(taken, e1);
  v128_t e2 = wasm_v128_andnot(wasm_f32x4_eq(wasm_v128_load(x2), m), taken);
  taken = wasm_v128_or(taken, e2);
  v128_t e3 = wasm_v128_andnot(wasm_f32x4_eq(wasm_v128_load(x3), m), taken);
  wasm_v128_store(d0, wasm_v128_bitselect(gv, zero, e0));
  wasm_v128_store(d1, wasm_v128_bitselect(gv, zero, e1));
  wasm_v128_store(d2, wasm_v128_bitselect(gv, zero, e2));
  wasm_v128_store(d3, wasm_v128_bitselect(gv, zero, e3));
}

__attribute__((export_name("maxPoolGrad2x2")))
void maxPoolGrad2x2(const float* x, const float* y, const float* dy, float* dx, int B, int H, int W, int C, int OH, int OW) {
  const int row = W * C;
  for (int b = 0; b < B; b++) {
    for (int oy = 0; oy < OH; oy++) {
      const int top = (b * H + 2 * oy) * row;
      const int out = ((b * OH + oy) * OW) * C;
      for (int ox = 0; ox < OW; ox++) {
        const int a0 = top + 2 * ox * C, a1 = a0 + C, a2 = a0 + row, a3 = a2 + C;
        const int o = out + ox * C;
        if (C >= 4) {
          // Chunks of 4 channels; the last one overlaps the one before where C is no multiple of 4 (it rewrites
          // the same values).
          for (int c = 0;; c += 4) {
            if (c + 4 > C) c = C - 4;
            window4(x + a0 + c, x + a1 + c, x + a2 + c, x + a3 + c, y + o + c, dy + o + c, dx + a0 + c, dx + a1 + c, dx + a2 + c, dx + a3 + c);
            if (c + 4 >= C) break;
          }
        } else {
          for (int c = 0; c < C; c++) {
            const float m = y[o + c], g = dy[o + c];
            const int at = x[a0 + c] == m ? a0 : x[a1 + c] == m ? a1 : x[a2 + c] == m ? a2 : x[a3 + c] == m ? a3 : -1;
            dx[a0 + c] = at == a0 ? g : 0.0f;
            dx[a1 + c] = at == a1 ? g : 0.0f;
            dx[a2 + c] = at == a2 ? g : 0.0f;
            dx[a3 + c] = at == a3 ? g : 0.0f;
          }
        }
      }
    }
  }
}
