// Conv2DBackpropFilter (missing from tfjs-backend-wasm) and a faster Conv2DBackpropInput for the wasm backend.
// The patch matrix is laid out in JS straight into the wasm heap, and the product runs on the backend's own
// BatchMatMul kernel (XNNPACK, SIMD) in its fast no-transpose form:
//   dW[K×outC] = colT[K×P] · dY[P×outC]          dX = col2im(dY[P×outC] · Wᵀ[outC×K])
// Work is split into whole-image blocks so the patch matrix stays under MAX_BLOCK_FLOATS.
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { type ConvGeometry, geometryOf, patchSize } from '../cpu/convGeometry';
import { col2imRowsAdd } from '../cpu/im2col';

type Tf = typeof tfjs;
type Pad = 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

const MAX_BLOCK_FLOATS = 1 << 22; // 16 MB of patches per block

interface WasmBackend {
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object): boolean;
}

function heap(backend: object): WasmBackend {
  return backend as unknown as WasmBackend;
}

/** Fills colT[tap·ldc + (r − row0)] for the output pixels of images [b0, b0+nb): tap-major, pixels contiguous. */
function im2colTransposedImages(x: Float32Array, g: ConvGeometry, b0: number, nb: number, colT: Float32Array): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const ldc = nb * outH * outW;
  for (let ky = 0; ky < kH; ky++)
    for (let kx = 0; kx < kW; kx++)
      for (let ci = 0; ci < inC; ci++) {
        let w = ((ky * kW + kx) * inC + ci) * ldc;
        for (let b = b0; b < b0 + nb; b++) {
          const image = b * inH * inW * inC + ci;
          for (let oy = 0; oy < outH; oy++) {
            const iy = oy * strideH - padTop + ky * dilationH;
            if (iy < 0 || iy >= inH) {
              colT.fill(0, w, w + outW);
              w += outW;
              continue;
            }
            const rowAt = image + iy * inW * inC;
            for (let ox = 0; ox < outW; ox++) {
              const ix = ox * strideW - padLeft + kx * dilationW;
              colT[w++] = ix >= 0 && ix < inW ? x[rowAt + ix * inC] : 0;
            }
          }
        }
      }
}

function imagesPerBlock(g: ConvGeometry): number {
  const perImage = g.outH * g.outW * patchSize(g);
  return Math.max(1, Math.min(g.batch, Math.floor(MAX_BLOCK_FLOATS / Math.max(1, perImage))));
}

function convInfo(tf: Tf, xShape: number[], filterShape: number[], a: NamedAttrMap): tfjs.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides as [number, number] | number,
    1,
    a.pad as Pad,
    a.dimRoundingMode as Rounding,
    false,
    'channelsLast',
  );
}

function isChannelsLast(attrs: NamedAttrMap | undefined): boolean {
  const format = attrs?.dataFormat;
  return format === undefined || format === 'NHWC' || format === 'channelsLast';
}

/** A heap tensor holding `values` (copied in). */
function upload(backend: object, shape: number[], values: Float32Array): TensorInfo {
  const out = heap(backend).makeOutput(shape, 'float32');
  heap(backend).typedArrayFromHeap(out).set(values);
  return out;
}

export function makeWasmConvGradKernels(
  tf: Tf,
  stock: { Conv2DBackpropInput?: KernelFunc; BatchMatMul?: KernelFunc },
): { Conv2DBackpropFilter: KernelFunc; Conv2DBackpropInput: KernelFunc } {
  const matMul = (backend: object, a: TensorInfo, b: TensorInfo): TensorInfo => {
    if (!stock.BatchMatMul) throw new Error('wasm conv gradients need the wasm BatchMatMul kernel');
    return stock.BatchMatMul({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
  };

  const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
    if (!isChannelsLast(attrs)) throw new Error('Conv2DBackpropFilter (wasm): only NHWC is implemented');
    const x = inputs.x as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const a = attrs as NamedAttrMap;
    const filterShape = a.filterShape as number[];
    const g = geometryOf(convInfo(tf, x.shape, filterShape, a));
    const K = patchSize(g);
    const pixels = g.outH * g.outW;
    const xs = heap(backend).typedArrayFromHeap(x).slice();
    const dys = heap(backend).typedArrayFromHeap(dy).slice();
    const dw = new Float32Array(K * g.outC);
    const step = imagesPerBlock(g);
    for (let b0 = 0; b0 < g.batch; b0 += step) {
      const nb = Math.min(step, g.batch - b0);
      const rows = nb * pixels;
      const colT = heap(backend).makeOutput([K, rows], 'float32');
      const dyBlock = upload(backend, [rows, g.outC], dys.subarray(b0 * pixels * g.outC, (b0 + nb) * pixels * g.outC));
      im2colTransposedImages(xs, g, b0, nb, heap(backend).typedArrayFromHeap(colT));
      const part = matMul(backend, colT, dyBlock);
      const partValues = heap(backend).typedArrayFromHeap(part);
      for (let i = 0; i < dw.length; i++) dw[i] += partValues[i];
      for (const t of [colT, dyBlock, part]) heap(backend).disposeData(t.dataId);
    }
    return upload(backend, filterShape, dw);
  };

  const conv2DBackpropInput: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    if (!isChannelsLast(attrs) && stock.Conv2DBackpropInput) return stock.Conv2DBackpropInput(args);
    const dy = inputs.dy as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const a = attrs as NamedAttrMap;
    const inputShape = a.inputShape as number[];
    const g = geometryOf(convInfo(tf, inputShape, filter.shape, a));
    const K = patchSize(g);
    const pixels = g.outH * g.outW;
    const w = heap(backend).typedArrayFromHeap(filter);
    const wT = new Float32Array(K * g.outC);
    for (let k = 0; k < K; k++) for (let c = 0; c < g.outC; c++) wT[c * K + k] = w[k * g.outC + c];
    const dys = heap(backend).typedArrayFromHeap(dy).slice();
    const wTensor = upload(backend, [g.outC, K], wT);
    const dx = new Float32Array(g.batch * g.inH * g.inW * g.inC);
    const step = imagesPerBlock(g);
    for (let b0 = 0; b0 < g.batch; b0 += step) {
      const nb = Math.min(step, g.batch - b0);
      const rows = nb * pixels;
      const dyBlock = upload(backend, [rows, g.outC], dys.subarray(b0 * pixels * g.outC, (b0 + nb) * pixels * g.outC));
      const dcol = matMul(backend, dyBlock, wTensor);
      col2imRowsAdd(heap(backend).typedArrayFromHeap(dcol), g, b0 * pixels, rows, dx);
      for (const t of [dyBlock, dcol]) heap(backend).disposeData(t.dataId);
    }
    heap(backend).disposeData(wTensor.dataId);
    return upload(backend, inputShape, dx);
  };

  return { Conv2DBackpropFilter: conv2DBackpropFilter, Conv2DBackpropInput: conv2DBackpropInput };
}
