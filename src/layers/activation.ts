// Element-wise nonlinearity. ReLU max(0,x) (Nair & Hinton 2010); softmax e^x_i / Σ e^x_j over the last axis.
// The others are tfjs' activations: ReLU6 min(max(0,x),6) (Howard et al. 2017), SELU (Klambauer et al. 2017),
// swish x·σ(x) (Ramachandran et al. 2017), mish x·tanh(softplus x) (Misra 2019), GELU x·Φ(x) (Hendrycks & Gimpel 2016).
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { HARD_SIGMOID, onnxActivation } from '../export/onnx/activation';
import { torchActivation } from '../export/torch/activation';
import { kerasActivation, kerasGet, unsupported, type OnnxNodeIn, type ReadResult } from '../import/layerReaders';
import { ActivationNameSchema } from './spatial';

export const ActivationParams = z.object({
  /** The fused activations' names but 'linear' (an Activation layer that does nothing is no layer). */
  activation: ActivationNameSchema.exclude(['linear']).default('relu'),
  /** Slope for x < 0 of leakyRelu. (ELU uses α = 1: tfjs supports no other value.) */
  alpha: z.number().min(0).max(10).default(0.2),
});
export type ActivationParams = z.infer<typeof ActivationParams>;

/** ONNX op → activation; the ONNX importer also reads fused activations ("<layer>_relu") with this. */
const ONNX_OPS: Record<string, ActivationParams['activation']> = {
  Relu: 'relu',
  Clip: 'relu6',
  LeakyRelu: 'leakyRelu',
  Elu: 'elu',
  Selu: 'selu',
  Sigmoid: 'sigmoid',
  HardSigmoid: 'hardSigmoid',
  Tanh: 'tanh',
  Softplus: 'softplus',
  Softsign: 'softsign',
  Mish: 'mish',
  Gelu: 'gelu',
  Softmax: 'softmax',
};

// SELU's constants as tfjs (and ONNX's defaults) use them.
const SELU = { alpha: 1.6732632423543772, gamma: 1.0507009873554805 };
/** An attribute equal to b, or absent (ONNX's default is b); float32 attributes are b to 1e-6. */
const near = (a: unknown, b: number) => a === undefined || Math.abs(Number(a) - b) < 1e-6;

/** ONNX Clip's bounds: attributes min/max before opset 11, constant inputs 1 and 2 from it on (absent = unbounded). */
function clipBounds(n: OnnxNodeIn): { min: number; max: number } | { unsupported: string } {
  if (n.inputs[1] || n.inputs[2]) return unsupported('Clip(bounds computed in the graph, not constants)');
  const bound = (i: number, attr: unknown, none: number) => {
    const c = n.constant(i);
    return c ? Number(c.data[0]) : typeof attr === 'number' ? attr : none;
  };
  return { min: bound(1, n.attrs.min, -Infinity), max: bound(2, n.attrs.max, Infinity) };
}

function readOnnx(n: OnnxNodeIn): ReadResult<{ chwOf?: [number, number, number] }> {
  const a = n.attrs;
  const chwOf = n.inputs[0]?.chwOf;
  switch (n.op) {
    case 'Elu':
      if (!near(a.alpha, 1)) return unsupported(`Elu(alpha=${a.alpha})`);
      break;
    case 'Selu':
      if (!near(a.alpha, SELU.alpha) || !near(a.gamma, SELU.gamma)) return unsupported(`Selu(alpha=${a.alpha}, gamma=${a.gamma}; CNN Studio's SELU has alpha ${SELU.alpha}, gamma ${SELU.gamma})`);
      break;
    case 'HardSigmoid':
      // ONNX defaults α = 0.2, β = 0.5 are tfjs' hardSigmoid; PyTorch's F.hardsigmoid exports α = 1/6.
      if (!near(a.alpha, HARD_SIGMOID.alpha) || !near(a.beta, HARD_SIGMOID.beta))
        return unsupported(`HardSigmoid(alpha=${a.alpha}, beta=${a.beta}; CNN Studio's hard sigmoid is 0.2x + 0.5 clipped to [0, 1])`);
      break;
    case 'Gelu':
      if ((a.approximate ?? 'none') !== 'none') return unsupported(`Gelu(approximate=${a.approximate})`);
      break;
    case 'Clip': {
      const b = clipBounds(n);
      if ('unsupported' in b) return b;
      if (b.min === 0 && b.max === 6) return { params: { activation: 'relu6' }, chwOf };
      if (b.min === 0 && b.max === Infinity) return { params: { activation: 'relu' }, chwOf };
      return unsupported(`Clip(min=${b.min}, max=${b.max}; only Clip(0, 6) = ReLU6 has a CNN Studio layer)`);
    }
  }
  return { params: { activation: ONNX_OPS[n.op], ...(n.op === 'LeakyRelu' ? { alpha: a.alpha ?? 0.01 } : {}) }, chwOf };
}

