// Average pooling: the mean of each F×F window.
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { poolingRules, poolStride, tfPoolPadding, type PoolParams } from './poolingBase';
import { onnxPool } from '../export/onnx/windowOps';
import { torchPool } from '../export/torch/windowOps';

export const averagePooling2d = defineLayer<PoolParams>({
  type: 'AveragePooling2D',
  ...poolingRules('average'),
  buildTf: ({ tf, name }, p, [x]) => {
    let h = x;
    if (typeof p.padding === 'number' && p.padding > 0)
      h = tf.layers.zeroPadding2d({ padding: p.padding, name: `${name}_pad` }).apply(h) as tfjs.SymbolicTensor;
    return tf.layers
      .averagePooling2d({ poolSize: p.poolSize, strides: poolStride(p), padding: tfPoolPadding(p), name })
      .apply(h) as tfjs.SymbolicTensor;
  },
  onnx: (ctx, p, [x]) => ({ name: onnxPool(ctx, 'AveragePool', x, p.poolSize, poolStride(p), p.padding) }),
  torch: (ctx, p, [x]) => ({ expr: torchPool(ctx, 'avg', x.expr, p.poolSize, poolStride(p), p.padding) }),
});
