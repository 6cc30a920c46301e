// Concatenation along channels: H×W×C1 ‖ H×W×C2 → H×W×(C1 + C2) (the join of an Inception block).
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { formatShape } from '../graph/schema';
import { unsupported } from '../import/layerReaders';

export const concatenate = defineLayer({
  type: 'Concatenate',
  category: 'merge',
  labels: { en: 'Concatenate', ko: '이어 붙이기' },
  schema: z.object({}),
  arity: { min: 2, max: 64 },
  outputShape: (_p, inputs) => {
    const rank = inputs[0].length;
    const head = formatShape(inputs[0].slice(0, -1));
    const agree = inputs.every((s) => s.length === rank && formatShape(s.slice(0, -1)) === head);
    if (!agree) return { ok: false, problem: { code: 'concat-shape-mismatch', args: { shapes: inputs.map(formatShape).join(', ') } } };
    const channels = inputs.reduce((a, s) => a + s[rank - 1], 0);
    return { ok: true, shape: [...inputs[0].slice(0, -1), channels] };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  formula: (_p, inputs, out) => [`C = ${inputs.map((s) => s[s.length - 1]).join(' + ')} = ${out[out.length - 1]}`],
  buildTf: ({ tf, name }, _p, inputs) => tf.layers.concatenate({ axis: -1, name }).apply(inputs) as tfjs.SymbolicTensor,
  // Channels are axis 1 in NCHW; vectors are joined in tfjs order.
  onnx: (ctx, _p, inputs) => ({ name: ctx.node('Concat', inputs.map((v) => ctx.inHwcOrder(v)), { axis: { i: 1 } }) }),
  keras: {
    classNames: ['Concatenate'],
    read: (c) => (c.axis === -1 || c.axis === 3 || c.axis === undefined ? { params: {} } : unsupported(`Concatenate(axis=${c.axis})`)),
  },
  onnxImport: {
    ops: ['Concat'],
    read: (n) => (n.attrs.axis !== 1 || n.inputs.some((i) => !i || i.chwOf) ? unsupported(`Concat(axis=${n.attrs.axis})`) : { params: {} }),
  },
  torch: (ctx, _p, inputs) => ({ expr: ctx.assign(`torch.cat([${inputs.map((v) => ctx.inHwcOrder(v)).join(', ')}], dim=1)`) }),
});
