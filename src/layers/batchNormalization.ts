// Batch normalisation over the channel axis (Ioffe & Szegedy 2015): γ, β trainable; moving mean/variance not.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';

export const BatchNormalizationParams = z.object({
  momentum: z.number().min(0).max(1).default(0.99),
  epsilon: z.number().positive().max(1).default(1e-3),
});
export type BatchNormalizationParams = z.infer<typeof BatchNormalizationParams>;

export const batchNormalization = defineLayer<BatchNormalizationParams>({
  type: 'BatchNormalization',
  category: 'normalization',
  schema: BatchNormalizationParams,
  arity: { min: 1, max: 1 },
  outputShape: (_p, [x]) => ({ ok: true, shape: x }),
  paramCount: (_p, [x]) => ({ trainable: 2 * x[x.length - 1], nonTrainable: 2 * x[x.length - 1] }),
  macs: (_p, [x]) => 2 * x.reduce((a, b) => a * b, 1),
  formula: (_p, [x]) => {
    const c = x[x.length - 1];
    return [`params = 2·C (γ, β) + 2·C (moving mean, variance) = ${2 * c} + ${2 * c}`];
  },
  buildTf: ({ tf, name }, p, [x]) =>
    tf.layers.batchNormalization({ axis: -1, momentum: p.momentum, epsilon: p.epsilon, name }).apply(x) as tfjs.SymbolicTensor,
});
