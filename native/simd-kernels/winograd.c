// 3×3 stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray, "Fast Algorithms for
// Convolutional Neural Networks", 2016), channels last, on tfjs-backend-wasm's heap (pointers are byte offsets):
//   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d Bᵀᵀ) ] A   for each 2×2 output tile, summed over input channels,
// i.e. 16 GEMMs of [tiles × Ci] · [Ci × Co] — 16·Ci·Co multiply-adds a tile where the direct conv does 36·Ci·Co.
// It serves ResNet's 3×3 'same' convs forward and their input gradient (a 3×3 stride-1 conv of dY with the filter
// rotated 180° and its channels swapped: winogradFilter's flip). Tiles go in blocks that stay in L2: the block's
// inputs transformed into V [16][T][Ci], the 16 GEMMs into M [16][T][Co] (4 tiles × 8 outputs in registers), then
// M transformed out into Y with the bias and a ReLU.
// ResNet-20 b128's stage-3 conv (8×8×64 → 64) on one thread: 9.4 ms with 6 tiles × 8 outputs in registers (12
// accumulators: V8 spills on x64's 16 vector registers), 5.6 with 4 × 8; XNNPACK's direct conv on two threads 7.1.
#include "madd.h"

// u [16][A][Bc] = G g Gᵀ for every (a, b) pair, G = [[1, 0, 0], [½, ½, ½], [½, −½, ½], [0, 0, 1]]:
//   flip 0: g[ky][kx] = w[ky, kx, a, b] with w [3, 3, Ci, Co] (A = Ci, Bc = Co): the forward conv's filter;
//   flip 1: g[ky][kx] = w[2 − ky, 2 − kx, b, a] (A = Co, Bc = Ci): the input gradient's.
__attribute__((export_name("winogradFilter")))
void winogradFilter(const float* w, float* u, int Ci, int Co, int flip) {
  const int A = flip ? Co : Ci, Bc = flip ? Ci : Co;
  for (int a = 0; a < A; a++)
    for (int b = 0; b < Bc; b++) {
      float g[3][3];
      for (int ky = 0; ky < 3; ky++)
        for (int kx = 0; kx < 3; kx++)
          g[ky][kx] = flip ? w[((2 - ky) * 3 + (2 - kx)) * Ci * Co + b * Co + a] : w[(ky * 3 + kx) * Ci * Co + a * Co + b];
      float t[4][3]; // G g
      for (int kx = 0; kx < 3; kx++) {
        t[0][kx] = g[0][kx];
        t[1][kx] = 0.5f * (g[0][kx] + g[1][kx] + g[2][kx]);
        t[2][kx] = 0.5f * (g[0][kx] - g[1][kx] + g[2][kx]);
        t[3][kx] = g[2][kx];
      }
      for (int i = 0; i < 4; i++) { // (G g) Gᵀ
        float* o = u + (i * 4) * A * Bc + a * Bc + b;
        const int xi = A * Bc;
        o[0] = t[i][0];
        o[xi] = 0.5f * (t[i][0] + t[i][1] + t[i][2]);
        o[2 * xi] = 0.5f * (t[i][0] - t[i][1] + t[i][2]);
        o[3 * xi] = t[i][2];
      }
    }
}

