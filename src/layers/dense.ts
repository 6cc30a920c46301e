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
import { paramHelp } from './paramHelp';
import { grouped, timesLine } from './explainMath';

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
  explain: {
    summary: { en: 'Fully connected (FC): every one of M units sees all N inputs, y = W·x + b.', ko: '완전 연결 (FC): M 개 유닛 각각이 N 개 입력 전부를 봅니다, y = W·x + b.' },
    what: {
      en: 'Each of the M units multiplies all N inputs by its own weights, sums them and adds a bias: an N×M weight matrix plus M biases, (N + 1)·M parameters. Unlike a convolution nothing is shared, which is why FC layers hold most of the parameters of LeNet-5, AlexNet and VGG.',
      ko: 'M 개 유닛 각각이 N 개 입력 전부에 자기 가중치를 곱해 더하고 편향을 더합니다: N×M 가중치 행렬과 M 개 편향, (N + 1)·M 개의 매개변수. 합성곱과 달리 공유가 없어, LeNet-5, AlexNet, VGG 의 매개변수 대부분이 FC 층에 있습니다.',
    },
    when: {
      en: 'After Flatten (or global pooling), to combine the extracted features into a decision: conv → flatten → FC → softmax. LeNet-5 has 120 and 84 units, AlexNet and VGG 4096 + 4096; add ReLU and Dropout between them.',
      ko: 'Flatten (또는 전역 풀링) 뒤에서 추출된 특징을 결정으로 모읍니다: 합성곱 → 평탄화 → FC → 소프트맥스. LeNet-5 는 120 과 84 유닛, AlexNet 과 VGG 는 4096 + 4096; 사이에 ReLU 와 드롭아웃을 두세요.',
    },
    params: {
      units: { en: 'M, the number of outputs (neurons); each has N weights and a bias.', ko: 'M, 출력 (뉴런) 의 수; 각각 N 개의 가중치와 편향 하나를 가집니다.' },
      useBias: paramHelp.useBias,
      activation: paramHelp.activation,
    },
  },
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
  math: (p, [x]) => ({
    shape: [`y = ${p.activation === 'linear' ? '' : `${p.activation}(`}W·x${p.useBias ? ' + b' : ''}${p.activation === 'linear' ? '' : ')'}`, `N = ${grouped(x[0])} → M = ${grouped(p.units)}`],
    params: p.useBias ? `(N + 1)·M = (${x[0]} + 1)·${p.units} = ${grouped((x[0] + 1) * p.units)}` : `N·M = ${timesLine([x[0], p.units])}`,
    macs: `N·M = ${timesLine([x[0], p.units])}`,
  }),
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
