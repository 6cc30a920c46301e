// Global max pooling: H×W×C → C, the largest value of each channel.
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { expectImage } from './spatial';
import { GlobalPoolParams } from './globalAveragePooling2d';
import { kerasWithoutConfig } from '../import/layerReaders';
import { timesLine } from './explainMath';

export const globalMaxPooling2d = defineLayer({
  type: 'GlobalMaxPooling2D',
  category: 'pooling',
  labels: { en: 'Global max pooling', ko: '전역 최대 풀링' },
  explain: {
    summary: { en: 'Keeps the largest value of each channel: H×W×C → C, no parameters.', ko: '각 채널의 가장 큰 값만 남깁니다: H×W×C → C, 매개변수 없음.' },
    what: { en: 'Takes the largest of all H×W values of each channel, turning an H×W×C map into a vector of C numbers. Nothing is learned.', ko: '각 채널의 H×W 값 중 최댓값을 골라 H×W×C 를 길이 C 의 벡터로 만듭니다. 학습하는 것은 없습니다.' },
    when: { en: 'Before the classifier, when it matters whether a feature occurs anywhere rather than how much of it there is.', ko: '분류기 앞에서, 특징이 얼마나 많은지보다 어디에든 나타나는지가 중요할 때 씁니다.' },
    params: {},
  },
  math: (_p, [x]) => ({ shape: [`${x.join('×')} → ${x[2]}`], params: '0', macs: `H·W·C = ${timesLine(x)}` }),
  schema: GlobalPoolParams,
  arity: { min: 1, max: 1 },
  outputShape: (_p, inputs) => {
    const img = expectImage(inputs);
    return img.shape ? { ok: true, shape: [img.shape[2]] } : { ok: false, problem: img.problem! };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: (_p, [x]) => x[0] * x[1] * x[2],
  buildTf: ({ tf, name }, _p, [x]) => tf.layers.globalMaxPooling2d({ name }).apply(x) as tfjs.SymbolicTensor,
  onnx: (ctx, _p, [x]) => ({ name: ctx.node('Flatten', [ctx.node('GlobalMaxPool', [x.name], {}, 'gmp')], { axis: { i: 1 } }) }),
  keras: kerasWithoutConfig('GlobalMaxPooling2D'),
  onnxImport: { ops: ['GlobalMaxPool'], read: () => ({ params: {} }) },
  torch: (ctx, _p, [x]) => ({ expr: ctx.assign(`${x.expr}.amax(dim=(2, 3))`) }),
});
