// Flatten: H×W×C → H·W·C (row-major, channels last, as Keras), the bridge from conv features to FC layers.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';

export const flatten = defineLayer({
  type: 'Flatten',
  category: 'reshape',
  schema: z.object({}),
  arity: { min: 1, max: 1 },
  outputShape: (_p, [x]) => ({ ok: true, shape: [x.reduce((a, b) => a * b, 1)] }),
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  formula: (_p, [x], [n]) => [`${x.join('·')} = ${n}`],
  buildTf: ({ tf, name }, _p, [x]) => tf.layers.flatten({ name }).apply(x) as tfjs.SymbolicTensor,
  // NCHW flattens in C·H·W order; the vector remembers it so the next Dense permutes its rows (no data transpose).
  onnx: (ctx, _p, [x]) =>
    ctx.inputShapes[0].length === 3 ? { name: ctx.node('Flatten', [x.name], { axis: { i: 1 } }), chwOf: ctx.inputShapes[0] as [number, number, number] } : x,
  torch: (ctx, _p, [x]) =>
    ctx.inputShapes[0].length === 3 ? { expr: ctx.assign(`torch.flatten(${x.expr}, 1)`), chwOf: ctx.inputShapes[0] as [number, number, number] } : x,
});
