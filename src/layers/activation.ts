// Element-wise nonlinearity. ReLU max(0,x) (Nair & Hinton 2010); softmax e^x_i / Σ e^x_j over the last axis.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { onnxActivation } from '../export/onnx/activation';
import { torchActivation } from '../export/torch/activation';
import { kerasActivation, unsupported, type ReadResult } from '../import/layerReaders';

export const ActivationParams = z.object({
  activation: z.enum(['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'softmax']).default('relu'),
  /** Slope for x < 0 of leakyRelu. (ELU uses α = 1: tfjs supports no other value.) */
  alpha: z.number().min(0).max(10).default(0.2),
});
export type ActivationParams = z.infer<typeof ActivationParams>;

/** ONNX op → activation; the ONNX importer also reads fused activations ("<layer>_relu") with this. */
const ONNX_OPS: Record<string, ActivationParams['activation']> = { Relu: 'relu', LeakyRelu: 'leakyRelu', Elu: 'elu', Sigmoid: 'sigmoid', Tanh: 'tanh', Softmax: 'softmax' };

/** Keras' Activation layer and its dedicated activation layers (tfjs builds leakyRelu and elu as those). */
function readKeras(c: Record<string, any>, className: string): ReadResult {
  switch (className) {
    case 'Activation': {
      const a = kerasActivation(c.activation);
      return a === 'linear' ? { identity: true } : a ? { params: { activation: a } } : unsupported(`Activation(${c.activation})`);
    }
    case 'ReLU':
      return c.max_value == null && !c.threshold ? { params: { activation: 'relu' } } : unsupported('ReLU(max_value)');
    case 'LeakyReLU':
      return { params: { activation: 'leakyRelu', alpha: c.alpha ?? c.negative_slope ?? 0.3 } };
    case 'ELU':
      return (c.alpha ?? 1) === 1 ? { params: { activation: 'elu' } } : unsupported(`ELU(alpha=${c.alpha})`);
    default: // Softmax
      return c.axis === -1 || c.axis === undefined ? { params: { activation: 'softmax' } } : unsupported(`Softmax(axis=${c.axis})`);
  }
}

const definition = (p: ActivationParams): string =>
  ({
    relu: 'max(0, x)',
    leakyRelu: `max(${p.alpha}·x, x)`,
    elu: 'x if x > 0, else eˣ − 1',
    sigmoid: '1 / (1 + e⁻ˣ)',
    tanh: '(eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)',
    softmax: 'e^{x_i} / Σ_j e^{x_j}',
  })[p.activation];

export const activation = defineLayer<ActivationParams>({
  type: 'Activation',
  category: 'activation',
  labels: { en: 'Activation', ko: '활성화' },
  explain: {
    summary: { en: 'Applies a nonlinearity such as ReLU max(0, x) to every value; shape unchanged.', ko: 'ReLU max(0, x) 같은 비선형 함수를 모든 값에 적용합니다; 모양은 그대로.' },
    what: {
      en: 'Applies one function to each value on its own. Without a nonlinearity between them, stacked linear layers collapse into a single linear map; ReLU max(0, x) keeps positives and zeroes negatives, is cheap, and does not saturate for x > 0 (AlexNet trained several times faster with it than with tanh).',
      ko: '각 값에 하나의 함수를 따로 적용합니다. 층 사이에 비선형 함수가 없으면 쌓은 선형 층들이 하나의 선형 변환으로 합쳐집니다; ReLU max(0, x) 는 양수는 두고 음수는 0 으로 만들며, 계산이 싸고 x > 0 에서 포화되지 않습니다 (AlexNet 은 tanh 보다 몇 배 빨리 학습했습니다).',
    },
    when: {
      en: 'After each convolution or dense layer that has no activation of its own (and after batch normalization). Use softmax only at the end, for class probabilities.',
      ko: '자체 활성화가 없는 합성곱이나 완전 연결층 뒤 (그리고 배치 정규화 뒤) 에 둡니다. softmax 는 끝에서 클래스 확률을 낼 때만 씁니다.',
    },
    params: {
      activation: {
        en: 'relu: max(0, x), the default; leakyRelu: max(αx, x), lets a small gradient through for x < 0; elu: smooth for x < 0; sigmoid: 1/(1 + e⁻ˣ) in (0, 1); tanh: in (−1, 1); softmax: e^{x_i}/Σ e^{x_j}, values that sum to 1.',
        ko: 'relu: max(0, x), 기본값; leakyRelu: max(αx, x), x < 0 에서도 작은 기울기를 흘립니다; elu: x < 0 에서 부드러움; sigmoid: 1/(1 + e⁻ˣ), (0, 1) 사이; tanh: (−1, 1) 사이; softmax: e^{x_i}/Σ e^{x_j}, 합이 1 인 값.',
      },
      alpha: {
        en: 'α, the slope of leakyRelu for x < 0 (used by leakyRelu only): y = αx there. 0.01–0.3 is typical.',
        ko: 'α, x < 0 에서 leakyRelu 의 기울기 (leakyRelu 만 사용): 그곳에서 y = αx. 보통 0.01–0.3.',
      },
    },
  },
  schema: ActivationParams,
  arity: { min: 1, max: 1 },
  outputShape: (_p, [x]) => ({ ok: true, shape: x }),
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => p.activation,
  math: (p, [x]) => ({ shape: [`${p.activation}(x) = ${definition(p)}`, `${x.join('×')} → ${x.join('×')}`], params: '0', macs: '0' }),
  buildTf: ({ tf, name }, p, [x]) => {
    if (p.activation === 'leakyRelu') return tf.layers.leakyReLU({ alpha: p.alpha, name }).apply(x) as tfjs.SymbolicTensor;
    if (p.activation === 'elu') return tf.layers.elu({ name }).apply(x) as tfjs.SymbolicTensor;
    return tf.layers.activation({ activation: p.activation, name }).apply(x) as tfjs.SymbolicTensor;
  },
  keras: { classNames: ['Activation', 'ReLU', 'LeakyReLU', 'ELU', 'Softmax'], read: readKeras },
  // Element-wise (and softmax over the whole vector) commute with a C·H·W ordering, so `chwOf` passes through.
  onnx: (ctx, p, [x]) => ({ ...x, name: onnxActivation(ctx, p.activation, x.name, p.alpha, ctx.inputShapes[0].length + 1) }),
  onnxImport: {
    ops: Object.keys(ONNX_OPS),
    read: (n) => {
      if (n.op === 'Elu' && (n.attrs.alpha ?? 1) !== 1) return unsupported(`Elu(alpha=${n.attrs.alpha})`);
      return { params: { activation: ONNX_OPS[n.op], ...(n.op === 'LeakyRelu' ? { alpha: n.attrs.alpha ?? 0.01 } : {}) }, chwOf: n.inputs[0]?.chwOf };
    },
  },
  torch: (ctx, p, [x]) => ({ ...x, expr: torchActivation(ctx, p.activation, x.expr, p.alpha) }),
});
