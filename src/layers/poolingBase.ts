// Shared rule for 2-D pooling: a F×F window with stride S (default S = F), channels unchanged.
//   W2 = (W1 − F + 2P)/S + 1, no parameters.
import { z } from 'zod';
import type { LayerLabels, PrimitiveLayerDef } from './types';
import { poolSizeHelp, poolStrideHelp, paramHelp } from './paramHelp';
import { timesLine, windowShapeLines } from './explainMath';
import { PaddingSchema, window2d, windowLabel, type Padding } from './spatial';
import { kerasGet, kerasPadding, kerasSquare, onnxPadding, onnxSquare, unsupported, type KerasConfig, type OnnxNodeIn, type ReadResult } from '../import/layerReaders';

export const PoolParams = z.object({
  poolSize: z.number().int().min(1).max(1024).default(2),
  /** 0 means "same as poolSize", the usual non-overlapping pooling. */
  strides: z.number().int().min(0).max(1024).default(0),
  padding: PaddingSchema.default('valid'),
});
export type PoolParams = z.infer<typeof PoolParams>;

/**
 * Max and average pooling: whether an explicit padding P is zeros every window counts (tfjs' ZeroPadding2D then
 * pool; PyTorch's AvgPool2d count_include_pad=True) or border the window ignores (PyTorch's MaxPool2d padding, ONNX
 * MaxPool pads, AvgPool2d count_include_pad=False). 'same' always ignores it, as TensorFlow does.
 */
export const PaddedPoolParams = PoolParams.extend({ includePad: z.boolean().default(true) });
export type PaddedPoolParams = z.infer<typeof PaddedPoolParams>;

/** Explicit P that the windows ignore (PaddedPoolParams.includePad off). */
export const ignoredPad = (p: PoolParams & { includePad?: boolean }): number => (typeof p.padding === 'number' && p.padding > 0 && p.includePad === false ? p.padding : 0);

export const poolStride = (p: PoolParams) => (p.strides === 0 ? p.poolSize : p.strides);

type PoolRules<P extends PoolParams> = Omit<PrimitiveLayerDef<P>, 'type' | 'labels' | 'explain' | 'buildTf' | 'keras' | 'onnxImport' | 'onnx' | 'torch'>;

/** Help of the parameters every 2-D pooling has. */
export const poolParamHelp: Record<keyof PoolParams, LayerLabels> = { poolSize: poolSizeHelp, strides: poolStrideHelp, padding: paramHelp.padding };

/** Help of max and average pooling's parameters; `counted` says what a counted zero does in this pooling. */
export const paddedPoolParamHelp = (counted: LayerLabels): Record<keyof PaddedPoolParams, LayerLabels> => ({
  ...poolParamHelp,
  includePad: {
    en: `With an explicit padding P only: on, the P zeros around the border are part of every window (${counted.en}), as tfjs' zero padding and PyTorch's AvgPool2d default; off, the windows use only the pixels inside the image, as PyTorch's MaxPool2d padding and count_include_pad=False. "same" always uses only the pixels inside, as Keras.`,
    ko: `명시적 패딩 P 에서만: 켜면 테두리의 P 개의 0 이 모든 창에 포함됩니다 (${counted.ko}), tfjs 의 0 패딩과 PyTorch AvgPool2d 의 기본값처럼; 끄면 창이 이미지 안의 픽셀만 씁니다, PyTorch MaxPool2d 의 padding 과 count_include_pad=False 처럼. "same" 은 Keras 처럼 언제나 안쪽 픽셀만 씁니다.`,
  },
});

