// Conv2DBackpropFilter of a one-channel input (grayscale images: LeNet's first conv) in wasm SIMD128 on
// tfjs-backend-wasm's heap (pointers are byte offsets). XNNPACK packs a pixel-sized operand for every dW
// formulation (~3 ns a float), and with one input channel the GEMM's rows are nearly all padding; here dW is
// a row correlation instead, vectorized over output columns:
//   dW[ky, kx, 0, co] = Σ_(b, oy) Σ_ox x[b, oy + ky, ox + kx] · dyT[co, b, oy, ox]
// stride 1, no padding (the layer pads with PadV2 before the conv), dilation 1. Each (co, ky) pass walks dyT[co]
// once per group of five kx (LeNet's 5×5: once), the five dot products in f32x4 accumulators, flushed into f64
// every image.
#include "madd.h"

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
        a0 = MADD(a0, g, wasm_v128_load(xr + ox + kx0));
        a1 = MADD(a1, g, wasm_v128_load(xr + ox + k1));
        a2 = MADD(a2, g, wasm_v128_load(xr + ox + k2));
        a3 = MADD(a3, g, wasm_v128_load(xr + ox + k3));
        a4 = MADD(a4, g, wasm_v128_load(xr + ox + k4));
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

// One (ky, ci, 8 output channels, kx0 .. kx0 + n − 1) pass of filterGradValid over images [b0, b1): 2·n f32x4
// accumulators (dW[ky, kx, ci, c8 .. c8 + 7] for each kx), each output pixel's 8 dY values loaded once and
// multiplied by n broadcast x values. Always inlined with a literal n (≤ 5): the accumulators past n compile away.
static inline __attribute__((always_inline)) void validPass(const float* x, const float* dy, float* dw, int b0, int b1, int H, int W, int Ci,
                                                            int OH, int OW, int Co, int KW, int ky, int ci, int c8, int kx0, int n) {
  float* w0 = dw + ((ky * KW + kx0) * Ci + ci) * Co + c8;
  const int tap = Ci * Co; // dW's stride from kx to kx + 1
  v128_t p0 = wasm_v128_load(w0), q0 = wasm_v128_load(w0 + 4);
  v128_t p1 = n > 1 ? wasm_v128_load(w0 + tap) : p0, q1 = n > 1 ? wasm_v128_load(w0 + tap + 4) : q0;
  v128_t p2 = n > 2 ? wasm_v128_load(w0 + 2 * tap) : p0, q2 = n > 2 ? wasm_v128_load(w0 + 2 * tap + 4) : q0;
  v128_t p3 = n > 3 ? wasm_v128_load(w0 + 3 * tap) : p0, q3 = n > 3 ? wasm_v128_load(w0 + 3 * tap + 4) : q0;
  v128_t p4 = n > 4 ? wasm_v128_load(w0 + 4 * tap) : p0, q4 = n > 4 ? wasm_v128_load(w0 + 4 * tap + 4) : q0;
  for (int b = b0; b < b1; b++)
    for (int oy = 0; oy < OH; oy++) {
      const float* d = dy + ((b * OH + oy) * OW) * Co + c8;
      const float* xr = x + ((b * H + oy + ky) * W + kx0) * Ci + ci;
      for (int ox = 0; ox < OW; ox++, d += Co, xr += Ci) {
        const v128_t d0 = wasm_v128_load(d), d1 = wasm_v128_load(d + 4);
        v128_t v = wasm_v128_load32_splat(xr);
        p0 = MADD(p0, v, d0); q0 = MADD(q0, v, d1);
        if (n > 1) { v = wasm_v128_load32_splat(xr + Ci); p1 = MADD(p1, v, d0); q1 = MADD(q1, v, d1); }
        if (n > 2) { v = wasm_v128_load32_splat(xr + 2 * Ci); p2 = MADD(p2, v, d0); q2 = MADD(q2, v, d1); }
        if (n > 3) { v = wasm_v128_load32_splat(xr + 3 * Ci); p3 = MADD(p3, v, d0); q3 = MADD(q3, v, d1); }
        if (n > 4) { v = wasm_v128_load32_splat(xr + 4 * Ci); p4 = MADD(p4, v, d0); q4 = MADD(q4, v, d1); }
      }
    }
  wasm_v128_store(w0, p0); wasm_v128_store(w0 + 4, q0);
  if (n > 1) { wasm_v128_store(w0 + tap, p1); wasm_v128_store(w0 + tap + 4, q1); }
  if (n > 2) { wasm_v128_store(w0 + 2 * tap, p2); wasm_v128_store(w0 + 2 * tap + 4, q2); }
  if (n > 3) { wasm_v128_store(w0 + 3 * tap, p3); wasm_v128_store(w0 + 3 * tap + 4, q3); }
  if (n > 4) { wasm_v128_store(w0 + 4 * tap, p4); wasm_v128_store(w0 + 4 * tap + 4, q4); }
}

