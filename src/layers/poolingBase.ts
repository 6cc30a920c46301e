// Shared rule for 2-D pooling: a F×F window with stride S (default S = F), channels unchanged.
//   W2 = (W1 − F + 2P)/S + 1, no parameters.
import { z } from 'zod';
import type { LayerDef } from './types';
import { PaddingSchema, window2d, windowLabel } from './spatial';

export const PoolParams = z.object({
  poolSize: z.number().int().min(1).max(1024).default(2),
  /** 0 means "same as poolSize", the usual non-overlapping pooling. */
  strides: z.number().int().min(0).max(1024).default(0),
  padding: PaddingSchema.default('valid'),
});
export type PoolParams = z.infer<typeof PoolParams>;

export const poolStride = (p: PoolParams) => (p.strides === 0 ? p.poolSize : p.strides);

export function poolingRules(label: string): Omit<LayerDef<PoolParams>, 'type' | 'buildTf'> {
  return {
    category: 'pooling',
    schema: PoolParams,
    arity: { min: 1, max: 1 },
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
