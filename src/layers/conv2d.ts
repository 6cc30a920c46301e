// Conv2D: K filters of F×F over D1 input channels, stride S, zero padding P, dilation.
//   W2 = (W1 − F + 2P)/S + 1,  params = (F·F·D1)·K + K  (CS231n; LeCun et al. 1998)
import { z } from 'zod';
import { defineLayer } from './types';
import { ActivationNameSchema, PaddingSchema, dilationProblem, window2d, windowLabel } from './spatial';
import { applyTfActivation } from './activationTf';
import { hwioToOihw } from '../export/layout';
import { onnxConv } from '../export/onnx/windowOps';
import { onnxActivation } from '../export/onnx/activation';
import { torchConv } from '../export/torch/windowOps';
import { torchActivation } from '../export/torch/activation';

export const Conv2DParams = z.object({
  filters: z.number().int().min(1).max(65536).default(32),
  kernelSize: z.number().int().min(1).max(1024).default(3),
  strides: z.number().int().min(1).max(1024).default(1),
  padding: PaddingSchema.default('valid'),
  dilation: z.number().int().min(1).max(1024).default(1),
  useBias: z.boolean().default(true),
  activation: ActivationNameSchema.default('linear'),
});
export type Conv2DParams = z.infer<typeof Conv2DParams>;

export const conv2d = defineLayer<Conv2DParams>({
  type: 'Conv2D',
  category: 'convolution',
  schema: Conv2DParams,
  arity: { min: 1, max: 1 },
  outputShape: (p, inputs) => {
    const problem = dilationProblem('conv', p.dilation, p.strides);
    if (problem) return { ok: false, problem };
    const r = window2d(inputs, p.kernelSize, p.strides, p.padding, p.dilation, p.filters);
    return r.ok ? { ok: true, shape: r.shape, warnings: r.warnings } : r;
  },
  paramCount: (p, [x]) => ({
    trainable: p.kernelSize * p.kernelSize * x[2] * p.filters + (p.useBias ? p.filters : 0),
    nonTrainable: 0,
  }),
  // Each output element: F·F·D1 multiply-accumulates.
  macs: (p, [x], [h, w, k]) => h * w * k * p.kernelSize * p.kernelSize * x[2],
  receptiveField: (p) => ({ kernel: p.dilation * (p.kernelSize - 1) + 1, stride: p.strides }),
  formula: (p, [x], [h, w, k]) => {
    const P = p.padding === 'valid' ? 0 : p.padding;
    const F = p.kernelSize;
    return [
      p.padding === 'same'
        ? `W2 = ⌈W1/S⌉ = ⌈${x[1]}/${p.strides}⌉ = ${w}`
        : `W2 = (W1 − F + 2P)/S + 1 = (${x[1]} − ${p.dilation * (F - 1) + 1} + 2·${P})/${p.strides} + 1 = ${w}`,
      `H2 = ${h},  D2 = K = ${k}`,
      `params = (F·F·D1)·K + K = (${F}·${F}·${x[2]})·${k}${p.useBias ? ` + ${k}` : ''} = ${F * F * x[2] * k + (p.useBias ? k : 0)}`,
    ];
  },
  summary: (p) =>
    `${p.filters} @ ${p.kernelSize}×${p.kernelSize}${windowLabel(p.strides, p.padding)}${p.dilation > 1 ? ` d${p.dilation}` : ''}${p.activation !== 'linear' ? ` ${p.activation}` : ''}`,
  buildTf: ({ tf, name }, p, [x]) => {
    // Explicit P: ZeroPadding2D followed by a 'valid' convolution.
    let h = x;
    if (typeof p.padding === 'number' && p.padding > 0)
      h = tf.layers.zeroPadding2d({ padding: p.padding, name: `${name}_pad` }).apply(h) as typeof x;
    const y = tf.layers
      .conv2d({
        filters: p.filters,
        kernelSize: p.kernelSize,
        strides: p.strides,
        padding: p.padding === 'same' ? 'same' : 'valid',
        dilationRate: p.dilation,
        useBias: p.useBias,
        name,
      })
      .apply(h) as typeof x;
    return applyTfActivation(tf, p.activation, y, name);
  },
  onnx: (ctx, p, [x]) => {
    const [kernel, bias] = ctx.weights(p.useBias ? 2 : 1);
    const [F, , cin, K] = kernel.shape;
    const y = onnxConv(ctx, x.name, { ...p, group: 1, weight: hwioToOihw(kernel.data, kernel.shape), weightShape: [K, cin, F, F], bias: p.useBias ? bias.data : undefined });
    return { name: onnxActivation(ctx, p.activation, y) };
  },
  torch: (ctx, p, [x]) => {
    const [kernel, bias] = ctx.weights(p.useBias ? 2 : 1);
    const [F, , cin, K] = kernel.shape;
    const y = torchConv(ctx, x.expr, { ...p, groups: 1, inChannels: cin, weight: hwioToOihw(kernel.data, kernel.shape), weightShape: [K, cin, F, F], bias: p.useBias ? bias.data : undefined });
    return { expr: torchActivation(ctx, p.activation, y) };
  },
});
