// Conv2DBackpropFilter (missing from tfjs-backend-wasm) and a faster Conv2DBackpropInput for the wasm backend,
// run on the backend's own XNNPACK kernels (Conv2D, BatchMatMul, Transpose, PadV2) so the arithmetic never runs
// in JS; JS only rearranges memory (at most one pass over each operand):
//   dX = conv(dY, W rotated 180° with in/out channels swapped)   — a transposed conv; with stride s it is split
//        into s² phases (dX rows ≡ r mod s see only the taps ≡ r + pad mod s), each a stride-1 conv of dY with that
//        sub-filter, instead of one conv over dY zero-inserted by the stride (which multiplies s²−1 zeros in 4×)
//   dW = kH·kW GEMMs xT[:, shifted window] · dY on a padded pixel grid (./shiftedWindowFilterGrad.ts), or, where
//        that grid is mostly padding (windowEfficiency: LeNet's valid 5×5 convs), one forward conv
//        conv(x as [inC, H, W, batch], dY as filter [outH, outW, batch, outC], dilation = stride)
//        → [inC, kH, kW, outC]: the batch and the output pixels are the reduction ("batch as channels");
//        and there, unpadded stride-1 convs run in our SIMD module instead (./simd/convGradSimd.ts: a one-channel
//        input as row correlations, more channels with dW in registers, 8 output channels × 5 taps a pass);
//        with SIMD helper threads (a threaded heap), filters ≤ 3 wide run there too, split by input channel.
// 3×3 stride-1 convs with inC % 4 = 0 and outC % 8 = 0 take Winograd's F(2×2, 3×3) in our SIMD module instead
// (./simd/winogradSimd.ts): dX as that transposed conv, dW by F(3×3, 2×2).
// dX geometry the conv form cannot express (pads beyond what XNNPACK accepts) falls back to patch matrices
// multiplied on wasm's BatchMatMul (XNNPACK too): dX = col2im(dY·Wᵀ). The window dW takes any geometry.
// Forward dilation never reaches here: a dilated conv's gradient is forward convs (../dilatedConv.ts).
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { backpropGeometry, type ConvGeometry, isChannelsLast, patchSize } from '../cpu/convGeometry';
import { col2imRowsAdd } from '../cpu/im2col';
import { allocate, callKernel, dispose, heapOffset, upload, view } from './wasmHeap';
import { filterGradByWindows, windowEfficiency, type WindowOps } from './shiftedWindowFilterGrad';
import { filterGradOneChannelSimd, filterGradPairsSimd, filterGradValidSimd } from './simd/convGradSimd';
import { simdKernelsFor, simdParts } from './simd/simdKernels';
import { winogradFilterGrad, winogradInputGrad, winogradPays } from './simd/winogradSimd';

type Tf = typeof tfjs;
type Pad = 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
type Stock = Record<string, KernelFunc | undefined>;
type Transpose = (backend: object, x: TensorInfo, perm: number[]) => TensorInfo;

const MAX_BLOCK_FLOATS = 1 << 22; // 16 MB of patches per block (dX fallback)
/**
 * dW takes the batch-as-channels conv where less than this share of the window GEMMs' work counts
 * (windowEfficiency): LeNet's valid 5×5 convs, 10×10 outputs on a 14×14 grid, or a single input channel. Measured
 * on ResNet-20 / LeNet shapes: the windows win ~1.3–3× at ≥ 0.7, the conv ~1.1–1.8× at ≤ 0.57.
 */
export const MIN_WINDOW_EFFICIENCY = 0.6;

/**
 * On one thread (no SIMD helper), the channel-pair dW serves convs with at most this many input channels: on
 * ResNet-20 b128 it ran the stage-1 conv (16) in 18.9 ms vs the windows' 31.8, stage 2 (32) 18.0 vs 19.6, the
 * stem 3.6 vs 13.3, but stage 3 (64) 18.5 vs 16.6.
 */
export const MAX_ONE_THREAD_PAIR_CHANNELS = 32;

