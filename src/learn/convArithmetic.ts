// The convolution arithmetic at one output position, with real numbers (CS231n's "convolution demo"):
//   out[y, x, k] = Σ_{i,j,c} in[y·S − P_top + i·D, x·S − P_left + j·D, c] · W[i, j, c, k] + b[k]
// Padding cells read 0 and are marked −1 in rows/cols. For a depthwise convolution (kernel [F, F, C, M],
// output channel k = c·M + m) the patch and kernel are the one input channel c: [F][F][1].
import type { NodeActivation } from './activations';

export interface ConvArithmetic {
  y: number;
  x: number;
  k: number;
  /** Input row / column of each kernel tap, −1 where it falls on padding. */
  rows: number[];
  cols: number[];
  /** [F][F][C] input values under the kernel (0 where padding). */
  patch: number[][][];
  /** [F][F][C] weights of filter k. */
  kernel: number[][][];
  bias: number;
  /** Σ patch · kernel. */
  dot: number;
  /** dot + bias, before the activation. */
  value: number;
  /** The layer's fused activation applied to value (absent for 'linear' or no activation). */
  activated?: number;
}

export interface ConvArithmeticParams {
  /** The conv node's input, [H, W, C]. */
  input: NodeActivation;
  kernel: Float32Array;
  /** tfjs HWIO: [F, F, C, K] (depthwise: [F, F, C, M]). */
  kernelShape: [number, number, number, number];
  bias?: Float32Array;
  strides: [number, number];
  padding: 'valid' | 'same' | number;
  dilation?: [number, number];
  activation?: string;
  depthwise?: boolean;
}

/** Padding before the first row (column) and the output size along one axis, as tfjs computes them. */
export function axisPadding(size: number, F: number, S: number, padding: 'valid' | 'same' | number, D = 1): { before: number; out: number } {
  const eff = D * (F - 1) + 1;
  if (padding === 'same') {
    const out = Math.ceil(size / S);
    const total = Math.max((out - 1) * S + eff - size, 0);
    return { before: Math.floor(total / 2), out };
  }
  const P = padding === 'valid' ? 0 : padding;
  return { before: P, out: Math.floor((size + 2 * P - eff) / S) + 1 };
}

export function applyActivation(name: string | undefined, v: number): number | undefined {
  switch (name) {
    case 'relu':
      return Math.max(0, v);
    case 'leakyRelu':
      return v >= 0 ? v : 0.2 * v; // src/layers/activationTf.ts: alpha 0.2
    case 'elu':
      return v >= 0 ? v : Math.expm1(v);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'tanh':
      return Math.tanh(v);
    default:
      return undefined; // 'linear', none, or softmax (not defined for one value)
  }
}

export function convArithmetic(params: ConvArithmeticParams, at: { y: number; x: number; k: number }): ConvArithmetic {
  const { input, kernel, kernelShape, bias, strides, padding, activation, depthwise } = params;
  const [D0, D1] = params.dilation ?? [1, 1];
  const [H, W, C] = input.shape.length === 3 ? input.shape : [input.shape[0], input.shape[1] ?? 1, input.shape[2] ?? 1];
  const [FH, FW, KC, KO] = kernelShape;
  if (KC !== C) throw new Error(`The kernel is for ${KC} input channels; the input has ${C}.`);
  const outChannels = depthwise ? C * KO : KO;
  const ph = axisPadding(H, FH, strides[0], padding, D0);
  const pw = axisPadding(W, FW, strides[1], padding, D1);
  const { y, x, k } = at;
  if (!(y >= 0 && y < ph.out && x >= 0 && x < pw.out && k >= 0 && k < outChannels && Number.isInteger(y + x + k)))
    throw new Error(`Position (${y}, ${x}, ${k}) is outside the output ${ph.out}×${pw.out}×${outChannels}.`);
  const rows = Array.from({ length: FH }, (_, i) => {
    const r = y * strides[0] - ph.before + i * D0;
    return r >= 0 && r < H ? r : -1;
  });
  const cols = Array.from({ length: FW }, (_, j) => {
    const c = x * strides[1] - pw.before + j * D1;
    return c >= 0 && c < W ? c : -1;
  });
  // Depthwise: output channel k reads input channel ⌊k / M⌋ with multiplier k mod M.
  const channels = depthwise ? [Math.floor(k / KO)] : Array.from({ length: C }, (_, c) => c);
  const m = depthwise ? k % KO : k;
  let dot = 0;
  const patch: number[][][] = [];
  const kern: number[][][] = [];
  for (let i = 0; i < FH; i++) {
    const pr: number[][] = [];
    const kr: number[][] = [];
    for (let j = 0; j < FW; j++) {
      const pc: number[] = [];
      const kc: number[] = [];
      for (const c of channels) {
        const v = rows[i] < 0 || cols[j] < 0 ? 0 : input.data[(rows[i] * W + cols[j]) * C + c];
        const w = kernel[((i * FW + j) * KC + c) * KO + m];
        pc.push(v);
        kc.push(w);
        dot += v * w;
      }
      pr.push(pc);
      kr.push(kc);
    }
    patch.push(pr);
    kern.push(kr);
  }
  const b = bias ? bias[k] : 0;
  const value = dot + b;
  const activated = applyActivation(activation, value);
  return { y, x, k, rows, cols, patch, kernel: kern, bias: b, dot, value, ...(activated === undefined ? {} : { activated }) };
}
