// Dropout: zeroes a fraction `rate` of activations while training (Srivastava et al. 2014); identity at inference.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';

export const DropoutParams = z.object({ rate: z.number().min(0).max(0.99).default(0.5) });
export type DropoutParams = z.infer<typeof DropoutParams>;

export const dropout = defineLayer<DropoutParams>({
  type: 'Dropout',
  category: 'regularization',
  labels: { en: 'Dropout', ko: '드롭아웃' },
  paramLabels: { rate: { en: 'Rate', ko: '비율' } },
  schema: DropoutParams,
  arity: { min: 1, max: 1 },
  outputShape: (_p, [x]) => ({ ok: true, shape: x }),
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  // Inverted dropout: kept values are scaled by 1/(1 − p) while training, so inference is the identity.
  formula: (p) => [`training: zero ${p.rate * 100}% of values, scale the rest by 1/(1 − ${p.rate}) = ${+(1 / (1 - p.rate)).toFixed(3)}`, 'inference: identity, no parameters'],
  summary: (p) => `p=${p.rate}`,
  buildTf: ({ tf, name }, p, [x]) => tf.layers.dropout({ rate: p.rate, name }).apply(x) as tfjs.SymbolicTensor,
  // Identity at inference: no op in ONNX; nn.Dropout in PyTorch so train.py regularises as tfjs did.
  onnx: (_ctx, _p, [x]) => x,
  keras: { classNames: ['Dropout'], read: (c) => ({ params: { rate: c.rate } }) },
  // An ONNX graph is for inference, where dropout is the identity: it reads as nothing.
  onnxImport: { ops: ['Dropout'], read: () => ({ identity: true }) },
  torch: (ctx, p, [x]) => ({ ...x, expr: ctx.assign(`${ctx.module(`nn.Dropout(${p.rate})`)}(${x.expr})`) }),
});
