// tfjs activations as PyTorch functional calls; softmax over channels (dim 1 in NCHW and for vectors).
// hardSigmoid is tfjs' (Keras 2's) 0.2x + 0.5 clipped to [0, 1], not F.hardsigmoid's x/6 + 0.5.
import type { ActivationName } from '../../layers/spatial';
import { py, type TorchEmitContext } from './emitContext';
import { HARD_SIGMOID } from '../onnx/activation';

export function torchActivation(ctx: TorchEmitContext, act: ActivationName, x: string, alpha = 0.2): string {
  switch (act) {
    case 'linear':
      return x;
    case 'relu':
      return ctx.assign(`F.relu(${x})`);
    case 'relu6':
      return ctx.assign(`F.relu6(${x})`);
    case 'leakyRelu':
      return ctx.assign(`F.leaky_relu(${x}, ${py(alpha)})`);
    case 'elu':
      return ctx.assign(`F.elu(${x})`);
    case 'selu':
      return ctx.assign(`F.selu(${x})`);
    case 'sigmoid':
      return ctx.assign(`torch.sigmoid(${x})`);
    case 'hardSigmoid':
      return ctx.assign(`torch.clamp(${py(HARD_SIGMOID.alpha)} * ${x} + ${py(HARD_SIGMOID.beta)}, 0.0, 1.0)`);
    case 'tanh':
      return ctx.assign(`torch.tanh(${x})`);
    case 'softplus':
      return ctx.assign(`F.softplus(${x})`);
    case 'softsign':
      return ctx.assign(`F.softsign(${x})`);
    case 'swish':
      return ctx.assign(`F.silu(${x})`);
    case 'mish':
      return ctx.assign(`F.mish(${x})`);
    case 'gelu':
      return ctx.assign(`F.gelu(${x})`);
    case 'softmax':
      return ctx.assign(`F.softmax(${x}, dim=1)`);
  }
}
