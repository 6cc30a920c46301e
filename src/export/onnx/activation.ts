// tfjs activations as ONNX ops. Softmax runs over channels: the last axis in NHWC is axis 1 in NCHW.
import type { ActivationName } from '../../layers/spatial';
import { float, int, type OnnxEmitContext } from './emitContext';

export function onnxActivation(ctx: OnnxEmitContext, act: ActivationName, x: string, alpha = 0.2, rank = 4): string {
  switch (act) {
    case 'linear':
      return x;
    case 'relu':
      return ctx.node('Relu', [x], {}, 'relu');
    case 'leakyRelu':
      return ctx.node('LeakyRelu', [x], { alpha: float(alpha) }, 'leaky_relu');
    case 'elu':
      return ctx.node('Elu', [x], { alpha: float(1) }, 'elu');
    case 'sigmoid':
      return ctx.node('Sigmoid', [x], {}, 'sigmoid');
    case 'tanh':
      return ctx.node('Tanh', [x], {}, 'tanh');
    case 'softmax':
      return ctx.node('Softmax', [x], { axis: int(rank === 4 ? 1 : -1) }, 'softmax');
  }
}
