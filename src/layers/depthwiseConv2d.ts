// DepthwiseConv2D: one F×F filter per input channel (× depth multiplier m), no mixing across channels.
//   params = F·F·C·m + C·m  (Howard et al., MobileNets 2017)
import { z } from 'zod';
import { defineLayer } from './types';
import { ActivationNameSchema, PaddingSchema, dilationProblem, window2d, windowLabel } from './spatial';
import { applyTfActivation } from './activationTf';
import { depthwiseToGrouped, groupedToDepthwise } from '../export/layout';
import { onnxConv } from '../export/onnx/windowOps';
import { onnxActivation } from '../export/onnx/activation';
import { torchConv } from '../export/torch/windowOps';
import { torchActivation } from '../export/torch/activation';
import { kerasGet, unsupported } from '../import/layerReaders';
import { readKerasConv, readOnnxConv } from './conv2d';

export const DepthwiseConv2DParams = z.object({
  kernelSize: z.number().int().min(1).max(1024).default(3),
  strides: z.number().int().min(1).max(1024).default(1),
  padding: PaddingSchema.default('same'),
  depthMultiplier: z.number().int().min(1).max(1024).default(1),
  dilation: z.number().int().min(1).max(1024).default(1),
  useBias: z.boolean().default(true),
  activation: ActivationNameSchema.default('linear'),
});
export type DepthwiseConv2DParams = z.infer<typeof DepthwiseConv2DParams>;

export const depthwiseConv2d = defineLayer<DepthwiseConv2DParams>({
  type: 'DepthwiseConv2D',
  category: 'convolution',
  labels: { en: 'Depthwise Conv2D', ko: '깊이별 2D 합성곱' },
  paramLabels: { depthMultiplier: { en: 'Depth multiplier', ko: '깊이 배수' } },
  schema: DepthwiseConv2DParams,
  arity: { min: 1, max: 1 },
  outputShape: (p, inputs) => {
    const problem = dilationProblem('depthwise', p.dilation, p.strides);
    if (problem) return { ok: false, problem };
    const C = inputs[0]?.[2];
    const r = window2d(inputs, p.kernelSize, p.strides, p.padding, p.dilation, C === undefined ? undefined : C * p.depthMultiplier);
    return r.ok ? { ok: true, shape: r.shape, warnings: r.warnings } : r;
  },
  paramCount: (p, [x]) => {
    const out = x[2] * p.depthMultiplier;
    return { trainable: p.kernelSize * p.kernelSize * out + (p.useBias ? out : 0), nonTrainable: 0 };
  },
  macs: (p, _i, [h, w, c]) => h * w * c * p.kernelSize * p.kernelSize,
  receptiveField: (p) => ({ kernel: p.dilation * (p.kernelSize - 1) + 1, stride: p.strides }),
  formula: (p, [x], [h, w, c]) => [
    `H2×W2 = ${h}×${w},  D2 = C·m = ${x[2]}·${p.depthMultiplier} = ${c}`,
    `params = F·F·C·m + C·m = ${p.kernelSize}·${p.kernelSize}·${c}${p.useBias ? ` + ${c}` : ''} = ${p.kernelSize * p.kernelSize * c + (p.useBias ? c : 0)}`,
  ],
  summary: (p) =>
    `dw ${p.kernelSize}×${p.kernelSize}${windowLabel(p.strides, p.padding)}${p.depthMultiplier > 1 ? ` ×${p.depthMultiplier}` : ''}${p.activation !== 'linear' ? ` ${p.activation}` : ''}`,
  buildTf: ({ tf, name }, p, [x]) => {
    let h = x;
    if (typeof p.padding === 'number' && p.padding > 0)
      h = tf.layers.zeroPadding2d({ padding: p.padding, name: `${name}_pad` }).apply(h) as typeof x;
    const y = tf.layers
      .depthwiseConv2d({
        kernelSize: p.kernelSize,
        strides: p.strides,
        padding: p.padding === 'same' ? 'same' : 'valid',
        depthMultiplier: p.depthMultiplier,
        dilationRate: p.dilation,
        useBias: p.useBias,
        name,
      })
      .apply(h) as typeof x;
    return applyTfActivation(tf, p.activation, y, name);
  },
  keras: {
    classNames: ['DepthwiseConv2D'],
    read: (c, className) => {
      const r = readKerasConv(c, className);
      return 'params' in r ? { params: { ...r.params, depthMultiplier: kerasGet(c, 'depth_multiplier', 'depthMultiplier') ?? 1 } } : r;
    },
  },
  // A depthwise convolution is a grouped convolution with one group per input channel (group = C).
  onnx: (ctx, p, [x]) => {
    const [kernel, bias] = ctx.weights(p.useBias ? 2 : 1);
    const [F, , C, m] = kernel.shape;
    const y = onnxConv(ctx, x.name, { ...p, group: C, weight: depthwiseToGrouped(kernel.data, kernel.shape), weightShape: [C * m, 1, F, F], bias: p.useBias ? bias.data : undefined });
    return { name: onnxActivation(ctx, p.activation, y) };
  },
  onnxImport: {
    ops: ['Conv'],
    read: (n) => {
      const r = readOnnxConv(n);
      if ('unsupported' in r) return r;
      const [O, I] = r.weight.dims;
      const F = r.params.kernelSize;
      const C = n.inputs[0]!.shape[2];
      if (I !== 1 || r.group !== C) return unsupported(`Conv(group=${r.group})`);
      return { params: { ...r.params, depthMultiplier: O / C }, weights: [{ name: 'depthwise_kernel', shape: [F, F, C, O / C], data: groupedToDepthwise(r.weight.data, r.weight.dims) }, ...r.biasTensor] };
    },
  },
  torch: (ctx, p, [x]) => {
    const [kernel, bias] = ctx.weights(p.useBias ? 2 : 1);
    const [F, , C, m] = kernel.shape;
    const y = torchConv(ctx, x.expr, { ...p, groups: C, inChannels: C, weight: depthwiseToGrouped(kernel.data, kernel.shape), weightShape: [C * m, 1, F, F], bias: p.useBias ? bias.data : undefined });
    return { expr: torchActivation(ctx, p.activation, y) };
  },
});
