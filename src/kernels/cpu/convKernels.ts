// tfjs kernel functions for Conv2D, FusedConv2D, Conv2DBackpropFilter and Conv2DBackpropInput built on the
// im2col + GEMM math in convMath.ts. Channels-last only: anything else (NCHW, unusual fused epilogues)
// goes to the kernel that was registered before ours, so registering never narrows what tfjs can run.
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { TensorIO } from '../tensorIO';
import { geometryOf, isChannelsLast } from './convGeometry';
import { convFilterGrad, convForward, convInputGrad } from './convMath';
import { applyBiasAndActivation, supportsEpilogue } from './epilogue';

type Tf = typeof tfjs;
type Pad = 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type KernelArgs = Parameters<KernelFunc>[0];

export interface ConvKernelSet {
  Conv2D: KernelFunc;
  FusedConv2D: KernelFunc;
  Conv2DBackpropFilter: KernelFunc;
  Conv2DBackpropInput: KernelFunc;
}

/**
 * Our kernels over `io`, each falling back to `stock[name]` (the previously registered kernel) for inputs
 * outside what it handles.
 */
export function makeConvKernels(tf: Tf, io: TensorIO, stock: Partial<ConvKernelSet>): ConvKernelSet {
  const { backend_util } = tf;
  const fallback = (name: keyof ConvKernelSet, args: KernelArgs, why: string) => {
    const f = stock[name];
    if (!f) throw new Error(`${name}: ${why}, and no stock kernel is registered to fall back to`);
    return f(args);
  };

  const forward = (args: KernelArgs): { info: tfjs.backend_util.Conv2DInfo; y: Float32Array } => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const a = attrs as NamedAttrMap;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      a.strides as [number, number] | number,
      (a.dilations ?? 1) as [number, number] | number,
      a.pad as Pad,
      a.dimRoundingMode as Rounding,
      false,
      'channelsLast',
    );
    const y = convForward(io.read(backend, x), io.read(backend, filter), geometryOf(info));
    return { info, y };
  };

  const conv2D: KernelFunc = (args) => {
    if (!isChannelsLast(args.attrs)) return fallback('Conv2D', args, 'only NHWC is implemented');
    const { info, y } = forward(args);
    return io.write(args.backend, info.outShape, y);
  };

  const fusedConv2D: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const bias = inputs.bias as TensorInfo | undefined;
    const alpha = inputs.preluActivationWeights as TensorInfo | undefined;
    const activation = (attrs?.activation ?? 'linear') as string;
    const outC = (inputs.filter as TensorInfo).shape[3];
    if (!isChannelsLast(attrs) || !supportsEpilogue(activation, bias, alpha, outC)) {
      return fallback('FusedConv2D', args, `epilogue '${activation}' with these bias/alpha shapes is not implemented`);
    }
    const { info, y } = forward(args);
    applyBiasAndActivation(y, outC, {
      bias: bias ? io.read(backend, bias) : undefined,
      activation,
      alpha: alpha ? io.read(backend, alpha) : undefined,
      leakyAlpha: (attrs?.leakyreluAlpha as number | undefined) ?? 0.2,
    });
    return io.write(backend, info.outShape, y);
  };

  const conv2DBackpropFilter: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    if (!isChannelsLast(attrs)) return fallback('Conv2DBackpropFilter', args, 'only NHWC is implemented');
    const x = inputs.x as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const a = attrs as NamedAttrMap;
    const filterShape = a.filterShape as [number, number, number, number];
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      a.strides as [number, number] | number,
      1,
      a.pad as Pad,
      a.dimRoundingMode as Rounding,
      false,
      'channelsLast',
    );
    const dw = convFilterGrad(io.read(backend, x), io.read(backend, dy), geometryOf(info));
    return io.write(backend, filterShape, dw);
  };

  const conv2DBackpropInput: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    if (!isChannelsLast(attrs)) return fallback('Conv2DBackpropInput', args, 'only NHWC is implemented');
    const dy = inputs.dy as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const a = attrs as NamedAttrMap;
    const inputShape = a.inputShape as [number, number, number, number];
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      a.strides as [number, number] | number,
      1,
      a.pad as Pad,
      a.dimRoundingMode as Rounding,
      false,
      'channelsLast',
    );
    const dx = convInputGrad(io.read(backend, dy), io.read(backend, filter), geometryOf(info));
    return io.write(backend, inputShape, dx);
  };

  return {
    Conv2D: conv2D,
    FusedConv2D: fusedConv2D,
    Conv2DBackpropFilter: conv2DBackpropFilter,
    Conv2DBackpropInput: conv2DBackpropInput,
  };
}