// Conv2DBackpropFilter of a small unpadded stride-1 conv (LeNet's second: 6 → 16 channels, 5×5, 10×10 out),
// channels last throughout: dW[ky, kx, ci, co] += Σ_(b, oy, ox) x[b, oy + ky, ox + kx, ci] · dy[b, oy, ox, co],
// Co a multiple of 8, dw zeroed by the caller. Images go in blocks of `block` (sized by the caller to stay in
// L2), and each block is walked once per (ky, ci, 8 channels, 5 taps) with the dW values in registers.
__attribute__((export_name("filterGradValid")))
void filterGradValid(const float* x, const float* dy, float* dw, int B, int H, int W, int Ci, int OH, int OW, int Co, int KH, int KW, int block) {
  for (int b0 = 0; b0 < B; b0 += block) {
    const int b1 = b0 + block < B ? b0 + block : B;
    for (int ky = 0; ky < KH; ky++)
      for (int ci = 0; ci < Ci; ci++)
        for (int c8 = 0; c8 < Co; c8 += 8)
          for (int kx0 = 0; kx0 < KW; kx0 += 5) {
            switch (KW - kx0) {
              case 1: validPass(x, dy, dw, b0, b1, H, W, Ci, OH, OW, Co, KW, ky, ci, c8, kx0, 1); break;
              case 2: validPass(x, dy, dw, b0, b1, H, W, Ci, OH, OW, Co, KW, ky, ci, c8, kx0, 2); break;
              case 3: validPass(x, dy, dw, b0, b1, H, W, Ci, OH, OW, Co, KW, ky, ci, c8, kx0, 3); break;
              case 4: validPass(x, dy, dw, b0, b1, H, W, Ci, OH, OW, Co, KW, ky, ci, c8, kx0, 4); break;
              default: validPass(x, dy, dw, b0, b1, H, W, Ci, OH, OW, Co, KW, ky, ci, c8, kx0, 5); break;
            }
          }
  }
}

// dst [B, top + H + bottom, left + W + right, C] = src [B, H, W, C] with zero borders: the padded input of a
// same-padded conv, so that the dW passes below read every tap in range (no edge branches in the inner loop).
__attribute__((export_name("padChannelsLast")))
void padChannelsLast(const float* src, float* dst, int B, int H, int W, int C, int top, int bottom, int left, int right) {
  const int Wp = left + W + right, rowFloats = W * C, rowPadded = Wp * C;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int b = 0; b < B; b++)
    for (int yp = 0; yp < top + H + bottom; yp++) {
      float* d = dst + (b * (top + H + bottom) + yp) * rowPadded;
      const int y = yp - top;
      if (y < 0 || y >= H) {
        int i = 0;
        for (; i + 4 <= rowPadded; i += 4) wasm_v128_store(d + i, zero);
        for (; i < rowPadded; i++) d[i] = 0;
        continue;
      }
      for (int i = 0; i < left * C; i++) d[i] = 0;
      const float* s = src + (b * H + y) * rowFloats;
      float* o = d + left * C;
      int i = 0;
      for (; i + 4 <= rowFloats; i += 4) wasm_v128_store(o + i, wasm_v128_load(s + i));
      for (; i < rowFloats; i++) o[i] = s[i];
      for (int j = (left + W) * C; j < rowPadded; j++) d[j] = 0;
    }
}

