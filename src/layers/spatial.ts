// Output-size arithmetic shared by convolution and pooling layers:
//   W2 = ⌊(W1 − F_eff + 2P) / S⌋ + 1,  F_eff = D·(F − 1) + 1   (CS231n; Dumoulin & Visin 2016)
// 'same' padding gives ⌈W1 / S⌉ as in TensorFlow/Keras.
import { z } from 'zod';
import type { LayerProblem } from '../graph/issue';
import type { Shape } from '../graph/schema';
import { formatShape } from '../graph/schema';

/** 'valid' (P = 0), 'same' (output ⌈W/S⌉), or an explicit symmetric zero padding P. */
export const PaddingSchema = z.union([z.enum(['valid', 'same']), z.number().int().min(0).max(1024)]);
export type Padding = z.infer<typeof PaddingSchema>;

/** tfjs' activation identifiers CNN Studio builds, exports and imports (src/layers/activation.ts defines each). */
export const ActivationNameSchema = z.enum(['linear', 'relu', 'relu6', 'leakyRelu', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'mish', 'gelu', 'softmax']);
export type ActivationName = z.infer<typeof ActivationNameSchema>;

export interface AxisResult {
  size?: number;
  problem?: LayerProblem;
  warning?: LayerProblem;
  formula: string;
}

/** One spatial axis through a window of size F, stride S, padding P, dilation D. */
export function windowAxis(axis: 'width' | 'height', W: number, F: number, S: number, padding: Padding, D = 1): AxisResult {
  const Feff = D * (F - 1) + 1;
  if (padding === 'same') {
    const size = Math.ceil(W / S);
    return { size, formula: `⌈${W}/${S}⌉ = ${size}` };
  }
  const P = padding === 'valid' ? 0 : padding;
  const span = W - Feff + 2 * P;
  const Ftxt = D > 1 ? `${Feff}` : `${F}`;
  const formula = `(${W} − ${Ftxt} + 2·${P})/${S} + 1`;
  if (span < 0) {
    // The window must fit: D·(F − 1) + 1 ≤ W + 2P, i.e. F ≤ ⌊(W + 2P − 1)/D⌋ + 1.
    const value = Math.floor(span / S) + 1;
    const maxF = Math.max(1, Math.floor((W + 2 * P - 1) / D) + 1);
    return {
      formula,
      problem: { code: 'non-positive-size', args: { axis, formula, value: String(value).replace('-', '−'), maxF } },
    };
  }
  const size = Math.floor(span / S) + 1;
  const dropped = span % S;
  const res: AxisResult = { size, formula: `${formula} = ${size}` };
  if (dropped !== 0) res.warning = { code: 'stride-drops-border', severity: 'warning', args: { axis, size: W, F: Feff, P, S, span, dropped } };
  return res;
}

/**
 * Dilation the tfjs runtime can train: conv2d accepts D > 1 only at stride 1, and the DepthwiseConv2D
 * layer silently ignores dilationRate (tfjs 4.22), so the built model would not match this shape rule.
 */
export function dilationProblem(kind: 'conv' | 'depthwise', D: number, S: number): LayerProblem | undefined {
  if (D <= 1) return undefined;
  if (kind === 'depthwise') return { code: 'invalid-params', args: { param: 'dilation', detail: `tfjs' DepthwiseConv2D has no dilation; set it to 1` } };
  if (S > 1) return { code: 'invalid-params', args: { param: 'dilation', detail: `tfjs supports dilation ${D} only with stride 1, not ${S}; set one of them to 1` } };
  return undefined;
}

/** Node-face suffix for a window layer: ' /S' when strided, ' same' or ' P<n>' when padded. */
export function windowLabel(S: number, padding: Padding): string {
  const pad = padding === 'same' ? ' same' : typeof padding === 'number' && padding > 0 ? ` P${padding}` : '';
  return `${S > 1 ? ` /${S}` : ''}${pad}`;
}

/** Requires an H×W×C input; otherwise returns the rank problem. */
export function expectImage(inputs: Shape[]): { shape?: [number, number, number]; problem?: LayerProblem } {
  const s = inputs[0];
  if (!s || s.length !== 3)
    return { problem: { code: 'rank-mismatch', args: { expected: '3-D (H×W×C)', got: formatShape(s), hint: 'feed it a feature map, not a flattened vector.' } } };
  return { shape: s as [number, number, number] };
}

/** Both spatial axes; the first error wins, warnings are collected. */
export function window2d(inputs: Shape[], F: number, S: number, padding: Padding, D = 1, C?: number) {
  const img = expectImage(inputs);
  if (!img.shape) return { ok: false as const, problem: img.problem! };
  const [H, W, C0] = img.shape;
  const h = windowAxis('height', H, F, S, padding, D);
  const w = windowAxis('width', W, F, S, padding, D);
  const problem = w.problem ?? h.problem;
  if (problem) return { ok: false as const, problem };
  const warnings = [w.warning, h.warning].filter((x): x is LayerProblem => !!x);
  return { ok: true as const, shape: [h.size!, w.size!, C ?? C0] as Shape, warnings, formulas: { h: h.formula, w: w.formula } };
}