// n rows of the block's V [T][Ci] (one of the 16) times U [Ci][Co], columns co .. co + 7, into M [T][Co]:
// n ≤ 4 tiles × 8 outputs in 8 accumulators, each U row loaded once for n broadcast V values. Always inlined
// with a literal n: the accumulators past it compile away.
static inline __attribute__((always_inline)) void gemmRows(const float* v, const float* u, float* m, int Ci, int Co, int co, int n) {
  const v128_t z = wasm_f32x4_splat(0.0f);
  v128_t p0 = z, q0 = z, p1 = z, q1 = z, p2 = z, q2 = z, p3 = z, q3 = z;
  const float* ur = u + co;
  for (int k = 0; k < Ci; k++, ur += Co) {
    const v128_t u0 = wasm_v128_load(ur), u1 = wasm_v128_load(ur + 4);
    v128_t s = wasm_v128_load32_splat(v + k);
    p0 = MADD(p0, s, u0); q0 = MADD(q0, s, u1);
    if (n > 1) { s = wasm_v128_load32_splat(v + Ci + k); p1 = MADD(p1, s, u0); q1 = MADD(q1, s, u1); }
    if (n > 2) { s = wasm_v128_load32_splat(v + 2 * Ci + k); p2 = MADD(p2, s, u0); q2 = MADD(q2, s, u1); }
    if (n > 3) { s = wasm_v128_load32_splat(v + 3 * Ci + k); p3 = MADD(p3, s, u0); q3 = MADD(q3, s, u1); }
  }
  float* o = m + co;
  wasm_v128_store(o, p0); wasm_v128_store(o + 4, q0);
  if (n > 1) { wasm_v128_store(o + Co, p1); wasm_v128_store(o + Co + 4, q1); }
  if (n > 2) { wasm_v128_store(o + 2 * Co, p2); wasm_v128_store(o + 2 * Co + 4, q2); }
  if (n > 3) { wasm_v128_store(o + 3 * Co, p3); wasm_v128_store(o + 3 * Co + 4, q3); }
}

// Bᵀ t B's row (or column) step, Bᵀ = [[1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, 1, 0, −1]].
#define BT(d0, d1, d2, d3, o0, o1, o2, o3) \
  o0 = wasm_f32x4_sub(d0, d2); o1 = wasm_f32x4_add(d1, d2); o2 = wasm_f32x4_sub(d2, d1); o3 = wasm_f32x4_sub(d1, d3);

// V [16][T][Ci] = Bᵀ d B of tiles tb .. tb + n − 1 (d: x's 4×4 patch from (2·ty − padT, 2·tx − padL), zero
// outside x), four channels at a time.
static void inputTransform(const float* x, float* V, int H, int W, int Ci, int TH, int TW, int padT, int padL, int T, int tb, int n) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int tt = 0; tt < n; tt++) {
    const int t = tb + tt, b = t / (TH * TW), ty = (t / TW) % TH, tx = t % TW;
    const int y0 = 2 * ty - padT, x0 = 2 * tx - padL;
    const float* xb = x + (long)b * H * W * Ci;
    int rowOk[4], colOk[4];
    for (int i = 0; i < 4; i++) { rowOk[i] = y0 + i >= 0 && y0 + i < H; colOk[i] = x0 + i >= 0 && x0 + i < W; }
    // Most tiles lie inside x: their patches load without a check a value.
    const int inside = y0 >= 0 && y0 + 4 <= H && x0 >= 0 && x0 + 4 <= W;
    for (int c = 0; c < Ci; c += 4) {
      v128_t r[4][4];
      for (int i = 0; i < 4; i++) {
        v128_t d[4];
        const float* row = xb + ((y0 + i) * W + x0) * Ci + c;
        if (inside) for (int j = 0; j < 4; j++) d[j] = wasm_v128_load(row + j * Ci);
        else for (int j = 0; j < 4; j++) d[j] = rowOk[i] && colOk[j] ? wasm_v128_load(row + j * Ci) : zero;
        BT(d[0], d[1], d[2], d[3], r[i][0], r[i][1], r[i][2], r[i][3]);
      }
      float* o = V + tt * Ci + c;
      const int xi = T * Ci; // V's stride from one of the 16 to the next
      for (int j = 0; j < 4; j++) {
        v128_t v0, v1, v2, v3;
        BT(r[0][j], r[1][j], r[2][j], r[3][j], v0, v1, v2, v3);
        wasm_v128_store(o + j * xi, v0);
        wasm_v128_store(o + (4 + j) * xi, v1);
        wasm_v128_store(o + (8 + j) * xi, v2);
        wasm_v128_store(o + (12 + j) * xi, v3);
      }
    }
  }
}