/** Keras' Activation layer and its dedicated activation layers (tfjs builds leakyRelu and elu as those). */
function readKeras(c: Record<string, any>, className: string): ReadResult {
  switch (className) {
    case 'Activation': {
      const a = kerasActivation(c.activation);
      return a === 'linear' ? { identity: true } : a ? { params: { activation: a } } : unsupported(`Activation(${c.activation})`);
    }
    case 'ReLU': {
      // Keras ReLU: max_value caps, negative_slope leaks below threshold; ReLU(max_value=6) is ReLU6 (MobileNet).
      const max = kerasGet(c, 'max_value', 'maxValue');
      const slope = kerasGet(c, 'negative_slope', 'negativeSlope');
      if (c.threshold || slope) return unsupported(`ReLU(threshold=${c.threshold ?? 0}, negative_slope=${slope ?? 0})`);
      if (max == null) return { params: { activation: 'relu' } };
      return max === 6 ? { params: { activation: 'relu6' } } : unsupported(`ReLU(max_value=${max}; only max_value=6, ReLU6, has a CNN Studio layer)`);
    }
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
    relu6: 'min(max(0, x), 6)',
    elu: 'x if x > 0, else eˣ − 1',
    selu: `${SELU.gamma.toFixed(4)}·(x if x > 0, else ${SELU.alpha.toFixed(4)}·(eˣ − 1))`,
    sigmoid: '1 / (1 + e⁻ˣ)',
    hardSigmoid: 'min(max(0, 0.2·x + 0.5), 1)',
    tanh: '(eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)',
    softplus: 'ln(1 + eˣ)',
    softsign: 'x / (1 + |x|)',
    swish: 'x · σ(x) = x / (1 + e⁻ˣ)',
    mish: 'x · tanh(ln(1 + eˣ))',
    gelu: 'x · ½(1 + erf(x/√2))',
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
        en: 'relu: max(0, x), the default; relu6: min(max(0, x), 6), MobileNet\'s capped ReLU; leakyRelu: max(αx, x), lets a small gradient through for x < 0; elu: smooth for x < 0; selu: a scaled elu that keeps activations normalised (SELU); sigmoid: 1/(1 + e⁻ˣ) in (0, 1); hardSigmoid: its cheap piecewise-linear form min(max(0, 0.2x + 0.5), 1); tanh: in (−1, 1); softplus: ln(1 + eˣ), a smooth relu; softsign: x/(1 + |x|); swish: x·σ(x) (also called SiLU); mish: x·tanh(softplus(x)); gelu: x·Φ(x), as in Transformers; softmax: e^{x_i}/Σ e^{x_j}, values that sum to 1.',
        ko: 'relu: max(0, x), 기본값; relu6: min(max(0, x), 6), MobileNet 의 상한 있는 ReLU; leakyRelu: max(αx, x), x < 0 에서도 작은 기울기를 흘립니다; elu: x < 0 에서 부드러움; selu: 활성값을 정규화된 채로 유지하는 크기 조정된 elu (SELU); sigmoid: 1/(1 + e⁻ˣ), (0, 1) 사이; hardSigmoid: 그 값싼 구간 선형 근사 min(max(0, 0.2x + 0.5), 1); tanh: (−1, 1) 사이; softplus: ln(1 + eˣ), 부드러운 relu; softsign: x/(1 + |x|); swish: x·σ(x) (SiLU 라고도 함); mish: x·tanh(softplus(x)); gelu: x·Φ(x), Transformer 에서 쓰는 것; softmax: e^{x_i}/Σ e^{x_j}, 합이 1 인 값.',
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
  onnxImport: { ops: Object.keys(ONNX_OPS), read: readOnnx },
  torch: (ctx, p, [x]) => ({ ...x, expr: torchActivation(ctx, p.activation, x.expr, p.alpha) }),
});
