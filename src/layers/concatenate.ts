// Concatenation along channels: H×W×C1 ‖ H×W×C2 → H×W×(C1 + C2) (the join of an Inception block).
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { formatShape } from '../graph/schema';
import { unsupported } from '../import/layerReaders';

export const concatenate = defineLayer({
  type: 'Concatenate',
  category: 'merge',
  labels: { en: 'Concatenate', ko: '이어 붙이기' },
  explain: {
    summary: { en: 'Stacks inputs along the channels: H×W×C1 and H×W×C2 give H×W×(C1 + C2), as GoogLeNet\'s Inception.', ko: '입력을 채널 방향으로 쌓습니다: H×W×C1 과 H×W×C2 는 H×W×(C1 + C2), GoogLeNet 의 인셉션처럼.' },
    what: {
      en: 'Puts the feature maps of several branches side by side in depth. Height and width must agree; the channels add up. Nothing is computed or learned.',
      ko: '여러 가지의 특징 맵을 깊이 방향으로 나란히 놓습니다. 높이와 너비는 같아야 하고 채널 수는 더해집니다. 계산도 학습도 없습니다.',
    },
    when: {
      en: 'To join parallel branches that look at the same input differently, as the 1×1, 3×3, 5×5 and pooling branches of an Inception block.',
      ko: '인셉션 블록의 1×1, 3×3, 5×5, 풀링 가지처럼 같은 입력을 다르게 보는 병렬 가지를 합칠 때.',
    },
    params: {},
  },
  schema: z.object({}),
  arity: { min: 2, max: 64 },
  outputShape: (_p, inputs) => {
    const rank = inputs[0].length;
    const head = formatShape(inputs[0].slice(0, -1));
    const agree = inputs.every((s) => s.length === rank && formatShape(s.slice(0, -1)) === head);
    if (!agree) return { ok: false, problem: { code: 'concat-shape-mismatch', args: { shapes: inputs.map(formatShape).join(', ') } } };
    const channels = inputs.reduce((a, s) => a + s[rank - 1], 0);
    return { ok: true, shape: [...inputs[0].slice(0, -1), channels] };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  math: (_p, inputs, out) => ({
    shape: [`D2 = ${inputs.map((s) => s[s.length - 1]).join(' + ')} = ${out[out.length - 1]}`, `${inputs.map((s) => s.join('×')).join(' ‖ ')} → ${out.join('×')}`],
    params: '0',
  }),
  buildTf: ({ tf, name }, _p, inputs) => tf.layers.concatenate({ axis: -1, name }).apply(inputs) as tfjs.SymbolicTensor,
  // Channels are axis 1 in NCHW; vectors are joined in tfjs order.
  onnx: (ctx, _p, inputs) => ({ name: ctx.node('Concat', inputs.map((v) => ctx.inHwcOrder(v)), { axis: { i: 1 } }) }),
  keras: {
    classNames: ['Concatenate'],
    read: (c) => (c.axis === -1 || c.axis === 3 || c.axis === undefined ? { params: {} } : unsupported(`Concatenate(axis=${c.axis})`)),
  },
  onnxImport: {
    ops: ['Concat'],
    read: (n) => (n.attrs.axis !== 1 || n.inputs.some((i) => !i || i.chwOf) ? unsupported(`Concat(axis=${n.attrs.axis})`) : { params: {} }),
  },
  torch: (ctx, _p, inputs) => ({ expr: ctx.assign(`torch.cat([${inputs.map((v) => ctx.inHwcOrder(v)).join(', ')}], dim=1)`) }),
});
