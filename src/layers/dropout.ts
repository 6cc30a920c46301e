// Dropout: zeroes a fraction `rate` of activations while training (Srivastava et al. 2014); identity at inference.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';

export const DropoutParams = z.object({ rate: z.number().min(0).max(0.99).default(0.5) });
export type DropoutParams = z.infer<typeof DropoutParams>;

export const dropout = defineLayer<DropoutParams>({
  type: 'Dropout',
  category: 'regularization',
  labels: { en: 'Dropout', ko: '드롭아웃' },
  paramLabels: { rate: { en: 'Rate', ko: '비율' } },
  explain: {
    summary: { en: 'While training, zeroes a random fraction of values so units cannot rely on each other.', ko: '학습 중에 값의 일부를 무작위로 0 으로 만들어 유닛들이 서로에게 기대지 못하게 합니다.' },
    what: {
      en: 'During training each value is set to 0 with probability p and the others are scaled by 1/(1 − p); every step trains a different thinned network. At inference it does nothing. This regularization reduces overfitting.',
      ko: '학습 중 각 값을 확률 p 로 0 으로 만들고 나머지는 1/(1 − p) 배 합니다; 매 단계가 다른 솎아 낸 네트워크를 학습합니다. 추론 때는 아무것도 하지 않습니다. 과적합을 줄이는 정규화입니다.',
    },
    when: {
      en: 'Between large fully connected layers when the training accuracy runs far ahead of the validation accuracy; AlexNet and VGG use p = 0.5 on their FC layers.',
      ko: '학습 정확도가 검증 정확도보다 크게 앞설 때 큰 완전 연결층 사이에 둡니다; AlexNet 과 VGG 는 FC 층에 p = 0.5 를 씁니다.',
    },
    params: {
      rate: { en: 'p, the fraction of values zeroed at each training step (0.5 = half). Higher means stronger regularization; 0 turns it off.', ko: 'p, 학습 단계마다 0 으로 만드는 값의 비율 (0.5 = 절반). 클수록 정규화가 강하고, 0 이면 꺼집니다.' },
    },
  },
  schema: DropoutParams,
  arity: { min: 1, max: 1 },
  outputShape: (_p, [x]) => ({ ok: true, shape: x }),
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  // Inverted dropout: kept values are scaled by 1/(1 − p) while training, so inference is the identity.
  summary: (p) => `p=${p.rate}`,
  math: (p, [x]) => ({ shape: [`${x.join('×')} → ${x.join('×')}`, `1/(1 − p) = 1/(1 − ${p.rate}) = ${+(1 / (1 - p.rate)).toFixed(3)}`], params: '0' }),
  buildTf: ({ tf, name }, p, [x]) => tf.layers.dropout({ rate: p.rate, name }).apply(x) as tfjs.SymbolicTensor,
  // Identity at inference: no op in ONNX; nn.Dropout in PyTorch so train.py regularises as tfjs did.
  onnx: (_ctx, _p, [x]) => x,
  keras: { classNames: ['Dropout'], read: (c) => ({ params: { rate: c.rate } }) },
  // An ONNX graph is for inference, where dropout is the identity: it reads as nothing.
  onnxImport: { ops: ['Dropout'], read: () => ({ identity: true }) },
  torch: (ctx, p, [x]) => ({ ...x, expr: ctx.assign(`${ctx.module(`nn.Dropout(${p.rate})`)}(${x.expr})`) }),
});
