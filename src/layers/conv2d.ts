// Conv2D: K filters of F×F over D1 input channels, stride S, zero padding P, dilation.
//   W2 = (W1 − F + 2P)/S + 1,  params = (F·F·D1)·K + K  (CS231n; LeCun et al. 1998)
import { z } from 'zod';
import { defineLayer } from './types';
import { ActivationNameSchema, PaddingSchema, dilationProblem, window2d, windowLabel } from './spatial';
import { applyTfActivation } from './activationTf';
import { differentiableDilation } from '../kernels/dilatedConv';
import { fedByWeights, withoutInputGradient } from '../kernels/inputGradient';
import { paramHelp } from './paramHelp';
import { grouped, timesLine, windowShapeLines } from './explainMath';
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
  explain: {
    summary: {
      en: 'Slides K learned F×F filters over the image; each filter gives one feature map.',
      ko: '학습되는 F×F 필터 K 개를 이미지 위로 밀어 가며 적용합니다; 필터마다 특징 맵이 하나씩 나옵니다.',
    },
    what: {
      en: 'Each of the K filters is an F×F×D1 block of weights. It slides over the input in steps of S pixels; at every position it multiplies the patch under it element by element, sums the products and adds a bias, giving one value of its feature map. The K maps stack into an output of depth D2 = K. The same weights are used at every position (parameter sharing), so a convolution needs far fewer parameters than a fully connected layer.',
      ko: 'K 개의 필터는 각각 F×F×D1 크기의 가중치 묶음입니다. 필터는 입력 위를 S 픽셀씩 이동하며, 각 위치에서 덮은 영역과 원소별로 곱해 모두 더하고 편향을 더해 특징 맵의 값 하나를 만듭니다. K 개의 맵이 쌓여 깊이 D2 = K 인 출력이 됩니다. 모든 위치에서 같은 가중치를 쓰므로 (매개변수 공유) 완전 연결층보다 매개변수가 훨씬 적습니다.',
    },
    when: {
      en: 'The feature extractor of every CNN: early layers find edges and colour blobs, deeper ones combine them into parts and objects. LeNet-5 uses 5×5 filters, AlexNet starts with 11×11/4, VGG stacks 3×3 with padding "same"; follow it with ReLU, and shrink the map with S = 2 or a pooling layer.',
      ko: '모든 CNN 의 특징 추출기입니다: 앞쪽 층은 경계와 색 덩어리를, 깊은 층은 이를 조합해 부분과 물체를 찾습니다. LeNet-5 는 5×5 필터, AlexNet 은 처음에 11×11/4, VGG 는 패딩 "same" 의 3×3 을 쌓습니다; 뒤에 ReLU 를 두고, S = 2 나 풀링 층으로 맵을 줄이세요.',
    },
    params: {
      filters: paramHelp.filters,
      kernelSize: paramHelp.kernelSize,
      strides: paramHelp.strides,
      padding: paramHelp.padding,
      dilation: paramHelp.dilation,
      useBias: paramHelp.useBias,
      activation: paramHelp.activation,
    },
  },
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
  math: (p, [x], out) => {
    const [h, w, k] = out;
    const F = p.kernelSize;
    const D1 = x[2];
    const weights = F * F * D1 * k;
    return {
      shape: windowShapeLines(x, out, F, p.strides, p.padding, p.dilation, `D2 = K = ${k}`),
      params: p.useBias
        ? `(F·F·D1)·K + K = (${F}·${F}·${D1})·${k} + ${k} = ${grouped(weights + k)}`
        : `(F·F·D1)·K = (${F}·${F}·${D1})·${k} = ${grouped(weights)}`,
      macs: `H2·W2·K·F·F·D1 = ${timesLine([h, w, k, F, F, D1])}`,
    };
  },
  summary: (p) =>
    `${p.filters} @ ${p.kernelSize}×${p.kernelSize}${windowLabel(p.strides, p.padding)}${p.dilation > 1 ? ` d${p.dilation}` : ''}${p.activation !== 'linear' ? ` ${p.activation}` : ''}`,
  buildTf: ({ tf, name }, p, [x]) => {
    // Explicit P: ZeroPadding2D followed by a 'valid' convolution.
    let h = x;
    if (typeof p.padding === 'number' && p.padding > 0)
      h = tf.layers.zeroPadding2d({ padding: p.padding, name: `${name}_pad` }).apply(h) as typeof x;
    const conv = tf.layers.conv2d({
      filters: p.filters,
      kernelSize: p.kernelSize,
      strides: p.strides,
      padding: p.padding === 'same' ? 'same' : 'valid',
      dilationRate: p.dilation,
      useBias: p.useBias,
      name,
    });
    // tfjs has no gradient for a dilated conv; ours makes it train and gives Grad-CAM through it. A conv that reads
    // the network's input needs no input gradient, which tfjs' fused conv computes anyway.
    const layer = p.dilation > 1 ? differentiableDilation(tf, conv) : fedByWeights(h) ? conv : withoutInputGradient(tf, conv);
    const y = layer.apply(h) as typeof x;
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