// y [B, OH, OW, Co] = the conv of x [B, H, W, Ci] with the filter u (winogradFilter), stride 1, pads padT / padL
// (the input read at oy − padT + ky, zero outside), plus bias [Co] where bias ≠ 0, then max(·, 0) where relu —
// for output tiles [t0, t1) only (tiles row-major over (b, ⌈OH/2⌉, ⌈OW/2⌉)), so that threads can split one conv.
// Ci % 4 = 0, Co % 8 = 0; scratch holds 16·T·(Ci + Co) floats of this part's own.
__attribute__((export_name("winogradConv3x3")))
void winogradConv3x3(const float* x, const float* u, const float* bias, float* y, float* scratch, int H, int W, int Ci, int OH, int OW,
                     int Co, int padT, int padL, int relu, int T, int t0, int t1) {
  const int TH = (OH + 1) / 2, TW = (OW + 1) / 2;
  float* V = scratch;
  float* M = scratch + 16 * T * Ci;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int tb = t0; tb < t1; tb += T) {
    const int n = t1 - tb < T ? t1 - tb : T;
    inputTransform(x, V, H, W, Ci, TH, TW, padT, padL, T, tb, n);
    // The 16 GEMMs.
    for (int e = 0; e < 16; e++) {
      const float* v = V + e * T * Ci;
      const float* ue = u + e * Ci * Co;
      float* m = M + e * T * Co;
      for (int co = 0; co < Co; co += 8) {
        int r = 0;
        for (; r + 4 <= n; r += 4) gemmRows(v + r * Ci, ue, m + r * Co, Ci, Co, co, 4);
        switch (n - r) {
          case 1: gemmRows(v + r * Ci, ue, m + r * Co, Ci, Co, co, 1); break;
          case 2: gemmRows(v + r * Ci, ue, m + r * Co, Ci, Co, co, 2); break;
          case 3: gemmRows(v + r * Ci, ue, m + r * Co, Ci, Co, co, 3); break;
          default: break;
        }
      }
    }
    // Output transform, Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]], four outputs at a time; edge tiles of an odd size
    // store only their rows and columns inside y.
    for (int tt = 0; tt < n; tt++) {
      const int t = tb + tt, b = t / (TH * TW), ty = (t / TW) % TH, tx = t % TW;
      const int oy = 2 * ty, ox = 2 * tx;
      const int two_y = oy + 1 < OH, two_x = ox + 1 < OW;
      float* yb = y + (((long)b * OH + oy) * OW + ox) * Co;
      const int xi = T * Co;
      for (int c = 0; c < Co; c += 4) {
        const float* mm = M + tt * Co + c;
        v128_t s0[4], s1[4];
        for (int j = 0; j < 4; j++) {
          const v128_t m0 = wasm_v128_load(mm + j * xi), m1 = wasm_v128_load(mm + (4 + j) * xi);
          const v128_t m2 = wasm_v128_load(mm + (8 + j) * xi), m3 = wasm_v128_load(mm + (12 + j) * xi);
          s0[j] = wasm_f32x4_add(wasm_f32x4_add(m0, m1), m2);
          s1[j] = wasm_f32x4_sub(wasm_f32x4_sub(m1, m2), m3);
        }
        const v128_t bv = bias ? wasm_v128_load(bias + c) : zero;
        v128_t y00 = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(s0[0], s0[1]), s0[2]), bv);
        v128_t y01 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_sub(s0[1], s0[2]), s0[3]), bv);
        v128_t y10 = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(s1[0], s1[1]), s1[2]), bv);
        v128_t y11 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_sub(s1[1], s1[2]), s1[3]), bv);
        if (relu) { y00 = wasm_f32x4_max(y00, zero); y01 = wasm_f32x4_max(y01, zero); y10 = wasm_f32x4_max(y10, zero); y11 = wasm_f32x4_max(y11, zero); }
        wasm_v128_store(yb + c, y00);
        if (two_x) wasm_v128_store(yb + Co + c, y01);
        if (two_y) {
          wasm_v128_store(yb + OW * Co + c, y10);
          if (two_x) wasm_v128_store(yb + (OW + 1) * Co + c, y11);
        }
      }
    }
  }
}

