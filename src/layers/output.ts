// The classifier head: FC to one unit per class, then softmax p_i = e^{z_i} / Σ_j e^{z_j}.
//   params = (N + 1)·classes
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { formatShape } from '../graph/schema';
import { denseWeights } from '../export/denseWeights';

export const OutputParams = z.object({
  classes: z.number().int().min(2).max(100_000).default(10),
});
export type OutputParams = z.infer<typeof OutputParams>;

export const output = defineLayer<OutputParams>({
  type: 'Output',
  category: 'io',
  labels: { en: 'Output (softmax)', ko: '출력 (소프트맥스)' },
  paramLabels: { classes: { en: 'Classes', ko: '클래스 수' } },
  schema: OutputParams,
  arity: { min: 1, max: 1 },
  outputShape: (p, [x]) =>
    x.length === 1
      ? { ok: true, shape: [p.classes] }
      : {
          ok: false,
          problem: {
            code: 'output-not-vector',
            args: { got: formatShape(x) },
            fix: { label: 'Insert Flatten', action: { kind: 'insertBefore', nodeType: 'Flatten' } },
          },
        },
  paramCount: (p, [x]) => ({ trainable: (x[0] + 1) * p.classes, nonTrainable: 0 }),
  macs: (p, [x]) => x[0] * p.classes,
  formula: (p, [x]) => [`FC: (N + 1)·classes = (${x[0]} + 1)·${p.classes} = ${(x[0] + 1) * p.classes}`, 'softmax: p_i = e^{z_i} / Σ_j e^{z_j}'],
  summary: (p) => `${p.classes} classes, softmax`,
  // Both importers read it as a Dense (Keras Dense with softmax; ONNX Gemm → Softmax) that is the model's output.
  buildTf: ({ tf, name }, p, [x]) => tf.layers.dense({ units: p.classes, activation: 'softmax', name }).apply(x) as tfjs.SymbolicTensor,
  onnx: (ctx, p, [x]) => {
    const w = denseWeights(ctx.weights(2), x.chwOf, true);
    const z = ctx.node('Gemm', [x.name, ctx.constant('W', { shape: w.kernelShape, data: w.kernel }), ctx.constant('B', { shape: [p.classes], data: w.bias! })], {}, 'logits');
    return { name: ctx.node('Softmax', [z], { axis: { i: -1 } }) };
  },
  torch: (ctx, p, [x]) => {
    const w = denseWeights(ctx.weights(2), x.chwOf, true);
    const fc = ctx.module(`nn.Linear(${w.kernelShape[0]}, ${p.classes})`, { weight: { shape: [p.classes, w.kernelShape[0]], data: w.linearWeight() }, bias: { shape: [p.classes], data: w.bias! } });
    const z = ctx.assign(`${fc}(${x.expr})`);
    ctx.logits(z);
    return { expr: ctx.assign(`F.softmax(${z}, dim=1)`) };
  },
});
