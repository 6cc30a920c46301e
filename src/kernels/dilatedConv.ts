// The gradient of a dilated convolution, which tfjs 4.22 lacks: both its Conv2D kernel gradient and the fused
// conv2d (what tf.layers.conv2d runs) assert "dilation rates greater than 1 are not yet supported in gradients".
// For y = conv(x, W; dilation d, stride 1, pads t, l, b, r) — tfjs allows dilation only with stride 1 — both
// are forward convolutions again (the adjoint of a correlation is a correlation with the flipped kernel):
//   dx = conv(pad(dy; (F−1)d − t, (F−1)d − l, (F−1)d − b, (F−1)d − r), rot180(W) with C↔K; dilation d)
//   dW = conv(pad(x) as [C, H, W, N], dy as a filter [H2, W2, N, K]; stride d), transposed back to [F, F, C, K]
// (dW[i,j,c,k] = Σ_{n,y,x} xpad[n, y + i·d, x + j·d, c] · dy[n, y, x, k]: a step of d between taps is a stride d).
import type * as tfjs from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs';
import { pair, type ConvLayerInternals } from './convLayerInternals';

type Tf = typeof tfjs;
type Pad = 'same' | 'valid' | number;


/** Pads (positive) or crops (negative) the H and W axes of an NHWC tensor. */
function padOrCrop(tf: Tf, t: tfjs.Tensor4D, top: number, bottom: number, left: number, right: number): tfjs.Tensor4D {
  const padded = tf.pad(t, [[0, 0], [Math.max(top, 0), Math.max(bottom, 0)], [Math.max(left, 0), Math.max(right, 0)], [0, 0]]);
  if (top >= 0 && bottom >= 0 && left >= 0 && right >= 0) return padded;
  const [n, h, w, c] = padded.shape;
  const y0 = Math.max(-top, 0);
  const x0 = Math.max(-left, 0);
  return tf.slice(padded, [0, y0, x0, 0], [n, h - y0 - Math.max(-bottom, 0), w - x0 - Math.max(-right, 0), c]);
}

/** dx and dW of a stride-1 dilated NHWC convolution, as forward convolutions (formulas above). */
export function dilatedConvGrads(tf: Tf, x: tfjs.Tensor4D, filter: tfjs.Tensor4D, dy: tfjs.Tensor4D, pad: Pad, dilations: [number, number]): { dx: () => tfjs.Tensor4D; dW: () => tfjs.Tensor4D } {
  const info = tf.backend_util.computeConv2DInfo(x.shape, filter.shape, 1, dilations, pad);
  const { top, bottom, left, right } = info.padInfo;
  const [dh, dw] = dilations;
  const [F1, F2] = filter.shape;
  const spanH = (F1 - 1) * dh;
  const spanW = (F2 - 1) * dw;
  return {
    dx: () =>
      tf.tidy(() => {
        const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tfjs.Tensor4D;
        const dyPadded = padOrCrop(tf, dy, spanH - top, spanH - bottom, spanW - left, spanW - right);
        return tf.conv2d(dyPadded, flipped, 1, 'valid', 'NHWC', [dh, dw]);
      }),
    dW: () =>
      tf.tidy(() => {
        // Only the rows and columns some tap reaches: H2 + (F−1)d of the padded input.
        const xPadded = padOrCrop(tf, x, top, info.outHeight + spanH - x.shape[1] - top, left, info.outWidth + spanW - x.shape[2] - left);
        const xT = tf.transpose(xPadded, [3, 1, 2, 0]) as tfjs.Tensor4D; // [C, Hp, Wp, N]
        const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tfjs.Tensor4D; // [H2, W2, N, K]
        const g = tf.conv2d(xT, dyT, [dh, dw], 'valid'); // [C, F, F, K]
        return tf.transpose(g, [1, 2, 0, 3]) as tfjs.Tensor4D;
      }),
  };
}

const dilatedOps = new WeakMap<Tf, Map<string, (x: tfjs.Tensor4D, filter: tfjs.Tensor4D) => tfjs.Tensor4D>>();

