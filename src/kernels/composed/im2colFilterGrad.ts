// Conv2DBackpropFilter composed from a backend's own kernels, for GPU backends (registered for webgpu):
//   col = concat over taps (ky,kx) of strided slices of the padded input   [B,outH,outW, kH·kW·inC]
//   dW  = colᵀ · dY  as one BatchMatMul with transposeA                    [kH·kW·inC, outC]
// The stock webgpu kernel gives one thread per dW element, each looping over batch·outH·outW — a few thousand
// threads for ResNet-20, 95% of its GPU time. A single matmul with K = batch·outH·outW instead lets tfjs pick its
// tiled or split-K matmul program, which spreads that long reduction over many workgroups.
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

type Tf = typeof tfjs;
type Pad = 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

interface DisposingBackend {
  disposeData(dataId: object, force?: boolean): boolean;
}

export function makeIm2colFilterGradKernel(tf: Tf, backendName: string, stock: KernelFunc | undefined): KernelFunc {
  const kernel = (name: string): KernelFunc => {
    const config = tf.getKernel(name, backendName);
    if (!config) throw new Error(`Conv2DBackpropFilter (${backendName}): needs the ${name} kernel, which is not registered`);
    return config.kernelFunc;
  };

  return (args) => {
    const { inputs, backend, attrs } = args;
    const a = attrs as NamedAttrMap;
    const format = a.dataFormat;
    if (format !== undefined && format !== 'NHWC' && format !== 'channelsLast') {
      if (!stock) throw new Error(`Conv2DBackpropFilter (${backendName}): only NHWC is implemented`);
      return stock(args);
    }
    const x = inputs.x as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const filterShape = a.filterShape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      a.strides as [number, number] | number,
      1,
      a.pad as Pad,
      a.dimRoundingMode as Rounding,
      false,
      'channelsLast',
    );
    const { batchSize: B, outHeight: OH, outWidth: OW, inChannels: C, outChannels: CO } = info;
    const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = info;
    const intermediates: TensorInfo[] = [];
    const run = (name: string, kernelInputs: unknown, kernelAttrs: object = {}): TensorInfo => {
      const out = kernel(name)({ inputs: kernelInputs as Record<string, TensorInfo>, backend, attrs: kernelAttrs as NamedAttrMap }) as TensorInfo;
      intermediates.push(out);
      return out;
    };

    // Pad so that every tap's window lies inside: bottom/right cover the last output's reach.
    const { top, left } = info.padInfo;
    const bottom = Math.max(0, (OH - 1) * SH + KH - top - info.inHeight);
    const right = Math.max(0, (OW - 1) * SW + KW - left - info.inWidth);
    const padded =
      top || left || bottom || right
        ? run('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 })
        : x;

    const taps: TensorInfo[] = [];
    for (let ky = 0; ky < KH; ky++)
      for (let kx = 0; kx < KW; kx++) {
        taps.push(
          run('StridedSlice', { x: padded }, {
            begin: [0, ky, kx, 0],
            end: [B, ky + (OH - 1) * SH + 1, kx + (OW - 1) * SW + 1, C],
            strides: [1, SH, SW, 1],
            beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
          }),
        );
      }
    const col = taps.length === 1 ? taps[0] : run('Concat', taps, { axis: 3 });
    const col2d = run('Reshape', { x: col }, { shape: [B * OH * OW, KH * KW * C] });
    const dy2d = run('Reshape', { x: dy }, { shape: [B * OH * OW, CO] });
    const dw2d = run('BatchMatMul', { a: col2d, b: dy2d }, { transposeA: true, transposeB: false });
    const dw = kernel('Reshape')({ inputs: { x: dw2d }, backend, attrs: { shape: filterShape } }) as TensorInfo;
    for (const t of intermediates) (backend as DisposingBackend).disposeData(t.dataId);
    return dw;
  };
}