export function poolingRules<P extends PoolParams = PoolParams>(schema: z.ZodType<P> = PoolParams as unknown as z.ZodType<P>): PoolRules<P> {
  return {
    category: 'pooling',
    schema,
    arity: { min: 1, max: 1 },
    paramLabels: { poolSize: { en: 'Pool size (F)', ko: '풀 크기 (F)' }, includePad: { en: 'Count the padding', ko: '패딩 포함' } },
    outputShape: (p, inputs) => {
      const r = window2d(inputs, p.poolSize, poolStride(p), p.padding);
      return r.ok ? { ok: true, shape: r.shape, warnings: r.warnings } : r;
    },
    // A window wholly inside an ignored padding has no pixel to take (PyTorch refuses P > F/2 outright).
    lint: (p) =>
      ignoredPad(p) >= p.poolSize
        ? [{ code: 'invalid-params', severity: 'warning', args: { param: 'padding', detail: `with the padding not counted, P = ${p.padding} ≥ F leaves windows with no pixel in them; make P smaller than ${p.poolSize}` } }]
        : [],
    paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
    macs: (p, _i, [h, w, c]) => h * w * c * p.poolSize * p.poolSize,
    receptiveField: (p) => ({ kernel: p.poolSize, stride: poolStride(p) }),
    summary: (p) => `${p.poolSize}×${p.poolSize}${windowLabel(poolStride(p), p.padding)}${ignoredPad(p) ? ' (pad ignored)' : ''}`,
    math: (p, [x], out) => ({
      shape: windowShapeLines(x, out, p.poolSize, poolStride(p), p.padding, 1, `D2 = D1 = ${out[2]}`),
      params: '0',
      macs: `H2·W2·D2·F·F = ${timesLine([out[0], out[1], out[2], p.poolSize, p.poolSize])}`,
    }),
    // An unset stride (0) is S = F: shown as an empty field with that value as placeholder, never as "0".
    derivedParams: { strides: { unset: 0, effective: (p: P) => p.poolSize, label: { en: 'pool size', ko: '풀 크기' } } },
  };
}

/** Explicit padding P for pooling is applied as zero padding before a 'valid' pool. */
export const tfPoolPadding = (p: PoolParams): 'same' | 'valid' => (p.padding === 'same' ? 'same' : 'valid');

/** Params from a Keras MaxPooling2D / AveragePooling2D config (square windows only; strides = F is stored as 0). */
export function readKerasPool(c: KerasConfig, className: string): ReadResult {
  const k = kerasSquare(kerasGet(c, 'pool_size', 'poolSize'));
  const s = kerasSquare(c.strides ?? k);
  if (k === undefined || s === undefined) return unsupported(`${className}(non-square window)`);
  return { params: { poolSize: k, strides: s === k ? 0 : s, padding: kerasPadding(c.padding) } };
}

/**
 * The window of an ONNX MaxPool / AveragePool / LpPool: F, S and the pads as a padding param (undefined when
 * no param fits; each pooling decides what its pads mean), or why it has no counterpart.
 */
export function readOnnxPoolWindow(n: OnnxNodeIn, { ceilMode = false }: { ceilMode?: boolean } = {}): { F: number; S: number; padding: Padding | undefined; ceil?: true } | { unsupported: string } {
  const a = n.attrs;
  const F = onnxSquare(a.kernel_shape);
  const S = onnxSquare(a.strides ?? [1, 1]);
  if (!F || !S) return unsupported(`${n.op}(non-square)`);
  if (a.auto_pad && a.auto_pad !== 'NOTSET') return unsupported(`${n.op}(auto_pad=${a.auto_pad})`);
  if ((a.dilations ?? []).some((d: number) => d !== 1)) return unsupported(`${n.op}(dilations ${JSON.stringify(a.dilations)})`);
  const [H, W] = n.inputs[0]!.shape;
  const [t, l, b, r] = a.pads ?? [0, 0, 0, 0];
  // ceil_mode rounds (W + pads − F)/S up instead of down: the same output wherever S divides it exactly.
  const partial = a.ceil_mode && ((H + t + b - F) % S !== 0 || (W + l + r - F) % S !== 0);
  // A layer with a ceil mode of its own (max pooling) takes it; for the others it must change nothing.
  if (partial && !ceilMode)
    return unsupported(`${n.op}(ceil_mode=1 adds a partial window here: (${H} + ${t + b} − ${F})/${S} or (${W} + ${l + r} − ${F})/${S} is not whole)`);
  return { F, S, padding: onnxPadding(a.pads, n.inputs[0]!.shape, F, S), ...(partial ? { ceil: true as const } : {}) };
}

export const poolParams = (F: number, S: number, padding: Padding) => ({ params: { poolSize: F, strides: S === F ? 0 : S, padding } });

/** Params of a pool over an ignored padding P (0: none, 'valid'), with any further params (ceil mode). */
export const ignoredPadParams = (F: number, S: number, P: number, extra: Record<string, unknown> = {}) => ({
  params: { ...poolParams(F, S, P || 'valid').params, ...(P ? { includePad: false } : {}), ...extra },
});
