// Element-wise sum of ≥ 2 tensors of one shape: the join of a residual block, y = F(x) + x (He et al. 2016).
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { formatShape } from '../graph/schema';
import { kerasWithoutConfig, unsupported } from '../import/layerReaders';
import { timesLine } from './explainMath';

export const add = defineLayer({
  type: 'Add',
  category: 'merge',
  labels: { en: 'Add', ko: '더하기' },
  explain: {
    summary: { en: 'Adds inputs of the same shape element by element: the skip connection y = F(x) + x of ResNet.', ko: '같은 모양의 입력을 원소별로 더합니다: ResNet 의 지름길 연결 y = F(x) + x.' },
    what: {
      en: 'Sums two or more tensors of one shape, value by value. In a residual block one input is the block\'s input x carried around the layers (the skip or shortcut) and the other what the layers computed, F(x): the layers then only learn the correction to x, and gradients flow straight back through the sum.',
      ko: '같은 모양의 텐서 둘 이상을 값마다 더합니다. 잔차 블록에서 한 입력은 층들을 돌아 건너온 블록 입력 x (지름길) 이고 다른 하나는 층들이 계산한 F(x) 입니다: 층들은 x 에 대한 보정만 배우고, 기울기는 덧셈을 통해 곧장 뒤로 흐릅니다.',
    },
    when: {
      en: 'To join a skip connection, as in ResNet. The shapes must match: use a 1×1 convolution with the same stride on the shortcut when they differ.',
      ko: 'ResNet 처럼 지름길 연결을 합칠 때. 모양이 같아야 합니다: 다르면 지름길에 같은 스트라이드의 1×1 합성곱을 두세요.',
    },
    params: {},
  },
  schema: z.object({}),
  arity: { min: 2, max: 64 },
  outputShape: (_p, inputs) => {
    const first = formatShape(inputs[0]);
    if (inputs.every((s) => formatShape(s) === first)) return { ok: true, shape: inputs[0] };
    return { ok: false, problem: { code: 'add-shape-mismatch', args: { shapes: inputs.map(formatShape).join(' vs ') } } };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: (_p, inputs, out) => (inputs.length - 1) * out.reduce((a, b) => a * b, 1),
  math: (_p, inputs, out) => ({
    shape: [`${inputs.map((s) => s.join('×')).join(' + ')} → ${out.join('×')}`],
    params: '0',
    macs: `(inputs − 1)·H·W·C = ${timesLine([inputs.length - 1, ...out])}`,
  }),
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
