// Global max pooling: H×W×C → C, the largest value of each channel.
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { expectImage } from './spatial';
import { GlobalPoolParams } from './globalAveragePooling2d';
import { kerasWithoutConfig } from '../import/layerReaders';

export const globalMaxPooling2d = defineLayer({
  type: 'GlobalMaxPooling2D',
  category: 'pooling',
  labels: { en: 'Global max pooling', ko: '전역 최대 풀링' },
  schema: GlobalPoolParams,
  arity: { min: 1, max: 1 },
  outputShape: (_p, inputs) => {
    const img = expectImage(inputs);
    return img.shape ? { ok: true, shape: [img.shape[2]] } : { ok: false, problem: img.problem! };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: (_p, [x]) => x[0] * x[1] * x[2],
  formula: (_p, [x]) => [`${x[0]}×${x[1]}×${x[2]} → ${x[2]}: max over ${x[0] * x[1]} positions per channel`],
  buildTf: ({ tf, name }, _p, [x]) => tf.layers.globalMaxPooling2d({ name }).apply(x) as tfjs.SymbolicTensor,
  onnx: (ctx, _p, [x]) => ({ name: ctx.node('Flatten', [ctx.node('GlobalMaxPool', [x.name], {}, 'gmp')], { axis: { i: 1 } }) }),
  keras: kerasWithoutConfig('GlobalMaxPooling2D'),
  onnxImport: { ops: ['GlobalMaxPool'], read: () => ({ params: {} }) },
  torch: (ctx, _p, [x]) => ({ expr: ctx.assign(`${x.expr}.amax(dim=(2, 3))`) }),
});
