// MaxPoolGrad and AvgPoolGrad for NHWC, scattering dy back through each window with channels innermost
// (contiguous), instead of the stock per-element gather with TensorBuffer.get. Semantics match tfjs-cpu:
// max routes dy to the first strict maximum of the window (padding taps never win); avg spreads
// dy / (filterH·filterW) over the in-bounds taps.
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { TensorIO } from '../tensorIO';

type Tf = typeof tfjs;
type KernelArgs = Parameters<KernelFunc>[0];
type Pad = 'valid' | 'same' | number | tfjs.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

export interface PoolGradKernelSet {
  MaxPoolGrad: KernelFunc;
  AvgPoolGrad: KernelFunc;
}

/**
 * A faster MaxPoolGrad for unpadded 2×2 / 2 pooling (LeNet, VGG) on one backend (wasm: our SIMD module): writes
 * every input element inside a window of `dx` (a fresh tensor of x's shape; the rest is zeroed here) and
 * returns true, or returns false to leave it to the JS loops.
 */
export type MaxPoolGrad2x2 = (backend: object, x: TensorInfo, y: TensorInfo, dy: TensorInfo, dx: TensorInfo, p: tfjs.backend_util.Conv2DInfo) => boolean;

function isUnpadded2x2(p: tfjs.backend_util.Conv2DInfo): boolean {
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW } = p;
  return FH === 2 && FW === 2 && SH === 2 && SW === 2 && p.padInfo.top === 0 && p.padInfo.left === 0 && 2 * p.outHeight <= p.inHeight && 2 * p.outWidth <= p.inWidth;
}

export function makePoolGradKernels(tf: Tf, io: TensorIO, maxPoolGrad2x2?: MaxPoolGrad2x2): PoolGradKernelSet {
  const poolInfo = (x: TensorInfo, a: NamedAttrMap) =>
    tf.backend_util.computePool2DInfo(
      x.shape as [number, number, number, number],
      a.filterSize as [number, number] | number,
      a.strides as [number, number] | number,
      1,
      a.pad as Pad,
      a.dimRoundingMode as Rounding,
    );

  const maxPoolGrad: KernelFunc = (args: KernelArgs) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.input as TensorInfo;
    const info = poolInfo(x, attrs as NamedAttrMap);
    const y = inputs.output as TensorInfo | undefined;
    if (y) {
      const out = io.allocate(backend, x.shape);
      if (maxPoolGrad2x2 && isUnpadded2x2(info)) {
        if (info.inHeight > 2 * info.outHeight || info.inWidth > 2 * info.outWidth) out.values.fill(0); // rows or columns no window covers
        if (maxPoolGrad2x2(backend, x, y, inputs.dy as TensorInfo, out.info, info)) return out.info;
      }
      maxPoolBackwardByOutput(io.read(backend, x), io.read(backend, y), io.read(backend, inputs.dy as TensorInfo), info, out.values);
      return out.info;
    }
    const dx = maxPoolBackward(io.read(backend, x), io.read(backend, inputs.dy as TensorInfo), info);
    return io.write(backend, x.shape, dx);
  };

  const avgPoolGrad: KernelFunc = (args: KernelArgs) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.input as TensorInfo;
    const info = poolInfo(x, attrs as NamedAttrMap);
    const dx = avgPoolBackward(io.read(backend, inputs.dy as TensorInfo), info);
    return io.write(backend, x.shape, dx);
  };

  return { MaxPoolGrad: maxPoolGrad, AvgPoolGrad: avgPoolGrad };
}

/**
 * MaxPoolGrad given the pooled output y: the window's maximum is y itself, so dy goes to the first tap (scan order)
 * whose value equals y — the first strict maximum, as tfjs-cpu routes it — with no per-window search state.
 */
