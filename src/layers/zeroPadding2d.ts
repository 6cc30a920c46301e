// Zero padding P on every side: W2 = W1 + 2P.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { expectImage } from './spatial';
import { onnxZeroPad } from '../export/onnx/windowOps';
import { unsupported } from '../import/layerReaders';
import { paramHelp } from './paramHelp';

export const ZeroPadding2DParams = z.object({ padding: z.number().int().min(0).max(1024).default(1) });
export type ZeroPadding2DParams = z.infer<typeof ZeroPadding2DParams>;

export const zeroPadding2d = defineLayer<ZeroPadding2DParams>({
  type: 'ZeroPadding2D',
  category: 'reshape',
  labels: { en: 'Zero padding', ko: '0 패딩' },
  explain: {
    summary: { en: 'Adds a border of P zeros around the map: W2 = W1 + 2P.', ko: '맵 둘레에 P 두께의 0 테두리를 덧붙입니다: W2 = W1 + 2P.' },
    what: {
      en: 'Surrounds each channel with P rows and columns of zeros, so the next layer\'s windows can also be centred on the border pixels. Nothing is learned.',
      ko: '각 채널을 P 줄의 0 으로 둘러싸, 다음 층의 창이 테두리 픽셀에도 중심을 둘 수 있게 합니다. 학습하는 것은 없습니다.',
    },
    when: {
      en: 'Before a convolution or pooling with padding "valid", to control P explicitly (a convolution\'s own padding P does the same).',
      ko: '패딩 "valid" 인 합성곱이나 풀링 앞에서 P 를 직접 정할 때 씁니다 (합성곱 자체의 패딩 P 도 같은 일을 합니다).',
    },
    params: { padding: paramHelp.padding },
  },
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
  summary: (p) => `P=${p.padding}`,
  math: (p, [x], out) => ({ shape: [`W2 = W1 + 2P = ${x[1]} + 2·${p.padding} = ${out[1]}`, `H2 = H1 + 2P = ${x[0]} + 2·${p.padding} = ${out[0]}`, `${x.join('×')} → ${out.join('×')}`], params: '0' }),
  buildTf: ({ tf, name }, p, [x]) => tf.layers.zeroPadding2d({ padding: p.padding, name }).apply(x) as tfjs.SymbolicTensor,
  onnx: (ctx, p, [x]) => ({ name: onnxZeroPad(ctx, x.name, [p.padding, p.padding, p.padding, p.padding]), zeroPadded: { from: x.name, pads: [p.padding, p.padding, p.padding, p.padding] } }),
  keras: {
    classNames: ['ZeroPadding2D'],
    read: (c) => {
      const flat = (Array.isArray(c.padding) ? c.padding.flat(2) : [c.padding]) as number[];
      return flat.every((v) => v === flat[0]) ? { params: { padding: flat[0] } } : unsupported('ZeroPadding2D(asymmetric)');
    },
  },
  // Pads [N, C, top, left, N, C, bottom, right] as an initializer (opset ≥ 11) or an attribute (older).
  onnxImport: {
    ops: ['Pad'],
    read: (n) => {
      const pads = (n.constant(1)?.data as number[] | undefined) ?? n.attrs.pads;
      const value = n.constant(2)?.data[0] ?? 0;
      const [, , t, l, , , b, r] = pads ?? [];
      if ((n.attrs.mode ?? 'constant') !== 'constant' || value || !pads || pads[0] || pads[1] || pads[4] || pads[5] || ![l, b, r].every((e) => e === t))
        return unsupported('Pad(not a symmetric zero padding of H and W)');
      // A zero-width Pad (PyTorch writes one before AvgPool2d at opset 11+) pads nothing.
      return t === 0 ? { identity: true } : { params: { padding: t } };
    },
  },
  torch: (ctx, p, [x]) => ({ expr: ctx.assign(`F.pad(${x.expr}, (${p.padding}, ${p.padding}, ${p.padding}, ${p.padding}))`) }),
});
