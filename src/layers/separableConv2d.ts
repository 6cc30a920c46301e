// SeparableConv2D: a depthwise F×F convolution of each of the D1 input channels (× depth multiplier m), then a
// pointwise 1×1 convolution mixing the D1·m maps into K filters, one bias (Keras' SeparableConv2D).
//   W2 = (W1 − F + 2P)/S + 1,  params = F·F·D1·m + D1·m·K + K  (Chollet, Xception 2017; Howard et al., MobileNets 2017)
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { ActivationNameSchema, PaddingSchema, window2d, windowLabel } from './spatial';
import { applyTfActivation } from './activationTf';
import { paramHelp } from './paramHelp';
import { grouped, windowShapeLines } from './explainMath';
import { depthwiseToGrouped, hwioToOihw } from '../export/layout';
import { onnxConv } from '../export/onnx/windowOps';
import { onnxActivation } from '../export/onnx/activation';
import type { OnnxEmitContext } from '../export/onnx/emitContext';
import { torchConv } from '../export/torch/windowOps';
import { torchActivation } from '../export/torch/activation';
import type { TorchEmitContext } from '../export/torch/emitContext';
import { kerasGet, unsupported } from '../import/layerReaders';
import { readKerasConv } from './conv2d';

export const SeparableConv2DParams = z.object({
  filters: z.number().int().min(1).max(65536).default(32),
  kernelSize: z.number().int().min(1).max(1024).default(3),
  strides: z.number().int().min(1).max(1024).default(1),
  padding: PaddingSchema.default('same'),
  depthMultiplier: z.number().int().min(1).max(1024).default(1),
  useBias: z.boolean().default(true),
  activation: ActivationNameSchema.default('linear'),
});
export type SeparableConv2DParams = z.infer<typeof SeparableConv2DParams>;

/** The pointwise half writes its nodes, initializers and modules under "<layer>_pointwise…" so names stay unique. */
const pointwiseOnnx = (ctx: OnnxEmitContext): OnnxEmitContext => ({
  ...ctx,
  node: (op, inputs, attrs, suffix) => ctx.node(op, inputs, attrs, suffix ? `pointwise_${suffix}` : 'pointwise'),
  constant: (suffix, c) => ctx.constant(`pointwise_${suffix}`, c),
});
const pointwiseTorch = (ctx: TorchEmitContext): TorchEmitContext => ({ ...ctx, module: (ctor, st, suffix) => ctx.module(ctor, st, suffix ? `pointwise_${suffix}` : 'pointwise') });