function maxPoolBackwardByOutput(x: Float32Array, y: Float32Array, dy: Float32Array, p: tfjs.backend_util.Conv2DInfo, dx: Float32Array): void {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = p;
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW } = p;
  const top = p.padInfo.top;
  const left = p.padInfo.left;
  dx.fill(0);
  if (isUnpadded2x2(p)) {
    maxPoolBackward2x2(x, y, dy, p, dx);
    return;
  }
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * H * W * C;
    for (let oy = 0; oy < OH; oy++) {
      const y0 = oy * SH - top;
      const ky0 = Math.max(0, -y0);
      const ky1 = Math.min(FH, H - y0);
      for (let ox = 0; ox < OW; ox++, o += C) {
        const x0 = ox * SW - left;
        const kx0 = Math.max(0, -x0);
        const kx1 = Math.min(FW, W - x0);
        for (let c = 0; c < C; c++) {
          const m = y[o + c];
          let found = false;
          for (let ky = ky0; ky < ky1 && !found; ky++) {
            for (let kx = kx0, at = image + ((y0 + ky) * W + x0 + kx0) * C + c; kx < kx1; kx++, at += C) {
              if (x[at] === m) {
                dx[at] += dy[o + c];
                found = true;
                break;
              }
            }
          }
        }
      }
    }
  }
}

/**
 * maxPoolBackwardByOutput for the common 2×2 / 2 unpadded pooling (LeNet, VGG): the four taps' offsets are
 * fixed, so each (window, channel) is one chain of compares in scan order — half the time of the loops above
 * on LeNet-5's 256×28×28×6 (6.6 → 3.5 ms). dx is zero on entry.
 */
function maxPoolBackward2x2(x: Float32Array, y: Float32Array, dy: Float32Array, p: tfjs.backend_util.Conv2DInfo, dx: Float32Array): void {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = p;
  const rowFloats = W * C;
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * H * rowFloats;
    for (let oy = 0; oy < OH; oy++) {
      let a0 = image + 2 * oy * rowFloats;
      for (let ox = 0; ox < OW; ox++, o += C, a0 += 2 * C) {
        const a1 = a0 + C;
        const a2 = a0 + rowFloats;
        const a3 = a2 + C;
        for (let c = 0; c < C; c++) {
          const m = y[o + c];
          const at = x[a0 + c] === m ? a0 + c : x[a1 + c] === m ? a1 + c : x[a2 + c] === m ? a2 + c : x[a3 + c] === m ? a3 + c : -1;
          if (at >= 0) dx[at] = dy[o + c];
        }
      }
    }
  }
}

function maxPoolBackward(x: Float32Array, dy: Float32Array, p: tfjs.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = p;
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW } = p;
  const top = p.padInfo.top;
  const left = p.padInfo.left;
  const dx = new Float32Array(x.length);
  const best = new Float64Array(C);
  const bestAt = new Int32Array(C);
  let dyAt = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * H * W * C;
    for (let oy = 0; oy < OH; oy++) {
      const y0 = oy * SH - top;
      for (let ox = 0; ox < OW; ox++, dyAt += C) {
        const x0 = ox * SW - left;
        best.fill(-Infinity);
        bestAt.fill(-1);
        for (let ky = Math.max(0, -y0); ky < FH && y0 + ky < H; ky++) {
          for (let kx = Math.max(0, -x0); kx < FW && x0 + kx < W; kx++) {
            const at = image + ((y0 + ky) * W + x0 + kx) * C;
            for (let c = 0; c < C; c++) {
              const v = x[at + c];
              if (v > best[c]) {
                best[c] = v;
                bestAt[c] = at + c;
              }
            }
          }
        }
        for (let c = 0; c < C; c++) if (bestAt[c] >= 0) dx[bestAt[c]] += dy[dyAt + c];
      }
    }
  }
  return dx;
}

function avgPoolBackward(dy: Float32Array, p: tfjs.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = p;
  const { filterHeight: FH, filterWidth: FW, strideHeight: SH, strideWidth: SW } = p;
  const top = p.padInfo.top;
  const left = p.padInfo.left;
  const scale = 1 / (FH * FW);
  const dx = new Float32Array(batchSize * H * W * C);
  let dyAt = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * H * W * C;
    for (let oy = 0; oy < OH; oy++) {
      const y0 = oy * SH - top;
      for (let ox = 0; ox < OW; ox++, dyAt += C) {
        const x0 = ox * SW - left;
        for (let ky = Math.max(0, -y0); ky < FH && y0 + ky < H; ky++) {
          for (let kx = Math.max(0, -x0); kx < FW && x0 + kx < W; kx++) {
            const at = image + ((y0 + ky) * W + x0 + kx) * C;
            for (let c = 0; c < C; c++) dx[at + c] += dy[dyAt + c] * scale;
          }
        }
      }
    }
  }
  return dx;
}