// One (ky, ci .. ci + m − 1, 8 output channels, kx0 .. kx0 + n − 1) pass over images [b0, b1): 2·m·n f32x4
// accumulators (m ≤ 2 channels × n ≤ 3 taps × 8 outputs: 12 of x86's 16 vector registers), each output pixel's
// 8 dY values loaded once for m·n broadcast x values — twice validPass's multiply-adds per dY load, for 3×3
// filters. Always inlined with literal m and n: the accumulators past them compile away.
static inline __attribute__((always_inline)) void pairPass(const float* x, const float* dy, float* dw, int b0, int b1, int H, int W, int Ci,
                                                           int OH, int OW, int Co, int KW, int SY, int SX, int ky, int ci, int c8, int kx0, int m, int n) {
  float* w0 = dw + ((ky * KW + kx0) * Ci + ci) * Co + c8;
  const int tap = Ci * Co;
  const int ch = m > 1 ? Co : 0; // dW's stride from ci to ci + 1 (0: the second channel is never stored)
  // The first block starts from zero (dW need not be cleared, and a part run again gives the same dW).
#define START(off) (b0 == 0 ? wasm_f32x4_splat(0.0f) : wasm_v128_load(w0 + (off)))
  v128_t p00 = START(0), q00 = START(4);
  v128_t p01 = n > 1 ? START(tap) : p00, q01 = n > 1 ? START(tap + 4) : q00;
  v128_t p02 = n > 2 ? START(2 * tap) : p00, q02 = n > 2 ? START(2 * tap + 4) : q00;
  v128_t p10 = m > 1 ? START(ch) : p00, q10 = m > 1 ? START(ch + 4) : q00;
  v128_t p11 = m > 1 && n > 1 ? START(ch + tap) : p00, q11 = m > 1 && n > 1 ? START(ch + tap + 4) : q00;
  v128_t p12 = m > 1 && n > 2 ? START(ch + 2 * tap) : p00, q12 = m > 1 && n > 2 ? START(ch + 2 * tap + 4) : q00;
#undef START
  for (int b = b0; b < b1; b++)
    for (int oy = 0; oy < OH; oy++) {
      const float* d = dy + ((b * OH + oy) * OW) * Co + c8;
      const float* xr = x + ((b * H + oy * SY + ky) * W + kx0) * Ci + ci;
      for (int ox = 0; ox < OW; ox++, d += Co, xr += SX * Ci) {
        const v128_t d0 = wasm_v128_load(d), d1 = wasm_v128_load(d + 4);
        v128_t v = wasm_v128_load32_splat(xr);
        p00 = MADD(p00, v, d0); q00 = MADD(q00, v, d1);
        if (n > 1) { v = wasm_v128_load32_splat(xr + Ci); p01 = MADD(p01, v, d0); q01 = MADD(q01, v, d1); }
        if (n > 2) { v = wasm_v128_load32_splat(xr + 2 * Ci); p02 = MADD(p02, v, d0); q02 = MADD(q02, v, d1); }
        if (m > 1) {
          v = wasm_v128_load32_splat(xr + 1); p10 = MADD(p10, v, d0); q10 = MADD(q10, v, d1);
          if (n > 1) { v = wasm_v128_load32_splat(xr + Ci + 1); p11 = MADD(p11, v, d0); q11 = MADD(q11, v, d1); }
          if (n > 2) { v = wasm_v128_load32_splat(xr + 2 * Ci + 1); p12 = MADD(p12, v, d0); q12 = MADD(q12, v, d1); }
        }
      }
    }
  wasm_v128_store(w0, p00); wasm_v128_store(w0 + 4, q00);
  if (n > 1) { wasm_v128_store(w0 + tap, p01); wasm_v128_store(w0 + tap + 4, q01); }
  if (n > 2) { wasm_v128_store(w0 + 2 * tap, p02); wasm_v128_store(w0 + 2 * tap + 4, q02); }
  if (m > 1) {
    wasm_v128_store(w0 + ch, p10); wasm_v128_store(w0 + ch + 4, q10);
    if (n > 1) { wasm_v128_store(w0 + ch + tap, p11); wasm_v128_store(w0 + ch + tap + 4, q11); }
    if (n > 2) { wasm_v128_store(w0 + ch + 2 * tap, p12); wasm_v128_store(w0 + ch + 2 * tap + 4, q12); }
  }
}