/** Pads XNNPACK takes without complaint: tfjs-wasm's Conv2D misbehaves when a pad exceeds filter size − 1. */
function padsFit(pads: number[], filterH: number, filterW: number): boolean {
  const [top, bottom, left, right] = pads;
  return top >= 0 && bottom >= 0 && left >= 0 && right >= 0 && top < filterH && bottom < filterH && left < filterW && right < filterW;
}

function explicitPad(top: number, bottom: number, left: number, right: number): tfjs.backend_util.ExplicitPadding {
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}

/** Taps k0, k0 + step, … of one filter axis (`taps` of them). */
interface Taps {
  k0: number;
  taps: number;
}

/** One axis of a stride phase: the dX rows r, r+s, … and the taps that reach them (see inputGradByPhases). */
interface PhaseAxis extends Taps {
  /** Rows of dX in this phase; taps k0, k0+s, … reach them (taps 0: the phase gets no gradient). */
  rows: number;
  /** Pads of dY for the stride-1 conv (inputGradByPhases checks that they fit XNNPACK). */
  before: number;
  after: number;
}

function phaseAxis(r: number, s: number, size: number, k: number, pad: number, out: number): PhaseAxis {
  const rows = Math.ceil((size - r) / s);
  const k0 = (((r + pad) % s) + s) % s;
  const taps = k0 < k ? Math.ceil((k - k0) / s) : 0;
  // dX[s·j + r] = Σ_t dY[j + c − t] · W[k0 + s·t] with c = (r + pad − k0)/s: a correlation of dY with the
  // reversed sub-filter, padded before by taps − 1 − c and after by whatever makes `rows` outputs.
  const c = (r + pad - k0) / s;
  const before = taps - 1 - c;
  const after = rows - out - before + taps - 1;
  return { rows, k0, taps, before, after };
}

/**
 * The filter's taps k0, k0+step, … (`taps` of them) on each axis, reversed, with in/out channels swapped:
 * wf[u, v, co, ci] = w[y.k0 + stepY·(y.taps−1−u), x.k0 + stepX·(x.taps−1−v), ci, co]. All taps with step 1 is the
 * whole filter rotated 180°, the transposed conv's filter; one stride phase's taps give that phase's filter.
 */
function reversedFilter(backend: object, filter: TensorInfo, g: ConvGeometry, y: Taps, stepY: number, x: Taps, stepX: number): TensorInfo {
  const { kW, inC, outC } = g;
  const out = allocate(backend, [y.taps, x.taps, outC, inC]);
  const w = view(backend, filter);
  const f = view(backend, out);
  for (let u = 0; u < y.taps; u++)
    for (let v = 0; v < x.taps; v++) {
      const ky = y.k0 + stepY * (y.taps - 1 - u);
      const kx = x.k0 + stepX * (x.taps - 1 - v);
      const src = (ky * kW + kx) * inC * outC;
      const dst = (u * x.taps + v) * outC * inC;
      for (let co = 0; co < outC; co++) for (let ci = 0; ci < inC; ci++) f[dst + co * inC + ci] = w[src + ci * outC + co];
    }
  return out;
}

/**
 * Strided dX as s_h·s_w stride-1 convs of dY (one per phase of the output rows and columns), or undefined when a
 * phase's pads do not fit XNNPACK. Same arithmetic as the forward conv; the zero-inserted form does s² times more.
 */
