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

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

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
  schema: ActivationParams,
  arity: { min: 1, max: 1 },
  outputShape: (_p, [x]) => ({ ok: true, shape: x }),
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => p.activation,
  formula: (p, [x]) => [`${p.activation}(x) = ${definition(p)}`, `${size(x)} values, shape unchanged, no parameters`],
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
