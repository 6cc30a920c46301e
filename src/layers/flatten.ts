// Flatten: H×W×C → H·W·C (row-major, channels last, as Keras), the bridge from conv features to FC layers.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { kerasWithoutConfig, unsupported } from '../import/layerReaders';
import { grouped, product } from './explainMath';

export const flatten = defineLayer({
  type: 'Flatten',
  category: 'reshape',
  labels: { en: 'Flatten', ko: '평탄화' },
  explain: {
    summary: { en: 'Unrolls the H×W×C feature map into one vector of H·W·C numbers, for the FC layers.', ko: 'H×W×C 특징 맵을 H·W·C 개 수의 벡터 하나로 펼칩니다 (FC 층을 위해).' },
    what: {
      en: 'Lays the values of the feature map out in one long row (row by row, channels last). Nothing is computed or learned; it is the bridge from the convolutional part to the classifier: conv → flatten → FC → softmax.',
      ko: '특징 맵의 값을 한 줄로 늘어놓습니다 (행 순서, 채널은 마지막). 계산도 학습도 없으며, 합성곱 부분에서 분류기로 가는 다리입니다: 합성곱 → 평탄화 → FC → 소프트맥스.',
    },
    when: {
      en: 'Once, between the last convolution/pooling and the first Dense layer (LeNet-5: 5×5×16 → 400). Global average pooling is the alternative with far fewer weights after it.',
      ko: '마지막 합성곱/풀링과 첫 완전 연결층 사이에 한 번 둡니다 (LeNet-5: 5×5×16 → 400). 뒤의 가중치가 훨씬 적은 대안은 전역 평균 풀링입니다.',
    },
    params: {},
  },
  schema: z.object({}),
  arity: { min: 1, max: 1 },
  outputShape: (_p, [x]) => ({ ok: true, shape: [x.reduce((a, b) => a * b, 1)] }),
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  math: (_p, [x], [n]) => ({ shape: [`${x.join('·')} = ${grouped(n)}`, `${x.join('×')} → ${n}`], params: '0' }),
  buildTf: ({ tf, name }, _p, [x]) => tf.layers.flatten({ name }).apply(x) as tfjs.SymbolicTensor,
  // NCHW flattens in C·H·W order; the vector remembers it so the next Dense permutes its rows (no data transpose).
  onnx: (ctx, _p, [x]) =>
    ctx.inputShapes[0].length === 3 ? { name: ctx.node('Flatten', [x.name], { axis: { i: 1 } }), chwOf: ctx.inputShapes[0] as [number, number, number] } : x,
  keras: kerasWithoutConfig('Flatten'),
  // Flattening a map gives C·H·W order (remembered, as on export); flattening a vector is nothing.
  // Reshape to [N, C·H·W] is the same Flatten (PyTorch's x.view(x.size(0), -1) / x.view(-1, k), tf2onnx's
  // Reshape): the batch as 0 (ONNX: copy the input's dim), −1 with the count given, or the 1 of a batch-1
  // export; the count as −1 or itself.
  onnxImport: {
    ops: ['Flatten', 'Reshape'],
    read: (n) => {
      const s = n.inputs[0]!.shape;
      if (n.op === 'Flatten' && (n.attrs.axis ?? 1) !== 1) return unsupported(`Flatten(axis=${n.attrs.axis})`);
      if (n.op === 'Reshape') {
        const to = n.constant(1)?.data as number[] | undefined;
        const k = product(s);
        const flat = to?.length === 2 && n.attrs.allowzero !== 1 && (to[0] === 0 || to[0] === 1 || (to[0] === -1 && to[1] === k)) && (to[1] === -1 || to[1] === k);
        if (!flat) return unsupported(to ? `Reshape(to [${to.join(', ')}])` : 'Reshape(to a shape that is not constant)');
      }
      return s.length === 3 ? { params: {}, chwOf: s as [number, number, number] } : { identity: true };
    },
  },
  torch: (ctx, _p, [x]) =>
    ctx.inputShapes[0].length === 3 ? { expr: ctx.assign(`torch.flatten(${x.expr}, 1)`), chwOf: ctx.inputShapes[0] as [number, number, number] } : x,
});
