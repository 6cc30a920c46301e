// Layout conversions between tfjs (NHWC, HWIO kernels, [in, out] dense kernels) and ONNX / PyTorch
// (NCHW, OIHW kernels, [out, in] linear weights). Shared by the ONNX and PyTorch exporters and the importers.

/** Conv2D kernel [F_h, F_w, C_in, K] (HWIO) → [K, C_in, F_h, F_w] (OIHW). */
export function hwioToOihw(data: Float32Array, [h, w, i, o]: number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < i; c++)
        for (let k = 0; k < o; k++) out[((k * i + c) * h + y) * w + x] = data[((y * w + x) * i + c) * o + k];
  return out;
}

/** OIHW → HWIO (the inverse, for import). */
export function oihwToHwio(data: Float32Array, [o, i, h, w]: number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let k = 0; k < o; k++)
    for (let c = 0; c < i; c++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) out[((y * w + x) * i + c) * o + k] = data[((k * i + c) * h + y) * w + x];
  return out;
}

/** Depthwise kernel [F_h, F_w, C, m] → grouped conv weight [C·m, 1, F_h, F_w]; output channel c·m + j as tfjs. */
export function depthwiseToGrouped(data: Float32Array, [h, w, c, m]: number[]): Float32Array {
  return hwioToOihw(data, [h, w, 1, c * m]);
}

/** [C·m, 1, F_h, F_w] → [F_h, F_w, C, m]. */
export function groupedToDepthwise(data: Float32Array, [o, , h, w]: number[]): Float32Array {
  return oihwToHwio(data, [o, 1, h, w]);
}

/**
 * For a vector flattened from an [H, W, C] map: position j in C·H·W order holds tfjs element chwToHwc[j].
 * j = c·H·W + y·W + x  ↔  i = (y·W + x)·C + c.
 */
export function chwToHwcIndex([H, W, C]: [number, number, number]): Int32Array {
  const idx = new Int32Array(H * W * C);
  for (let c = 0; c < C; c++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) idx[(c * H + y) * W + x] = (y * W + x) * C + c;
  return idx;
}

/** Dense kernel [N, M] with rows reordered: row j of the result is row perm[j] of the input. */
export function permuteRows(data: Float32Array, [n, m]: number[], perm: Int32Array): Float32Array {
  const out = new Float32Array(n * m);
  for (let j = 0; j < n; j++) out.set(data.subarray(perm[j] * m, perm[j] * m + m), j * m);
  return out;
}

/** Inverse of permuteRows. */
export function unpermuteRows(data: Float32Array, [n, m]: number[], perm: Int32Array): Float32Array {
  const out = new Float32Array(n * m);
  for (let j = 0; j < n; j++) out.set(data.subarray(j * m, j * m + m), perm[j] * m);
  return out;
}

/** 1-D values reordered the same way (BatchNormalization parameters of a flattened vector). */
export const permuteVector = (data: Float32Array, perm: Int32Array): Float32Array => Float32Array.from(perm, (i) => data[i]);

/** [N, M] → [M, N]. */
export function transpose2d(data: Float32Array, [n, m]: number[]): Float32Array {
  const out = new Float32Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j * n + i] = data[i * m + j];
  return out;
}

/** Padding TensorFlow uses for 'same': total = max((⌈W/S⌉ − 1)·S + F_eff − W, 0), the extra pixel after. */
export function samePads(W: number, Feff: number, S: number): [number, number] {
  const total = Math.max((Math.ceil(W / S) - 1) * S + Feff - W, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** Pads [top, left, bottom, right] of a window layer, from its padding param and input size. */
export function windowPads(padding: 'valid' | 'same' | number, [H, W]: number[], F: number, S: number, dilation = 1): [number, number, number, number] {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (typeof padding === 'number') return [padding, padding, padding, padding];
  const Feff = dilation * (F - 1) + 1;
  const [t, b] = samePads(H, Feff, S);
  const [l, r] = samePads(W, Feff, S);
  return [t, l, b, r];
}
