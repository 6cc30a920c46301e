// The bias + activation tail of FusedConv2D, applied in place on the NHWC output (channel = index mod outC).
// Formulas follow tfjs-backend-cpu's applyActivation (relu6 = min(max(x,0),6), elu = x>0 ? x : eˣ−1).
import type { TensorInfo } from '@tensorflow/tfjs';

export interface Epilogue {
  bias?: Float32Array;
  activation: string;
  alpha?: Float32Array;
  leakyAlpha: number;
}

const ACTIVATIONS = new Set(['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu']);

/** Per-channel (or scalar) bias and alpha are handled here; other broadcast shapes go to the stock kernel. */
function isPerChannel(t: TensorInfo | undefined, outC: number): boolean {
  if (!t) return true;
  const size = t.shape.reduce((a, b) => a * b, 1);
  return size === 1 || (t.shape.length === 1 && t.shape[0] === outC);
}

export function supportsEpilogue(
  activation: string,
  bias: TensorInfo | undefined,
  alpha: TensorInfo | undefined,
  outC: number,
): boolean {
  if (!ACTIVATIONS.has(activation)) return false;
  if (activation === 'prelu' && !alpha) return false;
  return isPerChannel(bias, outC) && isPerChannel(alpha, outC);
}

export function applyBiasAndActivation(y: Float32Array, outC: number, e: Epilogue): void {
  const { bias, alpha, activation, leakyAlpha } = e;
  const n = y.length;
  if (bias) {
    if (bias.length === 1) {
      const b = bias[0];
      for (let i = 0; i < n; i++) y[i] += b;
    } else {
      for (let i = 0; i < n; i += outC) for (let c = 0; c < outC; c++) y[i + c] += bias[c];
    }
  }
  switch (activation) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < n; i++) if (y[i] < 0) y[i] = 0;
      return;
    case 'relu6':
      for (let i = 0; i < n; i++) y[i] = Math.min(Math.max(y[i], 0), 6);
      return;
    case 'elu':
      for (let i = 0; i < n; i++) if (y[i] < 0) y[i] = Math.exp(y[i]) - 1;
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-y[i]));
      return;
    case 'leakyrelu':
      for (let i = 0; i < n; i++) if (y[i] < 0) y[i] *= leakyAlpha;
      return;
    case 'prelu': {
      const a = alpha as Float32Array;
      for (let i = 0; i < n; i++) if (y[i] < 0) y[i] *= a.length === 1 ? a[0] : a[i % outC];
      return;
    }
    default:
      throw new Error(`FusedConv2D: activation '${activation}' is not implemented (supportsEpilogue should have said so)`);
  }
}