// The weight gradient by F(3×3, 2×2), the transpose of the forward's F(2×2, 3×3) (Σ_k dy_k·y_k written both ways):
//   dW = Gᵀ [ Σ_tiles (A dy Aᵀ) ⊙ (Bᵀ d B) ] G   per (ci, co), A = (Aᵀ)ᵀ, d the tile's 4×4 input patch,
// i.e. 16 GEMMs [Ci × tiles] · [tiles × Co] summed into mPart [16][Ci][Co] (4 channels × 8 outputs in registers),
// for dY tiles [t0, t1) only: each part sums its own mPart, winogradFilterGradOut adds them up. Ci % 4 = 0,
// Co % 8 = 0; scratch holds 16·T·(Ci + Co) floats of this part's own.
__attribute__((export_name("winogradFilterGrad")))
void winogradFilterGrad(const float* x, const float* dy, float* mPart, float* scratch, int H, int W, int Ci, int OH, int OW, int Co, int padT, int padL,
                        int T, int t0, int t1) {
  const int TH = (OH + 1) / 2, TW = (OW + 1) / 2;
  float* V = scratch;
  float* D = scratch + 16 * T * Ci;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int tb = t0; tb < t1; tb += T) {
    const int n = t1 - tb < T ? t1 - tb : T;
    inputTransform(x, V, H, W, Ci, TH, TW, padT, padL, T, tb, n);
    // D [16][T][Co] = A e Aᵀ of each 2×2 dY tile e (zero past dY's edge), A's rows (1, 0), (1, 1), (1, −1), (0, −1).
    for (int tt = 0; tt < n; tt++) {
      const int t = tb + tt, b = t / (TH * TW), ty = (t / TW) % TH, tx = t % TW;
      const int oy = 2 * ty, ox = 2 * tx, two_y = oy + 1 < OH, two_x = ox + 1 < OW;
      const float* e = dy + (((long)b * OH + oy) * OW + ox) * Co;
      const int xi = T * Co;
      for (int c = 0; c < Co; c += 4) {
        const v128_t e00 = wasm_v128_load(e + c), e01 = two_x ? wasm_v128_load(e + Co + c) : zero;
        const v128_t e10 = two_y ? wasm_v128_load(e + OW * Co + c) : zero, e11 = two_y && two_x ? wasm_v128_load(e + (OW + 1) * Co + c) : zero;
        const v128_t col0[4] = { e00, wasm_f32x4_add(e00, e10), wasm_f32x4_sub(e00, e10), wasm_f32x4_neg(e10) };
        const v128_t col1[4] = { e01, wasm_f32x4_add(e01, e11), wasm_f32x4_sub(e01, e11), wasm_f32x4_neg(e11) };
        float* o = D + tt * Co + c;
        for (int i = 0; i < 4; i++) {
          wasm_v128_store(o + (4 * i) * xi, col0[i]);
          wasm_v128_store(o + (4 * i + 1) * xi, wasm_f32x4_add(col0[i], col1[i]));
          wasm_v128_store(o + (4 * i + 2) * xi, wasm_f32x4_sub(col0[i], col1[i]));
          wasm_v128_store(o + (4 * i + 3) * xi, wasm_f32x4_neg(col1[i]));
        }
      }
    }
    // mPart[e][ci][co] (+)= Σ_tt V[e][tt][ci] · D[e][tt][co]; the part's first block starts from zero.
    for (int e = 0; e < 16; e++) {
      const float* v = V + e * T * Ci;
      const float* d = D + e * T * Co;
      for (int ci = 0; ci < Ci; ci += 4)
        for (int co = 0; co < Co; co += 8) {
          float* m = mPart + (e * Ci + ci) * Co + co;
          const int first = tb == t0;
          v128_t p0 = first ? zero : wasm_v128_load(m), q0 = first ? zero : wasm_v128_load(m + 4);
          v128_t p1 = first ? zero : wasm_v128_load(m + Co), q1 = first ? zero : wasm_v128_load(m + Co + 4);
          v128_t p2 = first ? zero : wasm_v128_load(m + 2 * Co), q2 = first ? zero : wasm_v128_load(m + 2 * Co + 4);
          v128_t p3 = first ? zero : wasm_v128_load(m + 3 * Co), q3 = first ? zero : wasm_v128_load(m + 3 * Co + 4);
          const float* vr = v + ci;
          const float* dr = d + co;
          for (int k = 0; k < n; k++, vr += Ci, dr += Co) {
            const v128_t d0 = wasm_v128_load(dr), d1 = wasm_v128_load(dr + 4);
            v128_t s = wasm_v128_load32_splat(vr);
            p0 = MADD(p0, s, d0); q0 = MADD(q0, s, d1);
            s = wasm_v128_load32_splat(vr + 1); p1 = MADD(p1, s, d0); q1 = MADD(q1, s, d1);
            s = wasm_v128_load32_splat(vr + 2); p2 = MADD(p2, s, d0); q2 = MADD(q2, s, d1);
            s = wasm_v128_load32_splat(vr + 3); p3 = MADD(p3, s, d0); q3 = MADD(q3, s, d1);
          }
          wasm_v128_store(m, p0); wasm_v128_store(m + 4, q0);
          wasm_v128_store(m + Co, p1); wasm_v128_store(m + Co + 4, q1);
          wasm_v128_store(m + 2 * Co, p2); wasm_v128_store(m + 2 * Co + 4, q2);
          wasm_v128_store(m + 3 * Co, p3); wasm_v128_store(m + 3 * Co + 4, q3);
        }
    }
  }
}

