// The classifier head: FC to one unit per class, then softmax p_i = e^{z_i} / Σ_j e^{z_j}.
//   params = (N + 1)·classes
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { formatShape } from '../graph/schema';
import { denseWeights } from '../export/denseWeights';
import { grouped, timesLine } from './explainMath';

export const OutputParams = z.object({
  classes: z.number().int().min(2).max(100_000).default(10),
  // What the model hands out: softmax is always applied in CNN Studio (predictions, cross-entropy loss); an
  // imported model that returned logits (PyTorch's nn.Linear head) keeps 'logits' so its ONNX / PyTorch
  // exports leave the softmax out again. Optional, not defaulted: graphHash hashes params with defaults
  // filled in, and a new default would make every saved project's weights look stale.
  // The inspector shows an absent value as the first option ('probabilities').
  returns: z.enum(['probabilities', 'logits']).optional(),
});
export type OutputParams = z.infer<typeof OutputParams>;

export const output = defineLayer<OutputParams>({
  type: 'Output',
  category: 'io',
  labels: { en: 'Output (softmax)', ko: '출력 (소프트맥스)' },
  paramLabels: { classes: { en: 'Classes', ko: '클래스 수' }, returns: { en: 'Exported output', ko: '내보내는 출력' } },
  explain: {
    summary: { en: 'The classifier: an FC layer with one unit per class, then softmax turns scores into probabilities.', ko: '분류기: 클래스마다 유닛 하나인 FC 층 뒤에 소프트맥스가 점수를 확률로 바꿉니다.' },
    what: {
      en: 'A fully connected layer gives one score z_i per class; softmax p_i = e^{z_i} / Σ_j e^{z_j} turns the scores into probabilities that sum to 1, and the largest one is the prediction. Training minimizes the cross-entropy −log p of the true class.',
      ko: '완전 연결층이 클래스마다 점수 z_i 하나를 내고, 소프트맥스 p_i = e^{z_i} / Σ_j e^{z_j} 가 점수를 합이 1 인 확률로 바꿉니다. 가장 큰 것이 예측입니다. 학습은 정답 클래스의 교차 엔트로피 −log p 를 줄입니다.',
    },
    when: {
      en: 'Exactly one, at the end: flatten → FC → softmax. It needs a vector, so put Flatten or global pooling before it.',
      ko: '끝에 정확히 하나: 평탄화 → FC → 소프트맥스. 벡터가 필요하므로 앞에 Flatten 이나 전역 풀링을 두세요.',
    },
    params: {
      classes: { en: 'How many classes the network tells apart (10 for digits 0–9); one output unit and one probability per class.', ko: '네트워크가 구별하는 클래스 수 (숫자 0–9 는 10); 클래스마다 출력 유닛 하나와 확률 하나.' },
      returns: {
        en: 'What ONNX and PyTorch exports return: probabilities (softmax applied; the default) or logits, the scores z_i before softmax, as a model imported from PyTorch with an nn.Linear head returned them. Training and predictions in CNN Studio always apply softmax.',
        ko: 'ONNX 와 PyTorch 로 내보낸 모델이 돌려주는 값: 확률 (소프트맥스 적용; 기본값) 또는 로짓, 곧 소프트맥스 전의 점수 z_i — nn.Linear 머리를 가진 PyTorch 모델을 가져오면 로짓입니다. CNN Studio 안의 학습과 예측은 항상 소프트맥스를 씁니다.',
      },
    },
  },
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
  summary: (p, lang = 'en') => (lang === 'ko' ? `${p.classes}개 클래스, ${p.returns === 'logits' ? '로짓' : '소프트맥스'}` : `${p.classes} classes, ${p.returns === 'logits' ? 'logits' : 'softmax'}`),
  math: (p, [x]) => ({
    shape: [`N = ${grouped(x[0])} → classes = ${p.classes}`, 'p_i = e^{z_i} / Σ_j e^{z_j}', ...(p.returns === 'logits' ? ['exports return z_i (logits)'] : [])],
    params: `(N + 1)·classes = (${x[0]} + 1)·${p.classes} = ${grouped((x[0] + 1) * p.classes)}`,
    macs: `N·classes = ${timesLine([x[0], p.classes])}`,
  }),
  // Both importers read it as a Dense (Keras Dense with softmax; ONNX Gemm → Softmax) that is the model's output.
  buildTf: ({ tf, name }, p, [x]) => tf.layers.dense({ units: p.classes, activation: 'softmax', name }).apply(x) as tfjs.SymbolicTensor,
  onnx: (ctx, p, [x]) => {
    const w = denseWeights(ctx.weights(2), x.chwOf, true);
    const ins = [x.name, ctx.constant('W', { shape: w.kernelShape, data: w.kernel }), ctx.constant('B', { shape: [p.classes], data: w.bias! })];
    if (p.returns === 'logits') return { name: ctx.node('Gemm', ins) };
    return { name: ctx.node('Softmax', [ctx.node('Gemm', ins, {}, 'logits')], { axis: { i: -1 } }) };
  },
  torch: (ctx, p, [x]) => {
    const w = denseWeights(ctx.weights(2), x.chwOf, true);
    const fc = ctx.module(`nn.Linear(${w.kernelShape[0]}, ${p.classes})`, { weight: { shape: [p.classes, w.kernelShape[0]], data: w.linearWeight() }, bias: { shape: [p.classes], data: w.bias! } });
    const z = ctx.assign(`${fc}(${x.expr})`);
    ctx.logits(z);
    return { expr: p.returns === 'logits' ? z : ctx.assign(`F.softmax(${z}, dim=1)`) };
  },
});
