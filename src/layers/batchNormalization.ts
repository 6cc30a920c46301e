// Batch normalisation over the channel axis (Ioffe & Szegedy 2015): γ, β trainable; moving mean/variance not.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { permuteVector, chwToHwcIndex } from '../export/layout';
import { py } from '../export/torch/emitContext';

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
  formula: (p, [x]) => {
    const c = x[x.length - 1];
    return [
      `y = γ·(x − μ)/√(σ² + ${p.epsilon}) + β per channel, C = ${c}`,
      `params = 2·C (γ, β) + 2·C (moving mean, variance) = ${2 * c} + ${2 * c}`,
    ];
  },
  buildTf: ({ tf, name }, p, [x]) =>
    tf.layers.batchNormalization({ axis: -1, momentum: p.momentum, epsilon: p.epsilon, name }).apply(x) as tfjs.SymbolicTensor,
  // y = γ·(x − μ)/√(σ² + ε) + β per channel (axis 1 in NCHW); on a C·H·W-ordered vector the parameters are permuted.
  onnx: (ctx, p, [x]) => {
    const perm = x.chwOf && chwToHwcIndex(x.chwOf);
    const ps = ctx.weights(4).map((w, i) => ctx.constant(['scale', 'B', 'mean', 'var'][i], { shape: w.shape, data: perm ? permuteVector(w.data, perm) : w.data }));
    return { ...x, name: ctx.node('BatchNormalization', [x.name, ...ps], { epsilon: { f: p.epsilon } }) };
  },
  torch: (ctx, p, [x]) => {
    const perm = x.chwOf && chwToHwcIndex(x.chwOf);
    const [g, b, m, v] = ctx.weights(4).map((w) => ({ shape: w.shape, data: perm ? permuteVector(w.data, perm) : w.data }));
    const kind = ctx.inputShapes[0].length === 3 ? 'BatchNorm2d' : 'BatchNorm1d';
    // Keras' momentum weights the old statistics, PyTorch's the new batch: m_torch = 1 − m_keras.
    const bn = ctx.module(`nn.${kind}(${g.shape[0]}, eps=${py(p.epsilon)}, momentum=${py(Math.round((1 - p.momentum) * 1e6) / 1e6)})`, {
      weight: g,
      bias: b,
      running_mean: m,
      running_var: v,
      num_batches_tracked: { shape: [], data: new BigInt64Array(1) },
    });
    return { ...x, expr: ctx.assign(`${bn}(${x.expr})`) };
  },
});
