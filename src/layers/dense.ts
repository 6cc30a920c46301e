// Fully connected layer: N inputs → M units, params = (N + 1)·M with bias.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { formatShape } from '../graph/schema';
import { ActivationNameSchema } from './spatial';
import { applyTfActivation } from './activationTf';
import { denseWeights } from '../export/denseWeights';
import { chwToHwcIndex, transpose2d, unpermuteRows } from '../export/layout';
import { onnxActivation } from '../export/onnx/activation';
import { torchActivation } from '../export/torch/activation';
import { kerasActivation, kerasGet, unsupported } from '../import/layerReaders';

export const DenseParams = z.object({
  units: z.number().int().min(1).max(1_000_000).default(128),
  useBias: z.boolean().default(true),
  activation: ActivationNameSchema.default('linear'),
});
export type DenseParams = z.infer<typeof DenseParams>;

export const dense = defineLayer<DenseParams>({
  type: 'Dense',
  category: 'dense',
  labels: { en: 'Dense', ko: '완전 연결층' },
  paramLabels: { units: { en: 'Units', ko: '유닛 수' } },
  schema: DenseParams,
  arity: { min: 1, max: 1 },
  outputShape: (p, [x]) =>
    x.length === 1
      ? { ok: true, shape: [p.units] }
      : {
          ok: false,
          problem: {
            code: 'dense-needs-flatten',
            args: { got: formatShape(x) },
            fix: { label: 'Insert Flatten', action: { kind: 'insertBefore', nodeType: 'Flatten' } },
          },
        },
  paramCount: (p, [x]) => ({ trainable: x[0] * p.units + (p.useBias ? p.units : 0), nonTrainable: 0 }),
  macs: (p, [x]) => x[0] * p.units,
  formula: (p, [x]) => [
    `y = ${p.activation === 'linear' ? '' : `${p.activation}(`}W·x${p.useBias ? ' + b' : ''}${p.activation === 'linear' ? '' : ')'}:  ${x[0]} → ${p.units}`,
    `params = (N${p.useBias ? ' + 1' : ''})·M = (${x[0]}${p.useBias ? ' + 1' : ''})·${p.units} = ${(x[0] + (p.useBias ? 1 : 0)) * p.units}`,
  ],
  summary: (p) => `${p.units}${p.activation !== 'linear' ? ` ${p.activation}` : ''}`,
  buildTf: ({ tf, name }, p, [x]) =>
    applyTfActivation(tf, p.activation, tf.layers.dense({ units: p.units, useBias: p.useBias, name }).apply(x) as tfjs.SymbolicTensor, name),
  keras: {
    classNames: ['Dense'],
    read: (c) => {
      const a = kerasActivation(c.activation);
      return a ? { params: { units: c.units, useBias: kerasGet(c, 'use_bias', 'useBias') ?? true, activation: a } } : unsupported(`Dense(activation=${c.activation})`);
    },
  },
  onnx: (ctx, p, [x]) => {
    const w = denseWeights(ctx.weights(p.useBias ? 2 : 1), x.chwOf, p.useBias);
    const ins = [x.name, ctx.constant('W', { shape: w.kernelShape, data: w.kernel }), ...(w.bias ? [ctx.constant('B', { shape: [p.units], data: w.bias })] : [])];
    return { name: onnxActivation(ctx, p.activation, ctx.node('Gemm', ins), 0.2, 2) };
  },
  // Gemm: y = x·B + C (B is [N, M], or [M, N] with transB); after a Flatten of a map the rows are in C·H·W order.
  onnxImport: {
    ops: ['Gemm'],
    read: (n) => {
      const a = n.attrs;
      const wt = n.constant(1);
      const bias = n.constant(2);
      if (!wt || (a.alpha ?? 1) !== 1 || (a.beta ?? 1) !== 1 || a.transA) return unsupported('Gemm(alpha/beta ≠ 1, transA or non-constant weights)');
      let kernel = wt.data as Float32Array;
      let [N, M] = wt.dims;
      if (a.transB) {
        kernel = transpose2d(kernel, wt.dims);
        [N, M] = [M, N];
      }
      const chwOf = n.inputs[0]!.chwOf;
      if (chwOf) kernel = unpermuteRows(kernel, [N, M], chwToHwcIndex(chwOf));
      const weights = [{ name: 'kernel', shape: [N, M], data: kernel }, ...(bias ? [{ name: 'bias', shape: [M], data: bias.data as Float32Array }] : [])];
      return { params: { units: M, useBias: !!bias, activation: 'linear' }, weights };
    },
  },
  torch: (ctx, p, [x]) => {
    const w = denseWeights(ctx.weights(p.useBias ? 2 : 1), x.chwOf, p.useBias);
    const state = { weight: { shape: [p.units, w.kernelShape[0]], data: w.linearWeight() }, ...(w.bias ? { bias: { shape: [p.units], data: w.bias } } : {}) };
    const fc = ctx.module(`nn.Linear(${w.kernelShape[0]}, ${p.units}, bias=${p.useBias ? 'True' : 'False'})`, state);
    return { expr: torchActivation(ctx, p.activation, ctx.assign(`${fc}(${x.expr})`)) };
  },
});
