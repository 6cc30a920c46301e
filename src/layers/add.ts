// Element-wise sum of ≥ 2 tensors of one shape: the join of a residual block, y = F(x) + x (He et al. 2016).
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { formatShape } from '../graph/schema';

export const add = defineLayer({
  type: 'Add',
  category: 'merge',
  schema: z.object({}),
  arity: { min: 2, max: 64 },
  outputShape: (_p, inputs) => {
    const first = formatShape(inputs[0]);
    if (inputs.every((s) => formatShape(s) === first)) return { ok: true, shape: inputs[0] };
    return { ok: false, problem: { code: 'add-shape-mismatch', args: { shapes: inputs.map(formatShape).join(' vs ') } } };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: (_p, inputs, out) => (inputs.length - 1) * out.reduce((a, b) => a * b, 1),
  formula: (_p, inputs, out) => [`${inputs.map(formatShape).join(' + ')} → ${formatShape(out)}`],
  buildTf: ({ tf, name }, _p, inputs) => tf.layers.add({ name }).apply(inputs) as tfjs.SymbolicTensor,
});
