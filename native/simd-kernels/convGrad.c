// Conv2DBackpropFilter of a one-channel input (grayscale images: LeNet's first conv) in wasm SIMD128 on
// tfjs-backend-wasm's heap (pointers are byte offsets). XNNPACK packs a pixel-sized operand for every dW
// formulation (~3 ns a float), and with one input channel the GEMM's rows are nearly all padding; here dW is
// a row correlation instead, vectorized over output columns:
//   dW[ky, kx, 0, co] = Σ_(b, oy) Σ_ox x[b, oy + ky, ox + kx] · dyT[co, b, oy, ox]
// stride 1, no padding (the layer pads with PadV2 before the conv), dilation 1. Each (co, ky) pass walks dyT[co]
// once per group of five kx (LeNet's 5×5: once), the five dot products in f32x4 accumulators, flushed into f64
// every image.
#include <wasm_simd128.h>

// dst[c·rows + r] = src[r·C + c]: dY channel-major, so that each channel's rows are contiguous.
__attribute__((export_name("channelsFirst")))
void channelsFirst(const float* src, float* dst, int rows, int C) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < C; c++) dst[c * rows + r] = src[r * C + c];
}

static inline float hsum(v128_t v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}

// dW of taps kx0 .. kx0 + n − 1 (n ≤ 5) of row ky for output channel co. Always inlined with a literal n, so
// the accumulators past n (they read tap kx0 and are never stored) compile away.
static inline __attribute__((always_inline)) void tapGroup(const float* x, const float* dyc, float* dw, int B, int H, int W, int OH, int OW, int KW, int C,
                     int co, int ky, int kx0, int n) {
  const int k1 = n > 1 ? kx0 + 1 : kx0, k2 = n > 2 ? kx0 + 2 : kx0, k3 = n > 3 ? kx0 + 3 : kx0, k4 = n > 4 ? kx0 + 4 : kx0;
  double t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
  const int vecEnd = OW & ~3;
  for (int b = 0; b < B; b++) {
    v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0, a4 = a0;
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
    for (int oy = 0; oy < OH; oy++) {
      const float* xr = x + (b * H + oy + ky) * W;
      const float* d = dyc + (b * OH + oy) * OW;
      int ox = 0;
      for (; ox < vecEnd; ox += 4) {
        v128_t g = wasm_v128_load(d + ox);
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(g, wasm_v128_load(xr + ox + kx0)));
        a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(g, wasm_v128_load(xr + ox + k1)));
        a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(g, wasm_v128_load(xr + ox + k2)));
        a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(g, wasm_v128_load(xr + ox + k3)));
        a4 = wasm_f32x4_add(a4, wasm_f32x4_mul(g, wasm_v128_load(xr + ox + k4)));
      }
      for (; ox < OW; ox++) {
        const float g = d[ox];
        s0 += g * xr[ox + kx0];
        s1 += g * xr[ox + k1];
        s2 += g * xr[ox + k2];
        s3 += g * xr[ox + k3];
        s4 += g * xr[ox + k4];
      }
    }
    t0 += (double)hsum(a0) + s0;
    t1 += (double)hsum(a1) + s1;
    t2 += (double)hsum(a2) + s2;
    t3 += (double)hsum(a3) + s3;
    t4 += (double)hsum(a4) + s4;
  }
  float* out = dw + (ky * KW + kx0) * C + co;
  out[0] = (float)t0;
  if (n > 1) out[C] = (float)t1;
  if (n > 2) out[2 * C] = (float)t2;
  if (n > 3) out[3 * C] = (float)t3;
  if (n > 4) out[4 * C] = (float)t4;
}

// x [B, H, W] (one channel), dyT [C, B, OH, OW] (channelsFirst of dY), dw [KH, KW, 1, C].
__attribute__((export_name("filterGradOneChannel")))
void filterGradOneChannel(const float* x, const float* dyT, float* dw, int B, int H, int W, int OH, int OW, int KH, int KW, int C) {
  for (int co = 0; co < C; co++) {
    const float* dyc = dyT + co * B * OH * OW;
    for (int ky = 0; ky < KH; ky++)
      for (int kx0 = 0; kx0 < KW; kx0 += 5) {
        switch (KW - kx0) {
          case 1: tapGroup(x, dyc, dw, B, H, W, OH, OW, KW, C, co, ky, kx0, 1); break;
          case 2: tapGroup(x, dyc, dw, B, H, W, OH, OW, KW, C, co, ky, kx0, 2); break;
          case 3: tapGroup(x, dyc, dw, B, H, W, OH, OW, KW, C, co, ky, kx0, 3); break;
          case 4: tapGroup(x, dyc, dw, B, H, W, OH, OW, KW, C, co, ky, kx0, 4); break;
          default: tapGroup(x, dyc, dw, B, H, W, OH, OW, KW, C, co, ky, kx0, 5); break;
        }
      }
  }
}
