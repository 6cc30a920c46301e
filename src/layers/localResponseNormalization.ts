// Local response normalisation across channels (Krizhevsky et al. 2012, AlexNet §3.3):
//   b_c = a_c / (k + α·Σ_{c' = c−n/2}^{c+n/2} a_{c'}²)^β,   n = 5, k = 2, α = 1e-4, β = 0.75.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { customLayerClass, type CustomLayerSpec } from './customTfLayer';
import { expectImage } from './spatial';
import { py } from '../export/torch/emitContext';
import { kerasGet } from '../import/layerReaders';

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
  schema: LRNParams,
  arity: { min: 1, max: 1 },
  outputShape: (_p, inputs) => {
    const img = expectImage(inputs);
    return img.shape ? { ok: true, shape: img.shape } : { ok: false, problem: img.problem! };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: (p, [x]) => x[0] * x[1] * x[2] * p.size,
  formula: (p, [x]) => [
    `b_c = a_c / (${p.k} + ${p.alpha}·Σ_{|c′ − c| ≤ ${Math.floor(p.size / 2)}} a_c′²)^${p.beta}`,
    `window n = ${p.size} of C = ${x[2]} channels, shape unchanged, no parameters`,
  ],
  summary: (p) => `n=${p.size}`,
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
