// A Dense kernel [N, M] ready for a C·H·W-ordered input: row j holds the weights of tfjs' input chwToHwc[j]
// (Flatten of NCHW is C·H·W while tfjs flattens H·W·C; permuting rows once is cheaper than a Transpose per call).
import type { WeightTensor } from './weights/weightSet';
import { chwToHwcIndex, permuteRows, transpose2d } from './layout';

export interface DenseWeights {
  /** [N, M], rows in the input's element order (ONNX Gemm B). */
  kernel: Float32Array;
  kernelShape: [number, number];
  bias?: Float32Array;
  /** [M, N]: PyTorch nn.Linear weight. */
  linearWeight(): Float32Array;
}

export function denseWeights([kernel, bias]: WeightTensor[], chwOf: [number, number, number] | undefined, useBias: boolean): DenseWeights {
  const shape = kernel.shape as [number, number];
  const k = chwOf ? permuteRows(kernel.data, shape, chwToHwcIndex(chwOf)) : kernel.data;
  return { kernel: k, kernelShape: shape, bias: useBias ? bias.data : undefined, linearWeight: () => transpose2d(k, shape) };
}