export const separableConv2d = defineLayer<SeparableConv2DParams>({
  type: 'SeparableConv2D',
  category: 'convolution',
  labels: { en: 'Separable Conv2D', ko: '분리 2D 합성곱' },
  paramLabels: { depthMultiplier: { en: 'Depth multiplier', ko: '깊이 배수' } },
  explain: {
    summary: {
      en: 'A depthwise F×F convolution per channel, then a 1×1 convolution to K filters: a cheap Conv2D (Xception, MobileNet).',
      ko: '채널마다 깊이별 F×F 합성곱, 이어서 K 개 필터의 1×1 합성곱: 값싼 Conv2D (Xception, MobileNet).',
    },
    what: {
      en: 'A convolution factored in two steps. First every one of the D1 input channels is filtered on its own by m F×F filters (m = depth multiplier), giving D1·m maps; then a 1×1 convolution mixes those maps into K output channels, adding one bias per filter. It costs F·F·D1·m + D1·m·K + K parameters instead of F·F·D1·K + K: for 3×3 filters about 8 to 9 times fewer.',
      ko: '합성곱을 두 단계로 나눈 것입니다. 먼저 D1 개의 입력 채널 각각을 m 개의 F×F 필터 (m = 깊이 배수) 로 따로 걸러 D1·m 개의 맵을 만들고, 이어서 1×1 합성곱이 그 맵들을 섞어 K 개의 출력 채널을 만들며 필터마다 편향 하나를 더합니다. 매개변수는 F·F·D1·K + K 대신 F·F·D1·m + D1·m·K + K 이며, 3×3 필터에서는 약 8–9 배 적습니다.',
    },
    when: {
      en: 'In place of a Conv2D where parameters and MACs matter: Xception (Chollet 2017) is built of them, and MobileNet (Howard et al. 2017) uses the same depthwise + 1×1 pair (with BN and ReLU6 between). Follow it with batch normalization and an activation as a Conv2D.',
      ko: '매개변수와 MAC 이 중요한 곳에서 Conv2D 대신 씁니다: Xception (Chollet 2017) 은 이것으로 이루어지고, MobileNet (Howard et al. 2017) 도 같은 깊이별 + 1×1 쌍을 씁니다 (사이에 BN 과 ReLU6). Conv2D 처럼 뒤에 배치 정규화와 활성화를 두세요.',
    },
    params: {
      filters: paramHelp.filters,
      kernelSize: paramHelp.kernelSize,
      strides: paramHelp.strides,
      padding: paramHelp.padding,
      depthMultiplier: {
        en: 'm, how many depthwise filters each input channel gets before the 1×1 step mixes them; the pointwise step sees D1·m maps. 1 is the usual choice.',
        ko: 'm, 1×1 단계가 섞기 전에 입력 채널 하나가 갖는 깊이별 필터 수; 점별 단계는 D1·m 개의 맵을 봅니다. 보통 1.',
      },
      useBias: {
        en: 'Adds one learned bias per output filter after the 1×1 step (the "+ K"; the depthwise step has none, as in Keras).',
        ko: '1×1 단계 뒤에 출력 필터마다 학습되는 편향 하나를 더합니다 ("+ K"; Keras 처럼 깊이별 단계에는 없습니다).',
      },
      activation: paramHelp.activation,
    },
  },
  schema: SeparableConv2DParams,
  arity: { min: 1, max: 1 },
  outputShape: (p, inputs) => {
    const r = window2d(inputs, p.kernelSize, p.strides, p.padding, 1, p.filters);
    return r.ok ? { ok: true, shape: r.shape, warnings: r.warnings } : r;
  },
  paramCount: (p, [x]) => {
    const mid = x[2] * p.depthMultiplier;
    return { trainable: p.kernelSize * p.kernelSize * mid + mid * p.filters + (p.useBias ? p.filters : 0), nonTrainable: 0 };
  },
  // Depthwise: F·F per map of D1·m; pointwise: D1·m per output value.
  macs: (p, [x], [h, w, k]) => h * w * x[2] * p.depthMultiplier * (p.kernelSize * p.kernelSize + k),
  receptiveField: (p) => ({ kernel: p.kernelSize, stride: p.strides }),
  math: (p, [x], out) => {
    const [h, w, k] = out;
    const F = p.kernelSize;
    const D1 = x[2];
    const m = p.depthMultiplier;
    const weights = F * F * D1 * m + D1 * m * k;
    return {
      shape: windowShapeLines(x, out, F, p.strides, p.padding, 1, `D2 = K = ${k}`),
      params: p.useBias
        ? `F·F·D1·m + D1·m·K + K = ${F}·${F}·${D1}·${m} + ${D1}·${m}·${k} + ${k} = ${grouped(weights + k)}`
        : `F·F·D1·m + D1·m·K = ${F}·${F}·${D1}·${m} + ${D1}·${m}·${k} = ${grouped(weights)}`,
      macs: `H2·W2·D1·m·(F·F + K) = ${h}·${w}·${D1}·${m}·(${F}·${F} + ${k}) = ${grouped(h * w * D1 * m * (F * F + k))}`,
    };
  },
  summary: (p) =>
    `sep ${p.filters} @ ${p.kernelSize}×${p.kernelSize}${windowLabel(p.strides, p.padding)}${p.depthMultiplier > 1 ? ` ×${p.depthMultiplier}` : ''}${p.activation !== 'linear' ? ` ${p.activation}` : ''}`,
  buildTf: ({ tf, name }, p, [x]) => {
    let h = x;
    if (typeof p.padding === 'number' && p.padding > 0) h = tf.layers.zeroPadding2d({ padding: p.padding, name: `${name}_pad` }).apply(h) as tfjs.SymbolicTensor;
    const layer = tf.layers.separableConv2d({
      filters: p.filters,
      kernelSize: p.kernelSize,
      strides: p.strides,
      padding: p.padding === 'same' ? 'same' : 'valid',
      depthMultiplier: p.depthMultiplier,
      useBias: p.useBias,
      name,
    });
    // tfjs 4.22's SeparableConv2D.getConfig leaves depth_multiplier out: a saved model would load with m = 1.
    const config = layer.getConfig.bind(layer);
    layer.getConfig = () => ({ ...config(), depthMultiplier: p.depthMultiplier });
    return applyTfActivation(tf, p.activation, layer.apply(h) as tfjs.SymbolicTensor, name);
  },
  keras: {
    classNames: ['SeparableConv2D'],
    read: (c, className) => {
      const r = readKerasConv(c, className);
      if (!('params' in r)) return r;
      const { dilation, ...params } = r.params;
      if (dilation !== 1) return unsupported(`${className}(dilation_rate=${dilation})`);
      return { params: { filters: c.filters, ...params, depthMultiplier: kerasGet(c, 'depth_multiplier', 'depthMultiplier') ?? 1 } };
    },
  },
  // Depthwise Conv (group = D1, no bias), then a 1×1 Conv with the bias; each imports back as its own layer.
  onnx: (ctx, p, [x]) => {
    const [dw, pw, bias] = ctx.weights(p.useBias ? 3 : 2);
    const [F, , C, m] = dw.shape;
    const K = pw.shape[3];
    const mid = onnxConv(ctx, x.name, { ...p, dilation: 1, group: C, weight: depthwiseToGrouped(dw.data, dw.shape), weightShape: [C * m, 1, F, F] });
    const pctx = pointwiseOnnx(ctx);
    const y = onnxConv(pctx, mid, { kernelSize: 1, strides: 1, padding: 'valid', dilation: 1, group: 1, weight: hwioToOihw(pw.data, pw.shape), weightShape: [K, C * m, 1, 1], bias: p.useBias ? bias.data : undefined });
    return { name: onnxActivation(pctx, p.activation, y) };
  },
  torch: (ctx, p, [x]) => {
    const [dw, pw, bias] = ctx.weights(p.useBias ? 3 : 2);
    const [F, , C, m] = dw.shape;
    const K = pw.shape[3];
    const mid = torchConv(ctx, x.expr, { ...p, dilation: 1, groups: C, inChannels: C, weight: depthwiseToGrouped(dw.data, dw.shape), weightShape: [C * m, 1, F, F] });
    const y = torchConv(pointwiseTorch(ctx), mid, { kernelSize: 1, strides: 1, padding: 'valid', dilation: 1, groups: 1, inChannels: C * m, weight: hwioToOihw(pw.data, pw.shape), weightShape: [K, C * m, 1, 1], bias: p.useBias ? bias.data : undefined });
    return { expr: torchActivation(ctx, p.activation, y) };
  },
});