// dw [3, 3, Ci, Co] = Gᵀ (Σ of the parts' mParts [parts][16][Ci][Co]) G, Gᵀ = [[1, ½, ½, 0], [0, ½, −½, 0], [0, ½, ½, 1]],
// four outputs at a time (Co % 4 = 0).
__attribute__((export_name("winogradFilterGradOut")))
void winogradFilterGradOut(const float* mParts, int parts, float* dw, int Ci, int Co) {
  const int xi = Ci * Co;
  const v128_t half = wasm_f32x4_splat(0.5f);
  for (int ci = 0; ci < Ci; ci++)
    for (int co = 0; co < Co; co += 4) {
      v128_t m[16];
      for (int e = 0; e < 16; e++) {
        const float* src = mParts + e * xi + ci * Co + co;
        v128_t sum = wasm_v128_load(src);
        for (int p = 1; p < parts; p++) sum = wasm_f32x4_add(sum, wasm_v128_load(src + p * 16 * xi));
        m[e] = sum;
      }
      v128_t r[3][4]; // Gᵀ m, row by row
      for (int j = 0; j < 4; j++) {
        const v128_t h1 = wasm_f32x4_mul(half, m[4 + j]), h2 = wasm_f32x4_mul(half, m[8 + j]);
        r[0][j] = wasm_f32x4_add(wasm_f32x4_add(m[j], h1), h2);
        r[1][j] = wasm_f32x4_sub(h1, h2);
        r[2][j] = wasm_f32x4_add(wasm_f32x4_add(h1, h2), m[12 + j]);
      }
      for (int ky = 0; ky < 3; ky++) { // (Gᵀ m) G
        const v128_t h1 = wasm_f32x4_mul(half, r[ky][1]), h2 = wasm_f32x4_mul(half, r[ky][2]);
        float* o = dw + (ky * 3) * xi + ci * Co + co;
        wasm_v128_store(o, wasm_f32x4_add(wasm_f32x4_add(r[ky][0], h1), h2));
        wasm_v128_store(o + xi, wasm_f32x4_sub(h1, h2));
        wasm_v128_store(o + 2 * xi, wasm_f32x4_add(wasm_f32x4_add(h1, h2), r[ky][3]));
      }
    }
}
