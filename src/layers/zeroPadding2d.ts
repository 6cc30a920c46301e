// Zero padding P on every side: W2 = W1 + 2P.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { expectImage } from './spatial';
import { onnxZeroPad } from '../export/onnx/windowOps';

export const ZeroPadding2DParams = z.object({ padding: z.number().int().min(0).max(1024).default(1) });
export type ZeroPadding2DParams = z.infer<typeof ZeroPadding2DParams>;

export const zeroPadding2d = defineLayer<ZeroPadding2DParams>({
  type: 'ZeroPadding2D',
  category: 'reshape',
  schema: ZeroPadding2DParams,
  arity: { min: 1, max: 1 },
  outputShape: (p, inputs) => {
    const img = expectImage(inputs);
    if (!img.shape) return { ok: false, problem: img.problem! };
    const [h, w, c] = img.shape;
    return { ok: true, shape: [h + 2 * p.padding, w + 2 * p.padding, c] };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  formula: (p, [x], [h, w]) => [`W2 = W1 + 2P = ${x[1]} + 2·${p.padding} = ${w},  H2 = ${h}`],
  summary: (p) => `P=${p.padding}`,
  buildTf: ({ tf, name }, p, [x]) => tf.layers.zeroPadding2d({ padding: p.padding, name }).apply(x) as tfjs.SymbolicTensor,
  onnx: (ctx, p, [x]) => ({ name: onnxZeroPad(ctx, x.name, [p.padding, p.padding, p.padding, p.padding]), zeroPadded: { from: x.name, pads: [p.padding, p.padding, p.padding, p.padding] } }),
  torch: (ctx, p, [x]) => ({ expr: ctx.assign(`F.pad(${x.expr}, (${p.padding}, ${p.padding}, ${p.padding}, ${p.padding}))`) }),
});