function inputGradByPhases(backend: object, stock: Stock, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo | undefined {
  const { batch, inH, inW, inC, outH, outW, kH, kW, strideH, strideW } = g;
  const rowsOf = Array.from({ length: strideH }, (_, r) => phaseAxis(r, strideH, inH, kH, g.padTop, outH));
  const colsOf = Array.from({ length: strideW }, (_, r) => phaseAxis(r, strideW, inW, kW, g.padLeft, outW));
  const used = (a: PhaseAxis) => a.rows > 0 && a.taps > 0;
  const fits = (a: PhaseAxis, b: PhaseAxis) => !used(a) || !used(b) || padsFit([a.before, a.after, b.before, b.after], a.taps, b.taps);
  if (!rowsOf.every((a) => colsOf.every((b) => fits(a, b)))) return undefined;
  const dx = allocate(backend, [batch, inH, inW, inC]);
  const simd = simdKernelsFor(backend);
  // No tap reaches some rows or columns (a 1×1 filter with stride 2): their gradient is zero.
  if (rowsOf.some((a) => a.taps === 0) || colsOf.some((b) => b.taps === 0)) view(backend, dx).fill(0);
  for (let ry = 0; ry < strideH; ry++)
    for (let rx = 0; rx < strideW; rx++) {
      const a = rowsOf[ry];
      const b = colsOf[rx];
      if (!used(a) || !used(b)) continue;
      const sub = reversedFilter(backend, filter, g, a, strideH, b, strideW);
      const part = callKernel(stock, 'Conv2D', backend, { x: dy, filter: sub }, {
        strides: 1,
        pad: explicitPad(a.before, a.after, b.before, b.after),
        dilations: 1,
        dataFormat: 'NHWC',
        dimRoundingMode: undefined,
      } as unknown as NamedAttrMap);
      // Scatter the phase into dX[b, s·j + ry, s·i + rx, :] (in our SIMD module where it runs).
      if (simd) simd.scatterPhase(heapOffset(backend, part), heapOffset(backend, dx), batch, a.rows, b.rows, inH, inW, inC, strideH, strideW, ry, rx);
      else {
        const p = view(backend, part);
        const o = view(backend, dx);
        for (let n = 0; n < batch; n++)
          for (let j = 0; j < a.rows; j++) {
            const rowOut = (n * inH + strideH * j + ry) * inW;
            let from = ((n * a.rows + j) * b.rows) * inC;
            for (let i = 0; i < b.rows; i++, from += inC) o.set(p.subarray(from, from + inC), (rowOut + strideW * i + rx) * inC);
          }
      }
      dispose(backend, sub, part);
    }
  return dx;
}

/** dX as a stride-1 forward conv of dY (zero-inserted when strided) with the rotated, channel-swapped filter. */
function inputGradByConv(backend: object, stock: Stock, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo {
  const { batch, inH, inW, outH, outW, outC, kH, kW, strideH, strideW } = g;
  // wf[ky, kx, co, ci] = w[kH−1−ky, kW−1−kx, ci, co]
  const flipped = reversedFilter(backend, filter, g, { k0: 0, taps: kH }, 1, { k0: 0, taps: kW }, 1);
  const top = kH - 1 - g.padTop;
  const left = kW - 1 - g.padLeft;
  const conv = (x: TensorInfo, pad: Pad) =>
    callKernel(stock, 'Conv2D', backend, { x, filter: flipped }, { strides: 1, pad, dilations: 1, dataFormat: 'NHWC', dimRoundingMode: undefined } as unknown as NamedAttrMap);
  if (strideH === 1 && strideW === 1) {
    const bottom = inH + kH - 1 - outH - top;
    const right = inW + kW - 1 - outW - left;
    if (padsFit([top, bottom, left, right], kH, kW)) {
      const out = conv(dy, explicitPad(top, bottom, left, right));
      dispose(backend, flipped);
      return out;
    }
  }
  // dz[b, top + oy·strideH, left + ox·strideW, :] = dy[b, oy, ox, :], zero elsewhere; a valid conv then yields inH×inW.
  const zH = inH + kH - 1;
  const zW = inW + kW - 1;
  const spread = allocate(backend, [batch, zH, zW, outC]);
  const z = view(backend, spread);
  const d = view(backend, dy);
  z.fill(0);
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < outH; oy++) {
      const zy = top + oy * strideH;
      if (zy < 0 || zy >= zH) continue;
      for (let ox = 0; ox < outW; ox++) {
        const zx = left + ox * strideW;
        if (zx < 0 || zx >= zW) continue;
        const from = ((b * outH + oy) * outW + ox) * outC;
        const to = ((b * zH + zy) * zW + zx) * outC;
        for (let c = 0; c < outC; c++) z[to + c] = d[from + c];
      }
    }
  const out = conv(spread, 'valid');
  dispose(backend, flipped, spread);
  return out;
}

/**
 * dW as one forward conv in which the batch is the channel (reduction) axis and dY is the filter, with dilation =
 * stride: conv(x as [inC, H, W, batch], dY as [outH, outW, batch, outC]) = [inC, kH, kW, outC]. The rearrangements
 * run on the stock Transpose. Undefined when rows or columns would need cropping or the pads do not fit XNNPACK.
 */
function filterGradByConv(backend: object, stock: Stock, transpose: Transpose, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo | undefined {
  const { inH, inW, outH, outW, kH, kW, strideH, strideW, padTop, padLeft } = g;
  // The conv's output height is inH + top + bottom − strideH·(outH − 1): make it kH.
  const bottom = (outH - 1) * strideH + kH - padTop - inH;
  const right = (outW - 1) * strideW + kW - padLeft - inW;
  if (bottom < 0 || right < 0 || !padsFit([padTop, bottom, padLeft, right], outH, outW)) return undefined;
  const xt = transpose(backend, x, [3, 1, 2, 0]);
  const dyt = transpose(backend, dy, [1, 2, 0, 3]);
  const raw = callKernel(stock, 'Conv2D', backend, { x: xt, filter: dyt }, {
    strides: 1,
    pad: explicitPad(padTop, bottom, padLeft, right),
    dilations: [strideH, strideW],
    dataFormat: 'NHWC',
    dimRoundingMode: undefined,
  } as unknown as NamedAttrMap);
  const dw = transpose(backend, raw, [1, 2, 0, 3]);
  dispose(backend, xt, dyt, raw);
  return dw;
}

function imagesPerBlock(g: ConvGeometry): number {
  const perImage = g.outH * g.outW * patchSize(g);
  return Math.max(1, Math.min(g.batch, Math.floor(MAX_BLOCK_FLOATS / Math.max(1, perImage))));
}

/** Conv2DBackpropFilter's two wasm paths, each for tests to run over every geometry. */
export interface FilterGradPaths {
  /** Shifted-window GEMMs (./shiftedWindowFilterGrad.ts): any geometry; `maxBlockFloats` bounds its scratch. */
  windows(backend: object, x: TensorInfo, dy: TensorInfo, g: ConvGeometry, maxBlockFloats?: number): TensorInfo;
  /** The batch-as-channels conv; undefined where it would crop rows or columns or its pads do not fit XNNPACK. */
  conv(backend: object, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo | undefined;
}

export function makeWasmFilterGradPaths(tf: Tf, stock: Stock): FilterGradPaths {
  // Transpose is the stock wasm kernel (C++); PadV2 is whichever is registered when this runs (ours copies lines).
  const transposeKernel = tf.getKernel('Transpose', 'wasm')?.kernelFunc;
  const padKernel = tf.getKernel('PadV2', 'wasm')?.kernelFunc;
  const transpose = transposeKernel && ((backend: object, x: TensorInfo, perm: number[]) => transposeKernel({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo);
  const ops: WindowOps = {
    matMul: (backend, a, b) => callKernel(stock, 'BatchMatMul', backend, { a, b }, { transposeA: false, transposeB: false }),
    transpose,
    pad: padKernel && ((backend, x, paddings) => padKernel({ inputs: { x }, backend, attrs: { paddings, constantValue: 0 } as unknown as NamedAttrMap }) as TensorInfo),
  };
  return {
    windows: (backend, x, dy, g, maxBlockFloats) => filterGradByWindows(backend, ops, x, dy, g, maxBlockFloats),
    conv: (backend, x, dy, g) => (transpose ? filterGradByConv(backend, stock, transpose, x, dy, g) : undefined),
  };
}

export function makeWasmConvGradKernels(tf: Tf, stock: Stock): { Conv2DBackpropFilter: KernelFunc; Conv2DBackpropInput: KernelFunc } {
  const matMul = (backend: object, a: TensorInfo, b: TensorInfo): TensorInfo =>
    callKernel(stock, 'BatchMatMul', backend, { a, b }, { transposeA: false, transposeB: false });
  const filterGrad = makeWasmFilterGradPaths(tf, stock);

  const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
    if (!isChannelsLast(attrs)) throw new Error('Conv2DBackpropFilter (wasm): only NHWC is implemented');
    const x = inputs.x as TensorInfo;
    const dy = inputs.dy as TensorInfo;
    const g = backpropGeometry(tf, x.shape, (attrs as NamedAttrMap).filterShape as number[], attrs as NamedAttrMap);
    const byWinograd = x.dtype === 'float32' && dy.dtype === 'float32' && winogradPays(backend) ? winogradFilterGrad(backend, x, dy, g) : undefined;
    if (byWinograd) return byWinograd;
    const oneChannel = filterGradOneChannelSimd(backend, x, dy, g);
    if (oneChannel) return oneChannel;
    // Where the windows would waste most of their work (LeNet's valid 5×5), the SIMD kernel, else the conv.
    const sparseGrid = windowEfficiency(g) < MIN_WINDOW_EFFICIENCY;
    const bySimd = sparseGrid ? filterGradValidSimd(backend, x, dy, g) : undefined;
    if (bySimd) return bySimd;
    // Filters ≤ 3 wide (ResNet's 3×3 and 1×1) by channel pairs, split by input channel across the helper threads;
    // on one thread only up to 32 input channels (ResNet-20's stage 3, 64, ran 18.5 vs the windows' 16.6 ms).
    const pairs = !sparseGrid && (simdParts(backend) > 1 || g.inC <= MAX_ONE_THREAD_PAIR_CHANNELS);
    const split = pairs ? filterGradPairsSimd(backend, x, dy, g) : undefined;
    if (split) return split;
    const byConv = sparseGrid ? filterGrad.conv(backend, x, dy, g) : undefined;
    return byConv ?? filterGrad.windows(backend, x, dy, g);
  };

  const conv2DBackpropInput: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    if (!isChannelsLast(attrs) && stock.Conv2DBackpropInput) return stock.Conv2DBackpropInput(args);
    const dy = inputs.dy as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const a = attrs as NamedAttrMap;
    const inputShape = a.inputShape as number[];
    const g = backpropGeometry(tf, inputShape, filter.shape, a);
    const byWinograd = dy.dtype === 'float32' && winogradPays(backend) ? winogradInputGrad(backend, dy, filter, g) : undefined;
    if (byWinograd) return byWinograd;
    if (g.strideH > 1 || g.strideW > 1) {
      const phased = inputGradByPhases(backend, stock, dy, filter, g);
      if (phased) return phased;
    }
    if (g.padTop <= g.kH - 1 && g.padLeft <= g.kW - 1) return inputGradByConv(backend, stock, dy, filter, g);
    // Pads wider than the filter: patch matrices, dX = col2im(dY · Wᵀ).
    const K = patchSize(g);
    const pixels = g.outH * g.outW;
    const w = view(backend, filter);
    const wT = new Float32Array(K * g.outC);
    for (let k = 0; k < K; k++) for (let c = 0; c < g.outC; c++) wT[c * K + k] = w[k * g.outC + c];
    const dys = view(backend, dy).slice();
    const wTensor = upload(backend, [g.outC, K], wT);
    const dx = new Float32Array(g.batch * g.inH * g.inW * g.inC);
    const step = imagesPerBlock(g);
    for (let b0 = 0; b0 < g.batch; b0 += step) {
      const nb = Math.min(step, g.batch - b0);
      const rows = nb * pixels;
      const dyBlock = upload(backend, [rows, g.outC], dys.subarray(b0 * pixels * g.outC, (b0 + nb) * pixels * g.outC));
      const dcol = matMul(backend, dyBlock, wTensor);
      col2imRowsAdd(view(backend, dcol), g, b0 * pixels, rows, dx);
      dispose(backend, dyBlock, dcol);
    }
    dispose(backend, wTensor);
    return upload(backend, inputShape, dx);
  };

  return { Conv2DBackpropFilter: conv2DBackpropFilter, Conv2DBackpropInput: conv2DBackpropInput };
}
