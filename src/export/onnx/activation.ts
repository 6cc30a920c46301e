// tfjs activations as ONNX ops (opset 17). Softmax runs over channels: the last axis in NHWC is axis 1 in NCHW.
// Ops ONNX 17 lacks are written as their formula: ReLU6 = Clip(0, 6) (bounds as inputs since opset 11),
// swish = x·σ(x), mish = x·tanh(softplus(x)), GELU = x·½(1 + erf(x/√2)) (Gelu and Mish ops need opset 20 / 18).
import type { ActivationName } from '../../layers/spatial';
import { float, int, type OnnxEmitContext } from './emitContext';

/** tfjs' hardSigmoid is Keras 2's max(0, min(1, 0.2x + 0.5)), ONNX HardSigmoid's defaults (PyTorch's is x/6 + 0.5). */
export const HARD_SIGMOID = { alpha: 0.2, beta: 0.5 };

export function onnxActivation(ctx: OnnxEmitContext, act: ActivationName, x: string, alpha = 0.2, rank = 4): string {
  const scalar = (suffix: string, v: number) => ctx.constant(suffix, { shape: [], data: [v] });
  switch (act) {
    case 'linear':
      return x;
    case 'relu':
      return ctx.node('Relu', [x], {}, 'relu');
    case 'relu6':
      return ctx.node('Clip', [x, scalar('clip_min', 0), scalar('clip_max', 6)], {}, 'relu6');
    case 'leakyRelu':
      return ctx.node('LeakyRelu', [x], { alpha: float(alpha) }, 'leaky_relu');
    case 'elu':
      return ctx.node('Elu', [x], { alpha: float(1) }, 'elu');
    case 'selu': // ONNX's default α and γ are tfjs' (Klambauer et al. 2017) in float32
      return ctx.node('Selu', [x], {}, 'selu');
    case 'sigmoid':
      return ctx.node('Sigmoid', [x], {}, 'sigmoid');
    case 'hardSigmoid':
      return ctx.node('HardSigmoid', [x], { alpha: float(HARD_SIGMOID.alpha), beta: float(HARD_SIGMOID.beta) }, 'hard_sigmoid');
    case 'tanh':
      return ctx.node('Tanh', [x], {}, 'tanh');
    case 'softplus':
      return ctx.node('Softplus', [x], {}, 'softplus');
    case 'softsign':
      return ctx.node('Softsign', [x], {}, 'softsign');
    case 'swish':
      return ctx.node('Mul', [x, ctx.node('Sigmoid', [x], {}, 'swish_sigmoid')], {}, 'swish');
    case 'mish':
      return ctx.node('Mul', [x, ctx.node('Tanh', [ctx.node('Softplus', [x], {}, 'mish_softplus')], {}, 'mish_tanh')], {}, 'mish');
    case 'gelu': {
      const erf = ctx.node('Erf', [ctx.node('Div', [x, scalar('gelu_sqrt2', Math.SQRT2)], {}, 'gelu_div')], {}, 'gelu_erf');
      const half = ctx.node('Mul', [ctx.node('Add', [erf, scalar('gelu_one', 1)], {}, 'gelu_add'), scalar('gelu_half', 0.5)], {}, 'gelu_cdf');
      return ctx.node('Mul', [x, half], {}, 'gelu');
    }
    case 'softmax':
      return ctx.node('Softmax', [x], { axis: int(rank === 4 ? 1 : -1) }, 'softmax');
  }
}
