// Local response normalisation across channels (Krizhevsky et al. 2012, AlexNet §3.3):
//   b_c = a_c / (k + α·Σ_{c' = c−n/2}^{c+n/2} a_{c'}²)^β,   n = 5, k = 2, α = 1e-4, β = 0.75.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { customLayerClass, type CustomLayerSpec } from './customTfLayer';
import { expectImage } from './spatial';
import { py } from '../export/torch/emitContext';
import { kerasGet } from '../import/layerReaders';
import { timesLine } from './explainMath';

export const LRNParams = z.object({
  /** n: channels in the window, centred on the channel itself, so odd (n = 2r + 1). */
  size: z
    .number()
    .int()
    .min(1)
    .max(255)
    .refine((n) => n % 2 === 1, 'must be odd: the window is centred on each channel, n = 2r + 1')
    .default(5),
  k: z.number().min(0).max(100).default(2),
  alpha: z.number().min(0).max(10).default(1e-4),
  beta: z.number().min(0).max(10).default(0.75),
});
export type LRNParams = z.infer<typeof LRNParams>;

export const lrnSpec: CustomLayerSpec = {
  className: 'LocalResponseNormalization',
  keys: ['depthRadius', 'bias', 'alpha', 'beta'],
  outputShape: (_c: Record<string, any>, s: (number | null)[]) => s,
  call: (tf: typeof tfjs, c: Record<string, any>, x: tfjs.Tensor4D) =>
    tf.localResponseNormalization(x, c.depthRadius, c.bias, c.alpha, c.beta),
};

export const localResponseNormalization = defineLayer<LRNParams>({
  type: 'LocalResponseNormalization',
  category: 'normalization',
  labels: { en: 'Local response norm.', ko: '국소 응답 정규화' },
  paramLabels: { size: { en: 'Size', ko: '크기' }, k: { en: 'k', ko: 'k' }, beta: { en: 'Beta', ko: '베타' } },
  explain: {
    summary: { en: 'AlexNet\'s LRN: divides each value by the energy of the same position in n neighbouring channels.', ko: 'AlexNet 의 LRN: 각 값을 이웃한 n 개 채널의 같은 위치 에너지로 나눕니다.' },
    what: {
      en: 'Local response normalization: each activation a_c is divided by (k + α·Σ a²)^β, the sum running over the n channels around c at the same pixel. A strongly responding filter dampens its neighbours (lateral inhibition). No parameters are learned.',
      ko: '국소 응답 정규화: 각 활성값 a_c 를 (k + α·Σ a²)^β 로 나눕니다. 합은 같은 픽셀에서 c 주변 n 개 채널에 걸칩니다. 강하게 반응한 필터가 이웃을 누릅니다 (측면 억제). 학습되는 매개변수는 없습니다.',
    },
    when: {
      en: 'To reproduce AlexNet (after its first two conv + ReLU layers, n = 5, k = 2, α = 10⁻⁴, β = 0.75). Later networks dropped it for batch normalization.',
      ko: 'AlexNet 을 재현할 때 (처음 두 합성곱 + ReLU 뒤, n = 5, k = 2, α = 10⁻⁴, β = 0.75). 이후 네트워크는 배치 정규화로 바꾸었습니다.',
    },
    params: {
      size: { en: 'n, how many neighbouring channels are summed, centred on the channel itself, so odd (n = 2·r + 1, r the depth radius). AlexNet: 5.', ko: 'n, 합하는 이웃 채널 수로 채널 자신이 가운데이므로 홀수 (n = 2·r + 1, r 은 깊이 반경). AlexNet: 5.' },
      k: { en: 'k, the bias added before the power; it keeps the divisor ≥ k^β even where all neighbours are 0. AlexNet: 2.', ko: 'k, 거듭제곱 전에 더하는 편향; 이웃이 모두 0 이어도 나누는 수를 k^β 이상으로 둡니다. AlexNet: 2.' },
      alpha: { en: 'α, the weight of the squared neighbours: the larger, the stronger the inhibition. AlexNet: 10⁻⁴.', ko: 'α, 이웃 제곱합의 가중치: 클수록 억제가 강합니다. AlexNet: 10⁻⁴.' },
      beta: { en: 'β, the exponent of the divisor. AlexNet: 0.75.', ko: 'β, 나누는 수의 지수. AlexNet: 0.75.' },
    },
  },
  schema: LRNParams,
  arity: { min: 1, max: 1 },
  outputShape: (_p, inputs) => {
    const img = expectImage(inputs);
    return img.shape ? { ok: true, shape: img.shape } : { ok: false, problem: img.problem! };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: (p, [x]) => x[0] * x[1] * x[2] * p.size,
  summary: (p) => `n=${p.size}`,
  math: (p, [x]) => ({
    shape: [`b_c = a_c / (${p.k} + ${p.alpha}·Σ_{|c′ − c| ≤ ${Math.floor(p.size / 2)}} a_c′²)^${p.beta}`, `${x.join('×')} → ${x.join('×')}`],
    params: '0',
    macs: `H·W·C·n = ${timesLine([...x, p.size])}`,
  }),
  tfCustomLayer: lrnSpec,
  buildTf: ({ tf, name }, p, [x]) => {
    const LRN = customLayerClass(tf, lrnSpec);
    return new LRN({ name, depthRadius: Math.floor(p.size / 2), bias: p.k, alpha: p.alpha, beta: p.beta }).apply(x) as tfjs.SymbolicTensor;
  },
  keras: {
    classNames: [lrnSpec.className],
    read: (c) => ({ params: { size: 2 * kerasGet(c, 'depth_radius', 'depthRadius') + 1, k: c.bias, alpha: c.alpha, beta: c.beta } }),
  },
  // ONNX and PyTorch divide α by the window size n: α_onnx = α_tf·n with n = 2·depthRadius + 1.
  onnx: (ctx, p, [x]) => {
    const n = 2 * Math.floor(p.size / 2) + 1;
    return { name: ctx.node('LRN', [x.name], { size: { i: n }, alpha: { f: p.alpha * n }, beta: { f: p.beta }, bias: { f: p.k } }) };
  },
  onnxImport: {
    ops: ['LRN'],
    read: (n) => ({ params: { size: n.attrs.size, k: n.attrs.bias ?? 1, alpha: (n.attrs.alpha ?? 1e-4) / n.attrs.size, beta: n.attrs.beta ?? 0.75 } }),
  },
  torch: (ctx, p, [x]) => {
    const n = 2 * Math.floor(p.size / 2) + 1;
    return { expr: ctx.assign(`${ctx.module(`nn.LocalResponseNorm(${n}, alpha=${py(p.alpha * n)}, beta=${py(p.beta)}, k=${py(p.k)})`)}(${x.expr})`) };
  },
});
