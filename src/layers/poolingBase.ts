// Shared rule for 2-D pooling: a F×F window with stride S (default S = F), channels unchanged.
//   W2 = (W1 − F + 2P)/S + 1, no parameters.
import { z } from 'zod';
import type { PrimitiveLayerDef } from './types';
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

type PoolRules = Omit<PrimitiveLayerDef<PoolParams>, 'type' | 'labels' | 'buildTf' | 'keras' | 'onnxImport' | 'onnx' | 'torch'>;

export function poolingRules(label: string): PoolRules {
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
    formula: (p, [x], [h, w, c]) => {
      const P = p.padding === 'valid' ? 0 : p.padding;
      const S = poolStride(p);
      return [
        p.padding === 'same'
          ? `W2 = ⌈W1/S⌉ = ⌈${x[1]}/${S}⌉ = ${w}`
          : `W2 = (W1 − F + 2P)/S + 1 = (${x[1]} − ${p.poolSize} + 2·${P})/${S} + 1 = ${w}`,
        `H2 = ${h},  D2 = D1 = ${c};  ${label} over ${p.poolSize}×${p.poolSize}, no parameters`,
      ];
    },
    summary: (p) => `${p.poolSize}×${p.poolSize}${windowLabel(poolStride(p), p.padding)}`,
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
