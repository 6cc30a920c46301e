// Flatten: H×W×C → H·W·C (row-major, channels last, as Keras), the bridge from conv features to FC layers.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { kerasWithoutConfig } from '../import/layerReaders';

export const flatten = defineLayer({
  type: 'Flatten',
  category: 'reshape',
  labels: { en: 'Flatten', ko: '평탄화' },
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
  keras: kerasWithoutConfig('Flatten'),
  // Flattening a map gives C·H·W order (remembered, as on export); flattening a vector is nothing.
  onnxImport: {
    ops: ['Flatten'],
    read: (n) => {
      const s = n.inputs[0]!.shape;
      return s.length === 3 ? { params: {}, chwOf: s as [number, number, number] } : { identity: true };
    },
  },
  torch: (ctx, _p, [x]) =>
    ctx.inputShapes[0].length === 3 ? { expr: ctx.assign(`torch.flatten(${x.expr}, 1)`), chwOf: ctx.inputShapes[0] as [number, number, number] } : x,
});
