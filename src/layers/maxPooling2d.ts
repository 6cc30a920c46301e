// Max pooling: the largest value in each F×F window (the lecture's default pooling).
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { ignoredPad, paddedPoolParamHelp, PaddedPoolParams, poolingRules, poolParams, poolStride, readKerasPool, readOnnxPoolWindow, tfPoolPadding } from './poolingBase';
import { customLayerClass, type CustomLayerSpec } from './customTfLayer';
import { windowPads } from '../export/layout';
import { onnxPoolAttrs } from '../export/onnx/windowOps';
import { torchPool } from '../export/torch/windowOps';
import { kerasGet, unsupported } from '../import/layerReaders';

const LOWEST_FLOAT = -3.4028234663852886e38;

/**
 * tfjs max-pools over explicit zero padding, ONNX MaxPool ignores its pads — and onnxruntime's PadFusion folds
 * a zero Pad into MaxPool pads (seen with onnxruntime 1.30: 4.7e-3 off). So: MaxPool, then Max with a constant
 * mask that is 0 for windows touching a zero border and the lowest float elsewhere; right whether fused or not.
 */
function zeroBorderMask(size: [number, number], F: number, S: number, pads: number[], explicit: boolean, zero: number[], out: [number, number]): Float32Array {
  // Window [start, end] along one axis hits a zero if it reaches explicit padding or the input's zero border.
  const hits = (i: number, before: number, n: number, zBefore: number, zAfter: number) => {
    const start = i * S - before;
    const end = start + F - 1;
    return (explicit && (start < 0 || end > n - 1)) || (zBefore > 0 && start < zBefore && end >= 0) || (zAfter > 0 && end >= n - zAfter && start <= n - 1);
  };
  const [outH, outW] = out;
  const mask = new Float32Array(outH * outW);
  for (let y = 0; y < outH; y++)
    for (let x = 0; x < outW; x++) mask[y * outW + x] = hits(y, pads[0], size[0], zero[0], zero[2]) || hits(x, pads[1], size[1], zero[1], zero[3]) ? 0 : LOWEST_FLOAT;
  return mask;
}

const outSize = (W: number | null, F: number, S: number, P: number) => (W === null ? null : Math.floor((W - F + 2 * P) / S) + 1);

/**
 * Max pooling over explicit padding P that no window picks (PyTorch's MaxPool2d padding, ONNX MaxPool pads): the
 * border is the lowest float. tfjs has no such layer; every window holds an in-image pixel while P < F.
 */
export const maxPoolIgnorePadSpec: CustomLayerSpec = {
  className: 'MaxPooling2DIgnorePad',
  keys: ['poolSize', 'strides', 'pad'],
  outputShape: (c, s) => [s[0], outSize(s[1], c.poolSize, c.strides, c.pad), outSize(s[2], c.poolSize, c.strides, c.pad), s[3]],
  call: (tf, c, x) => tf.maxPool(tf.pad(x, [[0, 0], [c.pad, c.pad], [c.pad, c.pad], [0, 0]], LOWEST_FLOAT) as tfjs.Tensor4D, c.poolSize, c.strides, 'valid'),
};

