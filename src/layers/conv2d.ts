// Conv2D: K filters of F×F over D1 input channels, stride S, zero padding P, dilation.
//   W2 = (W1 − F + 2P)/S + 1,  params = (F·F·D1)·K + K  (CS231n; LeCun et al. 1998)
import { z } from 'zod';
import { defineLayer } from './types';
import { ActivationNameSchema, PaddingSchema, dilationProblem, window2d, windowLabel } from './spatial';
import { applyTfActivation } from './activationTf';
import { hwioToOihw, oihwToHwio } from '../export/layout';
import { onnxConv } from '../export/onnx/windowOps';
import { onnxActivation } from '../export/onnx/activation';
import { torchConv } from '../export/torch/windowOps';
import { torchActivation } from '../export/torch/activation';
import { kerasActivation, kerasGet, kerasPadding, kerasSquare, onnxPadding, onnxSquare, unsupported, type ImportedTensor, type KerasConfig, type OnnxNodeIn } from '../import/layerReaders';

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

/** The params Conv2D and DepthwiseConv2D share, from a Keras config (square windows, a supported activation). */
export function readKerasConv(c: KerasConfig, className: string): { params: Record<string, unknown> } | { unsupported: string } {
  const k = kerasSquare(kerasGet(c, 'kernel_size', 'kernelSize'));
  const s = kerasSquare(c.strides ?? 1);
  const d = kerasSquare(kerasGet(c, 'dilation_rate', 'dilationRate') ?? 1);
  const a = kerasActivation(c.activation);
  if (k === undefined || s === undefined || d === undefined) return unsupported(`${className}(non-square kernel, stride or dilation)`);
  if (!a) return unsupported(`${className}(activation=${c.activation})`);
  return { params: { kernelSize: k, strides: s, padding: kerasPadding(c.padding), dilation: d, useBias: kerasGet(c, 'use_bias', 'useBias') ?? true, activation: a } };
}

/** An ONNX Conv's window, padding, constant weight (OIHW) and bias, shared by Conv2D and DepthwiseConv2D. */
export function readOnnxConv(n: OnnxNodeIn) {
  const a = n.attrs;
  const wt = n.constant(1);
  const bias = n.constant(2);
  const F = onnxSquare(a.kernel_shape ?? wt?.dims.slice(2));
  const S = onnxSquare(a.strides ?? [1, 1]);
  const D = onnxSquare(a.dilations ?? [1, 1]);
  const pad = F && S && D ? onnxPadding(a.pads, n.inputs[0]!.shape, F, S, D) : undefined;
  if (!wt || !F || !S || !D || pad === undefined || (a.auto_pad && a.auto_pad !== 'NOTSET')) return unsupported('Conv(non-square, asymmetric pads or weights not constant)');
  const biasTensor: ImportedTensor[] = bias ? [{ name: 'bias', shape: [wt.dims[0]], data: bias.data as Float32Array }] : [];
  return { group: (a.group ?? 1) as number, weight: { dims: wt.dims, data: wt.data as Float32Array }, biasTensor, params: { kernelSize: F, strides: S, padding: pad, dilation: D, useBias: !!bias, activation: 'linear' } };
}

export const conv2d = defineLayer<Conv2DParams>({
  type: 'Conv2D',
  category: 'convolution',
  labels: { en: 'Conv2D', ko: '2D 합성곱' },
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
  keras: {
    classNames: ['Conv2D'],
    read: (c, className) => {
      const r = readKerasConv(c, className);
      return 'params' in r ? { params: { filters: c.filters, ...r.params } } : r;
    },
  },
  onnx: (ctx, p, [x]) => {
    const [kernel, bias] = ctx.weights(p.useBias ? 2 : 1);
    const [F, , cin, K] = kernel.shape;
    const y = onnxConv(ctx, x.name, { ...p, group: 1, weight: hwioToOihw(kernel.data, kernel.shape), weightShape: [K, cin, F, F], bias: p.useBias ? bias.data : undefined });
    return { name: onnxActivation(ctx, p.activation, y) };
  },
  // group = 1 is an ordinary convolution; a grouped one is DepthwiseConv2D's (or nothing's).
  onnxImport: {
    ops: ['Conv'],
    read: (n) => {
      const r = readOnnxConv(n);
      if ('unsupported' in r) return r;
      if (r.group !== 1) return undefined;
      const [O, I] = r.weight.dims;
      const F = r.params.kernelSize;
      return { params: { ...r.params, filters: O }, weights: [{ name: 'kernel', shape: [F, F, I, O], data: oihwToHwio(r.weight.data, r.weight.dims) }, ...r.biasTensor] };
    },
  },
  torch: (ctx, p, [x]) => {
    const [kernel, bias] = ctx.weights(p.useBias ? 2 : 1);
    const [F, , cin, K] = kernel.shape;
    const y = torchConv(ctx, x.expr, { ...p, groups: 1, inChannels: cin, weight: hwioToOihw(kernel.data, kernel.shape), weightShape: [K, cin, F, F], bias: p.useBias ? bias.data : undefined });
    return { expr: torchActivation(ctx, p.activation, y) };
  },
});
