// Zero padding P on every side: W2 = W1 + 2P; or per side (Keras' ((top, bottom), (left, right)), e.g. the
// ((0, 1), (0, 1)) MobileNet puts before a stride-2 convolution): W2 = W1 + left + right.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { expectImage } from './spatial';
import { onnxZeroPad } from '../export/onnx/windowOps';
import { unsupported } from '../import/layerReaders';
import { paramHelp } from './paramHelp';

const Side = z.number().int().min(0).max(1024);
export const ZeroPadding2DParams = z.object({
  padding: Side.default(1),
  /** [top, bottom, left, right] where the sides differ (replaces `padding`). Optional, not defaulted: saved graphs keep their hash. */
  sides: z.tuple([Side, Side, Side, Side]).optional(),
});
export type ZeroPadding2DParams = z.infer<typeof ZeroPadding2DParams>;

/** [top, bottom, left, right]. */
const sidesOf = (p: ZeroPadding2DParams): [number, number, number, number] => p.sides ?? [p.padding, p.padding, p.padding, p.padding];

/** Read padding as params: one P where every side is the same, else the four sides. */
const paddingParams = (t: number, b: number, l: number, r: number) => ([b, l, r].every((e) => e === t) ? { params: { padding: t } } : { params: { padding: 0, sides: [t, b, l, r] } });

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
    params: {
      padding: paramHelp.padding,
      sides: {
        en: 'Different padding per side, [top, bottom, left, right] — as a Keras model imported with ((0, 1), (0, 1)) before a stride-2 convolution (MobileNet) has it; when set, it replaces P.',
        ko: '변마다 다른 패딩, [위, 아래, 왼쪽, 오른쪽] — stride 2 합성곱 앞에 ((0, 1), (0, 1)) 을 둔 Keras 모델 (MobileNet) 을 가져오면 이렇게 됩니다; 있으면 P 대신 씁니다.',
      },
    },
  },
  paramLabels: { sides: { en: 'Sides (top, bottom, left, right)', ko: '변별 (위, 아래, 왼쪽, 오른쪽)' } },
  schema: ZeroPadding2DParams,
  arity: { min: 1, max: 1 },
  outputShape: (p, inputs) => {
    const img = expectImage(inputs);
    if (!img.shape) return { ok: false, problem: img.problem! };
    const [h, w, c] = img.shape;
    const [t, b, l, r] = sidesOf(p);
    return { ok: true, shape: [h + t + b, w + l + r, c] };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => (p.sides ? `P=${p.sides.join(',')}` : `P=${p.padding}`),
  math: (p, [x], out) => {
    const [t, b, l, r] = sidesOf(p);
    const lines = p.sides
      ? [`W2 = W1 + left + right = ${x[1]} + ${l} + ${r} = ${out[1]}`, `H2 = H1 + top + bottom = ${x[0]} + ${t} + ${b} = ${out[0]}`]
      : [`W2 = W1 + 2P = ${x[1]} + 2·${p.padding} = ${out[1]}`, `H2 = H1 + 2P = ${x[0]} + 2·${p.padding} = ${out[0]}`];
    return { shape: [...lines, `${x.join('×')} → ${out.join('×')}`], params: '0' };
  },
  buildTf: ({ tf, name }, p, [x]) => {
    const [t, b, l, r] = sidesOf(p);
    return tf.layers.zeroPadding2d({ padding: [[t, b], [l, r]], name }).apply(x) as tfjs.SymbolicTensor;
  },
  onnx: (ctx, p, [x]) => {
    const [t, b, l, r] = sidesOf(p);
    const pads: [number, number, number, number] = [t, l, b, r]; // ONNX order: begins (H, W), then ends
    return { name: onnxZeroPad(ctx, x.name, pads), zeroPadded: { from: x.name, pads } };
  },
  keras: {
    classNames: ['ZeroPadding2D'],
    // Keras: P, (h, w) or ((top, bottom), (left, right)).
    read: (c) => {
      const v = c.padding;
      const [[t, b], [l, r]] = (Array.isArray(v) ? v.map((a: unknown) => (Array.isArray(a) ? a : [a, a])) : [[v, v], [v, v]]) as number[][];
      if (![t, b, l, r].every((e) => Number.isInteger(e) && e >= 0)) return unsupported(`ZeroPadding2D(padding ${JSON.stringify(v)})`);
      return paddingParams(t, b, l, r);
    },
  },
  // Pads [N, C, top, left, N, C, bottom, right] as an initializer (opset ≥ 11) or an attribute (older).
  onnxImport: {
    ops: ['Pad'],
    read: (n) => {
      const pads = (n.constant(1)?.data as number[] | undefined) ?? n.attrs.pads;
      const value = n.constant(2)?.data[0] ?? 0;
      const [, , t, l, , , b, r] = pads ?? [];
      if ((n.attrs.mode ?? 'constant') !== 'constant' || value || !pads || pads[0] || pads[1] || pads[4] || pads[5] || ![t, l, b, r].every((e) => e >= 0))
        return unsupported('Pad(not a zero padding of H and W)');
      // A zero-width Pad (PyTorch writes one before AvgPool2d at opset 11+) pads nothing.
      if (t + l + b + r === 0) return { identity: true };
      return paddingParams(t, b, l, r);
    },
  },
  torch: (ctx, p, [x]) => {
    const [t, b, l, r] = sidesOf(p);
    return { expr: ctx.assign(`F.pad(${x.expr}, (${l}, ${r}, ${t}, ${b}))`) };
  },
});
