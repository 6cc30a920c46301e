// L2-norm pooling: √(Σ x²) over each F×F window (the lecture's third pooling; ONNX LpPool with p = 2).
// Built as √(avgPool(x²)·F² + ε) over explicitly zero-padded input so borders sum, not average.
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { poolParamHelp, poolingRules, poolParams, poolStride, readOnnxPoolWindow, type PoolParams } from './poolingBase';
import { customLayerClass, samePads, type CustomLayerSpec, windowOutSize } from './customTfLayer';
import { windowPads } from '../export/layout';
import { int } from '../export/onnx/emitContext';
import { onnxPoolAttrs } from '../export/onnx/windowOps';
import { torchPool } from '../export/torch/windowOps';
import { kerasGet, unsupported } from '../import/layerReaders';

const EPS = 1e-12; // keeps the gradient of √ finite where a window is all zeros


export const l2PoolSpec: CustomLayerSpec = {
  className: 'L2Pooling2D',
  keys: ['poolSize', 'strides', 'pad'],
  outputShape: (c: Record<string, any>, s: (number | null)[]) => [
    s[0],
    windowOutSize(s[1], c.poolSize, c.strides, c.pad),
    windowOutSize(s[2], c.poolSize, c.strides, c.pad),
    s[3],
  ],
  call: (tf: typeof tfjs, c: Record<string, any>, x: tfjs.Tensor4D) => {
    const [, H, W] = x.shape;
    const ph = c.pad === 'same' ? samePads(H, c.poolSize, c.strides) : [c.pad, c.pad];
    const pw = c.pad === 'same' ? samePads(W, c.poolSize, c.strides) : [c.pad, c.pad];
    const sq = tf.pad(tf.square(x), [[0, 0], ph as [number, number], pw as [number, number], [0, 0]]) as tfjs.Tensor4D;
    const sum = tf.mul(tf.avgPool(sq, c.poolSize, c.strides, 'valid'), c.poolSize * c.poolSize);
    return tf.sqrt(tf.add(sum, EPS));
  },
};

export const l2Pooling2d = defineLayer<PoolParams>({
  type: 'L2Pooling2D',
  labels: { en: 'L2 pooling', ko: 'L2 풀링' },
  explain: {
    summary: {
      en: 'Replaces each F×F window by its L2 norm √(Σ x²): between average and max pooling, no parameters.',
      ko: '각 F×F 창을 L2 노름 √(Σ x²) 으로 바꿉니다: 평균과 최대 풀링의 중간, 매개변수 없음.',
    },
    what: {
      en: 'The lecture\'s third pooling: each F×F window (moved by S) becomes the square root of the sum of its squared values. Large values dominate, as in max pooling, but every value still counts, as in average pooling. The depth stays D2 = D1 and nothing is learned.',
      ko: '강의의 세 번째 풀링: 각 F×F 창 (S 씩 이동) 이 값들의 제곱합의 제곱근이 됩니다. 최대 풀링처럼 큰 값이 주도하지만, 평균 풀링처럼 모든 값이 여전히 기여합니다. 깊이는 D2 = D1 그대로이고 학습하는 것은 없습니다.',
    },
    when: {
      en: 'Rarely used in modern networks; try it to compare the three poolings of the lecture on the same model.',
      ko: '요즘 네트워크에서는 드뭅니다; 같은 모델에서 강의의 세 풀링을 비교해 볼 때 쓰세요.',
    },
    params: poolParamHelp,
  },
  ...poolingRules(),
  tfCustomLayer: l2PoolSpec,
  buildTf: ({ tf, name }, p, [x]) => {
    const L2Pool = customLayerClass(tf, l2PoolSpec);
    const pad = p.padding === 'same' ? 'same' : p.padding === 'valid' ? 0 : p.padding;
    return new L2Pool({ name, poolSize: p.poolSize, strides: poolStride(p), pad }).apply(x) as tfjs.SymbolicTensor;
  },
  keras: {
    classNames: [l2PoolSpec.className],
    read: (c) => {
      const k = kerasGet(c, 'pool_size', 'poolSize');
      return poolParams(k, c.strides, c.pad === 'same' ? 'same' : c.pad ? c.pad : 'valid');
    },
  },
  onnx: (ctx, p, [x]) => {
    const pads = windowPads(p.padding, ctx.inputShapes[0], p.poolSize, poolStride(p));
    return { name: ctx.node('LpPool', [x.name], { ...onnxPoolAttrs(p.poolSize, poolStride(p), pads), p: int(2) }) };
  },
  // LpPool pads with zeros, which add nothing to Σ x²: its pads are the padding param as they are.
  onnxImport: {
    ops: ['LpPool'],
    read: (n) => {
      const w = readOnnxPoolWindow(n);
      if ('unsupported' in w) return w;
      if ((n.attrs.p ?? 2) !== 2) return unsupported(`LpPool(p=${n.attrs.p})`);
      return w.padding === undefined ? unsupported(`LpPool(pads ${JSON.stringify(n.attrs.pads)})`) : poolParams(w.F, w.S, w.padding);
    },
  },
  torch: (ctx, p, [x]) => ({ expr: torchPool(ctx, `nn.LPPool2d(2, ${p.poolSize}, stride=${poolStride(p)})`, x.expr, p.poolSize, poolStride(p), p.padding) }),
});
