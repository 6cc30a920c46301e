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

export const poolStride = (p: PoolParams) => (p.strides === 0 ? p.poolSize : p.strides);

type PoolRules = Omit<PrimitiveLayerDef<PoolParams>, 'type' | 'labels' | 'explain' | 'buildTf' | 'keras' | 'onnxImport' | 'onnx' | 'torch'>;

/** Help of the parameters every 2-D pooling has. */
export const poolParamHelp: Record<keyof PoolParams, LayerLabels> = { poolSize: poolSizeHelp, strides: poolStrideHelp, padding: paramHelp.padding };

export function poolingRules(): PoolRules {
  return {
    category: 'pooling',
    schema: PoolParams,
    arity: { min: 1, max: 1 },
    paramLabels: { poolSize: { en: 'Pool size (F)', ko: '풀 크기 (F)' } },
    outputShape: (p, inputs) => {
      const r = window2d(inputs, p.poolSize, poolStride(p), p.padding);
      return r.ok ? { ok: true, shape: r.shape, warnings: r.warnings } : r;
    },
    paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
    macs: (p, _i, [h, w, c]) => h * w * c * p.poolSize * p.poolSize,
    receptiveField: (p) => ({ kernel: p.poolSize, stride: poolStride(p) }),
    summary: (p) => `${p.poolSize}×${p.poolSize}${windowLabel(poolStride(p), p.padding)}`,
    math: (p, [x], out) => ({
      shape: windowShapeLines(x, out, p.poolSize, poolStride(p), p.padding, 1, `D2 = D1 = ${out[2]}`),
      params: '0',
      macs: `H2·W2·D2·F·F = ${timesLine([out[0], out[1], out[2], p.poolSize, p.poolSize])}`,
    }),
    // An unset stride (0) is S = F: shown as an empty field with that value as placeholder, never as "0".
    derivedParams: { strides: { unset: 0, effective: (p) => p.poolSize, label: { en: 'pool size', ko: '풀 크기' } } },
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
export function readOnnxPoolWindow(n: OnnxNodeIn): { F: number; S: number; padding: Padding | undefined } | { unsupported: string } {
  const a = n.attrs;
  const F = onnxSquare(a.kernel_shape);
  const S = onnxSquare(a.strides ?? [1, 1]);
  if (!F || !S) return unsupported(`${n.op}(non-square)`);
  if (a.ceil_mode) return unsupported(`${n.op}(ceil_mode)`);
  return { F, S, padding: onnxPadding(a.pads, n.inputs[0]!.shape, F, S) };
}

export const poolParams = (F: number, S: number, padding: Padding) => ({ params: { poolSize: F, strides: S === F ? 0 : S, padding } });
