// The batch-norm training step over channels-last data viewed as [M, C] (M = N·H·W rows), two passes each way.
// Forward: per-channel mean and biased variance in one pass, then y = γ·(x − μ)/√(σ² + ε) + β.
// Backward, closed form (Ioffe & Szegedy 2015, with x̂ = (x − μ)/√(σ² + ε)):
//   dβ = Σ dy,  dγ = Σ dy·x̂,  dx = γ/√(σ² + ε) · (dy − dβ/M − x̂·dγ/M).
// Sums accumulate in float64; the moments are taken about the first row so Σd² − (Σd)²/M does not cancel
// when |μ| ≫ σ.

/** mean[c], variance[c] (biased, as tf.moments) of x viewed as [M, C]; x.length = M·C with M ≥ 1. */
export function channelMoments(x: Float32Array, C: number, mean: Float32Array, variance: Float32Array): void {
  const M = x.length / C;
  const s1 = new Float64Array(C);
  const s2 = new Float64Array(C);
  const shift = Float64Array.from(x.subarray(0, C));
  // Four rows per accumulator update: the loop is bound by loads and stores of the per-channel arrays, not by x.
  const C2 = 2 * C;
  const C3 = 3 * C;
  const C4 = 4 * C;
  let at = 0;
  for (; at + C4 <= x.length; at += C4) {
    for (let c = 0; c < C; c++) {
      const i = at + c;
      const sh = shift[c];
      const d0 = x[i] - sh;
      const d1 = x[i + C] - sh;
      const d2 = x[i + C2] - sh;
      const d3 = x[i + C3] - sh;
      s1[c] += d0 + d1 + (d2 + d3);
      s2[c] += d0 * d0 + d1 * d1 + (d2 * d2 + d3 * d3);
    }
  }
  for (; at < x.length; at += C) {
    for (let c = 0; c < C; c++) {
      const d = x[at + c] - shift[c];
      s1[c] += d;
      s2[c] += d * d;
    }
  }
  for (let c = 0; c < C; c++) {
    const m = s1[c] / M;
    mean[c] = shift[c] + m;
    variance[c] = Math.max(0, s2[c] / M - m * m);
  }
}

/** y = (x − μ)·(γ/√(σ² + ε)) + β per channel. */
export function normalize(
  x: Float32Array,
  C: number,
  mean: Float32Array,
  variance: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  y: Float32Array,
): void {
  // y = x·scale + shift in float64 (x·scale and μ·scale cancel exactly enough there), rounded once to float32.
  const scale = new Float64Array(C);
  const shift = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    scale[c] = gamma[c] / Math.sqrt(variance[c] + epsilon);
    shift[c] = beta[c] - mean[c] * scale[c];
  }
  const C2 = 2 * C;
  const C3 = 3 * C;
  const C4 = 4 * C;
  let at = 0;
  for (; at + C4 <= x.length; at += C4) {
    for (let c = 0; c < C; c++) {
      const sc = scale[c];
      const sh = shift[c];
      const i = at + c;
      y[i] = x[i] * sc + sh;
      y[i + C] = x[i + C] * sc + sh;
      y[i + C2] = x[i + C2] * sc + sh;
      y[i + C3] = x[i + C3] * sc + sh;
    }
  }
  for (; at < x.length; at += C) for (let c = 0; c < C; c++) y[at + c] = x[at + c] * scale[c] + shift[c];
}

/** dx, dγ, dβ of the training-mode batch norm given dy and the forward's x, γ, μ, σ². */
export function normalizeBackward(
  dy: Float32Array,
  x: Float32Array,
  C: number,
  gamma: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
  dx: Float32Array,
  dgamma: Float32Array,
  dbeta: Float32Array,
): void {
  const M = x.length / C;
  const sdy = new Float64Array(C);
  const sdyx = new Float64Array(C); // Σ dy·x; Σ dy·(x − μ) = Σ dy·x − μ·Σ dy in float64
  const C2 = 2 * C;
  const C3 = 3 * C;
  const C4 = 4 * C;
  let at = 0;
  for (; at + C4 <= x.length; at += C4) {
    for (let c = 0; c < C; c++) {
      const i = at + c;
      const g0 = dy[i];
      const g1 = dy[i + C];
      const g2 = dy[i + C2];
      const g3 = dy[i + C3];
      sdy[c] += g0 + g1 + (g2 + g3);
      sdyx[c] += g0 * x[i] + g1 * x[i + C] + (g2 * x[i + C2] + g3 * x[i + C3]);
    }
  }
  for (; at < x.length; at += C) {
    for (let c = 0; c < C; c++) {
      const g = dy[at + c];
      sdy[c] += g;
      sdyx[c] += g * x[at + c];
    }
  }
  // dx = k·dy + a·(x − μ) + b = k·dy + a·x + (b − a·μ), in float64, with k = γ·s, a = −k·s²·Σdy(x−μ)/M,
  // b = −k·Σdy/M (s = 1/√(σ² + ε))
  const k = new Float64Array(C);
  const a = new Float64Array(C);
  const b = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const s = 1 / Math.sqrt(variance[c] + epsilon);
    const sdyc = sdyx[c] - mean[c] * sdy[c];
    k[c] = gamma[c] * s;
    a[c] = (-k[c] * s * s * sdyc) / M;
    b[c] = (-k[c] * sdy[c]) / M - a[c] * mean[c];
    dbeta[c] = sdy[c];
    dgamma[c] = sdyc * s;
  }
  let i = 0;
  for (; i + C4 <= x.length; i += C4) {
    for (let c = 0; c < C; c++) {
      const kc = k[c];
      const ac = a[c];
      const bc = b[c];
      const j = i + c;
      dx[j] = kc * dy[j] + ac * x[j] + bc;
      dx[j + C] = kc * dy[j + C] + ac * x[j + C] + bc;
      dx[j + C2] = kc * dy[j + C2] + ac * x[j + C2] + bc;
      dx[j + C3] = kc * dy[j + C3] + ac * x[j + C3] + bc;
    }
  }
  for (; i < x.length; i += C) for (let c = 0; c < C; c++) dx[i + c] = k[c] * dy[i + c] + a[c] * x[i + c] + b[c];
}
