// Average pooling: the mean of each F×F window.
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { ignoredPad, paddedPoolParamHelp, PaddedPoolParams, poolingRules, poolParams, poolStride, readKerasPool, readOnnxPoolWindow, tfPoolPadding } from './poolingBase';
import { customLayerClass, type CustomLayerSpec, windowOutSize } from './customTfLayer';
import { windowPads } from '../export/layout';
import { int } from '../export/onnx/emitContext';
import { onnxPoolAttrs } from '../export/onnx/windowOps';
import { torchPool } from '../export/torch/windowOps';
import { kerasGet, unsupported } from '../import/layerReaders';

const AVG_POOL_SAME = `def avg_pool_same(x, k, s, pads):
    """TensorFlow 'same' average pooling: the mean over the in-image part of each window (pads not counted)."""
    total = F.avg_pool2d(F.pad(x, pads), k, s)
    count = F.avg_pool2d(F.pad(torch.ones_like(x[:1, :1]), pads), k, s)
    return total / count`;

/**
 * Average pooling over explicit padding P that the mean does not count (PyTorch's count_include_pad=False): tfjs has
 * no such layer, so Σ over the zero-padded window ÷ the number of in-image pixels in it, avgPool(pad(x)) / avgPool(pad(1)).
 */
export const avgPoolIgnorePadSpec: CustomLayerSpec = {
  className: 'AveragePooling2DIgnorePad',
  keys: ['poolSize', 'strides', 'pad'],
  outputShape: (c, s) => [s[0], windowOutSize(s[1], c.poolSize, c.strides, c.pad), windowOutSize(s[2], c.poolSize, c.strides, c.pad), s[3]],
  call: (tf, c, x) => {
    const [, H, W] = x.shape;
    const pads: [number, number][] = [[0, 0], [c.pad, c.pad], [c.pad, c.pad], [0, 0]];
    const sum = tf.avgPool(tf.pad(x, pads) as tfjs.Tensor4D, c.poolSize, c.strides, 'valid');
    const count = tf.avgPool(tf.pad(tf.ones([1, H, W, 1]), pads) as tfjs.Tensor4D, c.poolSize, c.strides, 'valid');
    return tf.div(sum, count);
  },
};

export const averagePooling2d = defineLayer<PaddedPoolParams>({
  type: 'AveragePooling2D',
  labels: { en: 'Average pooling', ko: '평균 풀링' },
  explain: {
    summary: {
      en: 'Replaces each F×F window by its mean: a smoother downsampling, no parameters.',
      ko: '각 F×F 창을 그 평균값으로 바꿉니다: 부드러운 다운샘플링, 매개변수 없음.',
    },
    what: {
      en: 'Downsampling like max pooling, but each F×F window (moved by S) becomes the average of its values, so every input contributes. The depth stays D2 = D1 and nothing is learned.',
      ko: '최대 풀링처럼 줄이지만, 각 F×F 창 (S 씩 이동) 이 값들의 평균이 되어 모든 입력이 기여합니다. 깊이는 D2 = D1 그대로이고 학습하는 것은 없습니다.',
    },
    when: {
      en: 'LeNet-5\'s original subsampling layers averaged; today max pooling is more common inside the network, and global average pooling at its end.',
      ko: 'LeNet-5 의 원래 부표본화 층이 평균을 썼습니다; 지금은 네트워크 안에서는 최대 풀링이, 끝에서는 전역 평균 풀링이 더 흔합니다.',
    },
    params: paddedPoolParamHelp({ en: 'the mean divides by F·F', ko: '평균은 F·F 로 나눕니다' }),
  },
  ...poolingRules(PaddedPoolParams),
  tfCustomLayerFor: (p) => (ignoredPad(p) ? avgPoolIgnorePadSpec : undefined),
  buildTf: ({ tf, name }, p, [x]) => {
    if (ignoredPad(p)) {
      const Pool = customLayerClass(tf, avgPoolIgnorePadSpec);
      return new Pool({ name, poolSize: p.poolSize, strides: poolStride(p), pad: ignoredPad(p) }).apply(x) as tfjs.SymbolicTensor;
    }
    let h = x;
    if (typeof p.padding === 'number' && p.padding > 0)
      h = tf.layers.zeroPadding2d({ padding: p.padding, name: `${name}_pad` }).apply(h) as tfjs.SymbolicTensor;
    return tf.layers
      .averagePooling2d({ poolSize: p.poolSize, strides: poolStride(p), padding: tfPoolPadding(p), name })
      .apply(h) as tfjs.SymbolicTensor;
  },
  keras: {
    classNames: ['AveragePooling2D', avgPoolIgnorePadSpec.className],
    read: (c, className) =>
      className === 'AveragePooling2D' ? readKerasPool(c, className) : { params: { ...poolParams(kerasGet(c, 'pool_size', 'poolSize'), c.strides, c.pad).params, includePad: false } },
  },
  // 'same' averages only the in-image part (as TensorFlow); explicit P averages the zeros too unless includePad is off.
  onnx: (ctx, p, [x]) => {
    const pads = windowPads(p.padding, ctx.inputShapes[0], p.poolSize, poolStride(p));
    const include = typeof p.padding === 'number' && p.includePad;
    return { name: ctx.node('AveragePool', [x.name], { ...onnxPoolAttrs(p.poolSize, poolStride(p), pads), count_include_pad: int(include ? 1 : 0) }) };
  },
  onnxImport: {
    ops: ['AveragePool'],
    read: (n) => {
      const w = readOnnxPoolWindow(n);
      if ('unsupported' in w) return w;
      let padding = w.padding;
      const include = n.attrs.count_include_pad === 1;
      // Symmetric pads P are explicit padding, counted or not as count_include_pad says; TF's 'same' pads are 'same'
      // when not counted. Asymmetric pads that are counted have no layer.
      if (padding === 'same' && include) {
        const pads: number[] = n.attrs.pads;
        padding = pads.every((e) => e === pads[0]) ? pads[0] : undefined;
      }
      if (padding === undefined) return unsupported(`AveragePool(pads ${JSON.stringify(n.attrs.pads)}, count_include_pad=${include ? 1 : 0})`);
      const r = poolParams(w.F, w.S, padding);
      return typeof padding === 'number' ? { params: { ...r.params, includePad: include } } : r;
    },
  },
  torch: (ctx, p, [x]) => {
    const S = poolStride(p);
    const [t, l, b, r] = windowPads(p.padding, ctx.inputShapes[0], p.poolSize, S);
    if ((p.padding === 'same' || ignoredPad(p)) && t + l + b + r > 0) {
      ctx.helper(AVG_POOL_SAME);
      return { expr: ctx.assign(`avg_pool_same(${x.expr}, ${p.poolSize}, ${S}, (${l}, ${r}, ${t}, ${b}))`) };
    }
    return { expr: torchPool(ctx, `nn.AvgPool2d(${p.poolSize}, stride=${S})`, x.expr, p.poolSize, S, p.padding) };
  },
});
