// The network's input: one image of H×W×C (batch axis implied).
import { z } from 'zod';
import { defineLayer } from './types';
import { kerasGet } from '../import/layerReaders';

export const InputParams = z.object({
  height: z.number().int().min(1).max(8192).default(28),
  width: z.number().int().min(1).max(8192).default(28),
  channels: z.number().int().min(1).max(4096).default(1),
});

export const input = defineLayer({
  type: 'Input',
  category: 'io',
  labels: { en: 'Input', ko: '입력' },
  paramLabels: {
    height: { en: 'Height', ko: '높이' },
    width: { en: 'Width', ko: '너비' },
    channels: { en: 'Channels', ko: '채널 수' },
  },
  schema: InputParams,
  arity: { min: 0, max: 0 },
  outputShape: (p) => ({ ok: true, shape: [p.height, p.width, p.channels] }),
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  formula: (p) => [`H×W×C = ${p.height}×${p.width}×${p.channels} = ${p.height * p.width * p.channels} values per image`],
  summary: (p) => `${p.height}×${p.width}×${p.channels}`,
  buildTf: ({ tf, name }, p) => tf.input({ shape: [p.height, p.width, p.channels], name }),
  keras: {
    classNames: ['InputLayer'],
    read: (c) => {
      const s = kerasGet(c, 'batch_input_shape', 'batchInputShape') ?? c.batch_shape;
      if (!Array.isArray(s) || s.length !== 4) return { unsupported: `InputLayer(shape ${JSON.stringify(s)})` };
      return { params: { height: s[1], width: s[2], channels: s[3] } };
    },
  },
});
