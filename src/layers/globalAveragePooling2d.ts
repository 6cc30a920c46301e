// Global average pooling: H×W×C → C, the mean of each channel (Lin et al., Network in Network 2013).
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { expectImage } from './spatial';
import { kerasWithoutConfig } from '../import/layerReaders';

export const GlobalPoolParams = z.object({});

export const globalAveragePooling2d = defineLayer({
  type: 'GlobalAveragePooling2D',
  category: 'pooling',
  labels: { en: 'Global average pooling', ko: '전역 평균 풀링' },
  schema: GlobalPoolParams,
  arity: { min: 1, max: 1 },
  outputShape: (_p, inputs) => {
    const img = expectImage(inputs);
    return img.shape ? { ok: true, shape: [img.shape[2]] } : { ok: false, problem: img.problem! };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: (_p, [x]) => x[0] * x[1] * x[2],
  formula: (_p, [x]) => [`${x[0]}×${x[1]}×${x[2]} → ${x[2]}: mean over ${x[0]}·${x[1]} = ${x[0] * x[1]} positions per channel`],
  buildTf: ({ tf, name }, _p, [x]) => tf.layers.globalAveragePooling2d({ name }).apply(x) as tfjs.SymbolicTensor,
  // GlobalAveragePool keeps N×C×1×1; Flatten makes it the N×C vector tfjs gives (channel order, no permutation).
  onnx: (ctx, _p, [x]) => ({ name: ctx.node('Flatten', [ctx.node('GlobalAveragePool', [x.name], {}, 'gap')], { axis: { i: 1 } }) }),
  keras: kerasWithoutConfig('GlobalAveragePooling2D'),
  // ONNX's N×C×1×1 result becomes the vector here; the Flatten after it then reads as nothing.
  onnxImport: { ops: ['GlobalAveragePool'], read: () => ({ params: {} }) },
  torch: (ctx, _p, [x]) => ({ expr: ctx.assign(`${x.expr}.mean(dim=(2, 3))`) }),
});
