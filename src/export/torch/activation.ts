// tfjs activations as PyTorch functional calls; softmax over channels (dim 1 in NCHW and for vectors).
import type { ActivationName } from '../../layers/spatial';
import { py, type TorchEmitContext } from './emitContext';

export function torchActivation(ctx: TorchEmitContext, act: ActivationName, x: string, alpha = 0.2): string {
  switch (act) {
    case 'linear':
      return x;
    case 'relu':
      return ctx.assign(`F.relu(${x})`);
    case 'leakyRelu':
      return ctx.assign(`F.leaky_relu(${x}, ${py(alpha)})`);
    case 'elu':
      return ctx.assign(`F.elu(${x})`);
    case 'sigmoid':
      return ctx.assign(`torch.sigmoid(${x})`);
    case 'tanh':
      return ctx.assign(`torch.tanh(${x})`);
    case 'softmax':
      return ctx.assign(`F.softmax(${x}, dim=1)`);
  }
}