export const maxPooling2d = defineLayer<PaddedPoolParams>({
  type: 'MaxPooling2D',
  labels: { en: 'Max pooling', ko: '최대 풀링' },
  explain: {
    summary: {
      en: 'Keeps the largest value of each F×F window: halves width and height at 2×2/2, no parameters.',
      ko: '각 F×F 창에서 가장 큰 값만 남깁니다: 2×2/2 이면 가로·세로가 절반, 매개변수 없음.',
    },
    what: {
      en: 'Downsampling: each depth slice is cut into F×F windows (moved by S) and only the maximum of each window is kept. The depth stays D2 = D1 and nothing is learned. Keeping the strongest response makes the features a little robust to small shifts, and the smaller map cuts the cost of the following layers.',
      ko: '다운샘플링: 깊이 조각마다 F×F 창 (S 씩 이동) 으로 나누어 각 창의 최댓값만 남깁니다. 깊이는 D2 = D1 그대로이고 학습하는 것은 없습니다. 가장 강한 반응을 남기므로 작은 위치 변화에 덜 민감해지고, 맵이 작아져 뒤 층의 계산이 줄어듭니다.',
    },
    when: {
      en: 'The lecture\'s default pooling, after a convolution (+ ReLU): 2×2 with S = 2 in LeNet-5 and VGG; AlexNet overlaps 3×3 windows with S = 2.',
      ko: '강의의 기본 풀링으로, 합성곱 (+ ReLU) 뒤에 둡니다: LeNet-5 와 VGG 는 2×2, S = 2; AlexNet 은 3×3 창을 S = 2 로 겹칩니다.',
    },
    params: paddedPoolParamHelp({ en: 'a 0 can be the maximum', ko: '0 이 최댓값이 될 수 있습니다' }),
  },
  ...poolingRules(PaddedPoolParams),
  tfCustomLayerFor: (p) => (ignoredPad(p) ? maxPoolIgnorePadSpec : undefined),
  buildTf: ({ tf, name }, p, [x]) => {
    if (ignoredPad(p)) {
      const Pool = customLayerClass(tf, maxPoolIgnorePadSpec);
      return new Pool({ name, poolSize: p.poolSize, strides: poolStride(p), pad: ignoredPad(p) }).apply(x) as tfjs.SymbolicTensor;
    }
    let h = x;
    if (typeof p.padding === 'number' && p.padding > 0)
      h = tf.layers.zeroPadding2d({ padding: p.padding, name: `${name}_pad` }).apply(h) as tfjs.SymbolicTensor;
    return tf.layers
      .maxPooling2d({ poolSize: p.poolSize, strides: poolStride(p), padding: tfPoolPadding(p), name })
      .apply(h) as tfjs.SymbolicTensor;
  },
  keras: {
    classNames: ['MaxPooling2D', maxPoolIgnorePadSpec.className],
    read: (c, className) =>
      className === 'MaxPooling2D' ? readKerasPool(c, className) : { params: { ...poolParams(kerasGet(c, 'pool_size', 'poolSize'), c.strides, c.pad).params, includePad: false } },
  },
  onnx: (ctx, p, [x]) => {
    const F = p.poolSize;
    const S = poolStride(p);
    const pads = windowPads(p.padding, ctx.inputShapes[0], F, S);
    const [H, W] = ctx.inputShapes[0];
    const [outH, outW] = ctx.outputShape;
    // Explicit P counted as zeros; an ignored P is ONNX MaxPool's own pads.
    const explicit = typeof p.padding === 'number' && p.padding > 0 && p.includePad;
    const zp = x.zeroPadded;
    // After a ZeroPadding2D, pool the tensor before the Pad with both paddings (onnxruntime's PadFusion would
    // otherwise fold that Pad into these pads and lose its zeros); the mask restores the zeros either way.
    const merged = zp && (p.padding === 'valid' || p.padding === 0) ? zp.pads : undefined;
    const useMerged = merged && merged.every((v) => v < F);
    const y = useMerged ? ctx.node('MaxPool', [zp!.from], onnxPoolAttrs(F, S, merged)) : ctx.node('MaxPool', [x.name], onnxPoolAttrs(F, S, pads));
    if (!explicit && !zp) return { name: y };
    const mask = useMerged
      ? zeroBorderMask([H - merged[0] - merged[2], W - merged[1] - merged[3]], F, S, merged, true, [0, 0, 0, 0], [outH, outW])
      : zeroBorderMask([H, W], F, S, pads, explicit, zp?.pads ?? [0, 0, 0, 0], [outH, outW]);
    return { name: ctx.node('Max', [y, ctx.constant('zero_border', { shape: [1, 1, outH, outW], data: mask })], {}, 'with_zeros') };
  },
  onnxImport: {
    ops: ['MaxPool'],
    read: (n) => {
      const w = readOnnxPoolWindow(n);
      if ('unsupported' in w) return w;
      let padding = w.padding;
      if (n.zeroBorder) {
        // CNN Studio's zero-border mask follows: the pads were zeros, i.e. explicit padding P.
        const p: number[] = n.attrs.pads ?? [0, 0, 0, 0];
        padding = p.every((e) => e === p[0]) ? p[0] || 'valid' : undefined;
        return padding === undefined ? unsupported(`MaxPool(pads ${JSON.stringify(n.attrs.pads)})`) : poolParams(w.F, w.S, padding);
      }
      // ONNX MaxPool pads are never picked: TF's 'same' pads are 'same', symmetric ones an ignored padding P.
      if (padding === undefined || (typeof padding === 'number' && padding >= w.F)) return unsupported(`MaxPool(pads ${JSON.stringify(n.attrs.pads)})`);
      const r = poolParams(w.F, w.S, padding);
      return typeof padding === 'number' ? { params: { ...r.params, includePad: false } } : r;
    },
  },
  // 'same' max pooling and an ignored P never pick the border: pad with −∞.
  torch: (ctx, p, [x]) => ({
    expr: torchPool(ctx, `nn.MaxPool2d(${p.poolSize}, stride=${poolStride(p)})`, x.expr, p.poolSize, poolStride(p), p.padding, p.padding === 'same' || ignoredPad(p) ? "float('-inf')" : undefined),
  }),
});
