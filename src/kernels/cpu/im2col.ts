// im2col / col2im for NHWC tensors, one block of output pixels at a time (Chellapilla et al. 2006,
// "High performance convolutional neural networks for document processing"). Row r = (b·outH + oy)·outW + ox,
// column = (ky·kW + kx)·inC + ci, matching the filter layout [kH, kW, inC, outC] so that conv = im2col(x) · W.
import type { ConvGeometry } from './convGeometry';

/** col[(r-row0)·K + tap] = x at the tap of output pixel r, 0 where the tap falls into padding. */
export function im2colRows(x: Float32Array, g: ConvGeometry, row0: number, rows: number, col: Float32Array): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  const K = kH * kW * inC;
  let w = 0;
  for (let r = row0; r < row0 + rows; r++) {
    const ox = r % outW;
    const rest = (r - ox) / outW;
    const oy = rest % outH;
    const b = (rest - oy) / outH;
    const iy0 = oy * strideH - padTop;
    const ix0 = ox * strideW - padLeft;
    const imageAt = b * inH * inW * inC;
    for (let ky = 0; ky < kH; ky++) {
      const iy = iy0 + ky * dilationH;
      if (iy < 0 || iy >= inH) {
        col.fill(0, w, w + kW * inC);
        w += kW * inC;
        continue;
      }
      const rowAt = imageAt + iy * inW * inC;
      for (let kx = 0; kx < kW; kx++) {
        const ix = ix0 + kx * dilationW;
        if (ix < 0 || ix >= inW) {
          col.fill(0, w, w + inC);
        } else {
          // A plain loop: subarray()+set() allocates a view per tap, which costs more than copying a few channels.
          const at = rowAt + ix * inC;
          for (let ci = 0; ci < inC; ci++) col[w + ci] = x[at + ci];
        }
        w += inC;
      }
    }
  }
  if (w !== rows * K) throw new Error(`im2col wrote ${w} values, expected ${rows * K}`);
}

/** The adjoint of im2colRows: dx[tap of pixel r] += col[(r-row0)·K + tap]; padding taps are dropped. */
export function col2imRowsAdd(col: Float32Array, g: ConvGeometry, row0: number, rows: number, dx: Float32Array): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  let w = 0;
  for (let r = row0; r < row0 + rows; r++) {
    const ox = r % outW;
    const rest = (r - ox) / outW;
    const oy = rest % outH;
    const b = (rest - oy) / outH;
    const iy0 = oy * strideH - padTop;
    const ix0 = ox * strideW - padLeft;
    const imageAt = b * inH * inW * inC;
    for (let ky = 0; ky < kH; ky++) {
      const iy = iy0 + ky * dilationH;
      if (iy < 0 || iy >= inH) {
        w += kW * inC;
        continue;
      }
      const rowAt = imageAt + iy * inW * inC;
      for (let kx = 0; kx < kW; kx++) {
        const ix = ix0 + kx * dilationW;
        if (ix >= 0 && ix < inW) {
          const at = rowAt + ix * inC;
          for (let ci = 0; ci < inC; ci++) dx[at + ci] += col[w + ci];
        }
        w += inC;
      }
    }
  }
}
