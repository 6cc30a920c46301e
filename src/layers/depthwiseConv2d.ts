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
import { paramHelp } from './paramHelp';
import { grouped, timesLine, windowShapeLines } from './explainMath';

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
  explain: {
    summary: {
      en: 'Filters each input channel with its own F×F filter, without mixing channels (MobileNet).',
      ko: '입력 채널마다 각자의 F×F 필터로 걸러 내며, 채널끼리 섞지 않습니다 (MobileNet).',
    },
    what: {
      en: 'A convolution split by channel: every one of the C input channels gets its own m F×F filters (m = depth multiplier), so the output has D2 = C·m channels and no filter looks across channels. It costs F·F·C·m parameters instead of F·F·C·K.',
      ko: '채널별로 나눈 합성곱입니다: C 개의 입력 채널이 각각 자기만의 F×F 필터 m 개 (m = 깊이 배수) 를 가지므로 출력은 D2 = C·m 채널이고, 어떤 필터도 채널을 가로질러 보지 않습니다. 매개변수는 F·F·C·K 대신 F·F·C·m 입니다.',
    },
    when: {
      en: 'Followed by a 1×1 convolution that mixes the channels (a depthwise-separable convolution, as in MobileNet), it replaces a full 3×3 convolution at a fraction of the parameters and MACs.',
      ko: '채널을 섞는 1×1 합성곱을 뒤에 두면 (MobileNet 의 깊이별 분리 합성곱) 매개변수와 MAC 의 일부만으로 3×3 합성곱을 대신합니다.',
    },
    params: {
      kernelSize: paramHelp.kernelSize,
      strides: paramHelp.strides,
      padding: paramHelp.padding,
      depthMultiplier: {
        en: 'm, how many filters each input channel gets; the output has C·m channels. 1 is the usual choice: one filter per channel.',
        ko: 'm, 입력 채널 하나가 갖는 필터 수; 출력은 C·m 채널입니다. 보통 1: 채널마다 필터 하나.',
      },
      dilation: paramHelp.dilation,
      useBias: paramHelp.useBias,
      activation: paramHelp.activation,
    },
  },
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
  math: (p, [x], out) => {
    const [h, w, c] = out;
    const F = p.kernelSize;
    return {
      shape: windowShapeLines(x, out, F, p.strides, p.padding, p.dilation, `D2 = C·m = ${x[2]}·${p.depthMultiplier} = ${c}`),
      params: p.useBias ? `F·F·C·m + C·m = ${F}·${F}·${c} + ${c} = ${grouped(F * F * c + c)}` : `F·F·C·m = ${timesLine([F, F, c])}`,
      macs: `H2·W2·C·m·F·F = ${timesLine([h, w, c, F, F])}`,
    };
  },
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
