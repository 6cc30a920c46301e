// Element-wise sum of ≥ 2 tensors of one shape: the join of a residual block, y = F(x) + x (He et al. 2016).
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { formatShape } from '../graph/schema';
import { kerasWithoutConfig, unsupported } from '../import/layerReaders';

export const add = defineLayer({
  type: 'Add',
  category: 'merge',
  labels: { en: 'Add', ko: '더하기' },
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
  // Inputs in the same element order add as they are; mixed orders are first brought to H·W·C.
  onnx: (ctx, _p, inputs) => {
    const same = inputs.every((v) => String(v.chwOf) === String(inputs[0].chwOf));
    const names = same ? inputs.map((v) => v.name) : inputs.map((v) => ctx.inHwcOrder(v));
    return { name: ctx.node(names.length === 2 ? 'Add' : 'Sum', names), chwOf: same ? inputs[0].chwOf : undefined };
  },
  keras: kerasWithoutConfig('Add'),
  onnxImport: {
    ops: ['Add', 'Sum'],
    read: (n) => {
      const ins = n.inputs;
      if (ins.some((i) => !i)) return unsupported(`${n.op}(constant operand)`);
      return { params: {}, chwOf: ins.every((i) => String(i!.chwOf) === String(ins[0]!.chwOf)) ? ins[0]!.chwOf : undefined };
    },
  },
  torch: (ctx, _p, inputs) => {
    const same = inputs.every((v) => String(v.chwOf) === String(inputs[0].chwOf));
    const names = same ? inputs.map((v) => v.expr) : inputs.map((v) => ctx.inHwcOrder(v));
    return { expr: ctx.assign(names.join(' + ')), chwOf: same ? inputs[0].chwOf : undefined };
  },
});
