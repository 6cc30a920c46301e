// Max pooling: the largest value in each F×F window (the lecture's default pooling).
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { poolingRules, poolStride, tfPoolPadding, type PoolParams } from './poolingBase';
import { onnxPool } from '../export/onnx/windowOps';
import { torchPool } from '../export/torch/windowOps';

export const maxPooling2d = defineLayer<PoolParams>({
  type: 'MaxPooling2D',
  ...poolingRules('max'),
  buildTf: ({ tf, name }, p, [x]) => {
    let h = x;
    if (typeof p.padding === 'number' && p.padding > 0)
      h = tf.layers.zeroPadding2d({ padding: p.padding, name: `${name}_pad` }).apply(h) as tfjs.SymbolicTensor;
    return tf.layers
      .maxPooling2d({ poolSize: p.poolSize, strides: poolStride(p), padding: tfPoolPadding(p), name })
      .apply(h) as tfjs.SymbolicTensor;
  },
  onnx: (ctx, p, [x]) => ({ name: onnxPool(ctx, 'MaxPool', x, p.poolSize, poolStride(p), p.padding) }),
  torch: (ctx, p, [x]) => ({ expr: torchPool(ctx, 'max', x.expr, p.poolSize, poolStride(p), p.padding) }),
});