// dW of a narrow-filter conv with strides SY, SX (ResNet's 3×3 and 1×1, on the input padded by
// padChannelsLast, so every tap is in range): dW[ky, kx, ci, co] = Σ x[b, oy·SY + ky, ox·SX + kx, ci] · dy[b, oy, ox, co]
// for input channels [ci0, ci1) only — so that threads can split one dW — with two channels × three taps a pass (pairPass). dW's
// rows of those channels are written, not added to.
__attribute__((export_name("filterGradValidPairs")))
void filterGradValidPairs(const float* x, const float* dy, float* dw, int B, int H, int W, int Ci, int OH, int OW, int Co, int KH, int KW, int SY, int SX,
                          int block, int ci0, int ci1) {
  for (int b0 = 0; b0 < B; b0 += block) {
    const int b1 = b0 + block < B ? b0 + block : B;
    for (int ky = 0; ky < KH; ky++)
      for (int ci = ci0; ci < ci1; ci += 2)
        for (int c8 = 0; c8 < Co; c8 += 8)
          for (int kx0 = 0; kx0 < KW; kx0 += 3) {
            const int taps = KW - kx0 < 3 ? KW - kx0 : 3;
            const int pair = ci + 1 < ci1;
            switch (taps + 3 * pair) {
              case 1: pairPass(x, dy, dw, b0, b1, H, W, Ci, OH, OW, Co, KW, SY, SX, ky, ci, c8, kx0, 1, 1); break;
              case 2: pairPass(x, dy, dw, b0, b1, H, W, Ci, OH, OW, Co, KW, SY, SX, ky, ci, c8, kx0, 1, 2); break;
              case 3: pairPass(x, dy, dw, b0, b1, H, W, Ci, OH, OW, Co, KW, SY, SX, ky, ci, c8, kx0, 1, 3); break;
              case 4: pairPass(x, dy, dw, b0, b1, H, W, Ci, OH, OW, Co, KW, SY, SX, ky, ci, c8, kx0, 2, 1); break;
              case 5: pairPass(x, dy, dw, b0, b1, H, W, Ci, OH, OW, Co, KW, SY, SX, ky, ci, c8, kx0, 2, 2); break;
              default: pairPass(x, dy, dw, b0, b1, H, W, Ci, OH, OW, Co, KW, SY, SX, ky, ci, c8, kx0, 2, 3); break;
            }
          }
  }
}

// dst[b, sy·j + ry, sx·i + rx, :] = src[b, j, i, :] for j < rows, i < cols: one stride phase of a strided conv's
// dX (computed as a stride-1 conv, wasmConvGradKernels.ts) scattered into place, C floats a pixel (a JS
// subarray copy a pixel took ~13 ms of ResNet-20 b128's 17.7 ms stride-2 dX).
__attribute__((export_name("scatterPhase")))
void scatterPhase(const float* src, float* dst, int B, int rows, int cols, int H, int W, int C, int sy, int sx, int ry, int rx) {
  const int vecEnd = C & ~3;
  for (int b = 0; b < B; b++)
    for (int j = 0; j < rows; j++) {
      const float* s = src + ((long)(b * rows + j) * cols) * C;
      float* d = dst + ((long)(b * H + sy * j + ry) * W + rx) * C;
      for (int i = 0; i < cols; i++, s += C, d += sx * C) {
        int c = 0;
        for (; c < vecEnd; c += 4) wasm_v128_store(d + c, wasm_v128_load(s + c));
        for (; c < C; c++) d[c] = s[c];
      }
    }
}