/** tf.conv2d (stride 1, NHWC) with dilation, differentiable in x and the filter whatever the gradient registry holds. */
export function dilatedConv2d(tf: Tf, x: tfjs.Tensor4D, filter: tfjs.Tensor4D, pad: Pad, dilations: [number, number]): tfjs.Tensor4D {
  let ops = dilatedOps.get(tf);
  if (!ops) dilatedOps.set(tf, (ops = new Map()));
  const key = `${pad}/${dilations}`;
  let op = ops.get(key);
  if (!op) {
    op = tf.customGrad((...args) => {
      const [xi, wi, save] = args as [tfjs.Tensor4D, tfjs.Tensor4D, tfjs.GradSaveFunc];
      save([xi, wi]);
      return {
        value: tf.conv2d(xi, wi, 1, pad, 'NHWC', dilations),
        gradFunc: (dy, saved) => {
          const g = dilatedConvGrads(tf, saved[0] as tfjs.Tensor4D, saved[1] as tfjs.Tensor4D, dy as tfjs.Tensor4D, pad, dilations);
          return [g.dx(), g.dW()];
        },
      };
    }) as unknown as (x: tfjs.Tensor4D, filter: tfjs.Tensor4D) => tfjs.Tensor4D;
    ops.set(key, op);
  }
  return op(x, filter);
}

/**
 * Makes a tf.layers.conv2d with dilation > 1 differentiable: its call runs dilatedConv2d + bias instead of
 * tfjs' fused conv2d, whose own gradient closure rejects dilation (the gradient registry cannot reach it).
 * Same weights, config and class name, so saving and loading the model are unchanged.
 */
export function differentiableDilation(tf: Tf, layer: tfjs.layers.Layer): tfjs.layers.Layer {
  const l = layer as unknown as ConvLayerInternals;
  const dilations = pair(l.dilationRate);
  if (dilations[0] === 1 && dilations[1] === 1) return layer;
  if (pair(l.strides).some((s) => s !== 1)) throw new Error('A dilated convolution needs stride 1 (tfjs supports dilation only with stride 1).');
  if (l.dataFormat !== 'channelsLast') throw new Error('A dilated convolution is differentiable here only channels-last (NHWC).');
  const pad: Pad = l.padding === 'same' ? 'same' : 'valid';
  l.call = (inputs) =>
    tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tfjs.Tensor4D;
      let y: tfjs.Tensor = dilatedConv2d(tf, x, l.kernel.read(), pad, dilations);
      if (l.bias) y = tf.add(y, l.bias.read());
      return l.activation && l.activation.getClassName() !== 'linear' ? l.activation.apply(y) : y;
    });
  return layer;
}

const ours = new WeakSet<GradConfig>();

/**
 * Registers a Conv2D gradient (for tf.conv2d called directly) that handles dilation and hands dilation 1 to the
 * gradient tfjs registered. Idempotent; returns whether the gradient registry now holds ours.
 */
export function registerDilatedConvGradient(tf: Tf): boolean {
  const stock = tf.getGradient('Conv2D');
  if (stock && ours.has(stock)) return true;
  const config: GradConfig = {
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs: NamedAttrMap) => {
      const { dilations, strides, pad, dataFormat } = attrs as unknown as { dilations: number | [number, number]; strides: number | [number, number]; pad: Pad; dataFormat: string };
      const d = pair(dilations);
      if (d[0] === 1 && d[1] === 1) {
        if (!stock) throw new Error('tfjs registered no Conv2D gradient.');
        return stock.gradFunc(dy, saved, attrs);
      }
      if (pair(strides).some((s) => s !== 1) || dataFormat !== 'NHWC') throw new Error('A dilated convolution is differentiable only with stride 1, NHWC.');
      const g = dilatedConvGrads(tf, saved[0] as tfjs.Tensor4D, saved[1] as tfjs.Tensor4D, dy as tfjs.Tensor4D, pad, d);
      return { x: g.dx, filter: g.dW };
    },
  };
  ours.add(config);
  tf.registerGradient(config);
  return true;
}
