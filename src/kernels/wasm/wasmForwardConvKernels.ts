// Conv2D and FusedConv2D on wasm: 3×3 stride-1 convs (ResNet's, VGG's) by Winograd's F(2×2, 3×3) in our SIMD
// module (./simd/winogradSimd.ts) — ResNet-20 b128's 3×3 convs 7.0–7.9 → 2.9–4.6 ms on 2 threads — everything
// else, and a fused activation other than ReLU, on the stock XNNPACK kernels.
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { backpropGeometry, type ConvGeometry, isChannelsLast } from '../cpu/convGeometry';
import { winogradForward, winogradPays } from './simd/winogradSimd';
import { callKernel } from './wasmHeap';

type Tf = typeof tfjs;

/** The conv's geometry where Winograd may take it (NHWC, float32, undilated), else undefined. */
function convGeometry(tf: Tf, x: TensorInfo, filter: TensorInfo, a: NamedAttrMap): ConvGeometry | undefined {
  if (!isChannelsLast(a) || x.dtype !== 'float32' || filter.dtype !== 'float32' || x.shape.length !== 4) return undefined;
  const d = a.dilations as number | number[] | undefined;
  if (d !== undefined && (Array.isArray(d) ? d.some((v) => v !== 1) : d !== 1)) return undefined;
  return backpropGeometry(tf, x.shape, filter.shape, a);
}

export function makeWasmForwardConvKernels(tf: Tf, stock: { Conv2D?: KernelFunc; FusedConv2D?: KernelFunc }): { Conv2D: KernelFunc; FusedConv2D: KernelFunc } {
  const conv2D: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const g = winogradPays(backend) ? convGeometry(tf, x, filter, attrs as NamedAttrMap) : undefined;
    return (g && winogradForward(backend, x, filter, g)) || callKernel(stock, 'Conv2D', backend, inputs, attrs);
  };
  const fusedConv2D: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const a = attrs as NamedAttrMap;
    const x = inputs.x as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const bias = inputs.bias as TensorInfo | undefined;
    const activation = a.activation ?? 'linear';
    // A bias of one value per output channel (tfjs' layers give that), and no PReLU weights.
    const takes = (activation === 'linear' || activation === 'relu') && !inputs.preluActivationWeights &&
      (!bias || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === filter.shape[3]));
    const g = takes && winogradPays(backend) ? convGeometry(tf, x, filter, a) : undefined;
    return (g && winogradForward(backend, x, filter, g, { bias, relu: activation === 'relu' })) || callKernel(stock, 'FusedConv2D', backend, inputs, attrs);
  };
  return { Conv2D: conv2D, FusedConv2D: fusedConv2D };
}
