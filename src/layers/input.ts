// The network's input: one image of H×W×C (batch axis implied).
import { z } from 'zod';
import { defineLayer } from './types';

export const InputParams = z.object({
  height: z.number().int().min(1).max(8192).default(28),
  width: z.number().int().min(1).max(8192).default(28),
  channels: z.number().int().min(1).max(4096).default(1),
});

export const input = defineLayer({
  type: 'Input',
  category: 'io',
  schema: InputParams,
  arity: { min: 0, max: 0 },
  outputShape: (p) => ({ ok: true, shape: [p.height, p.width, p.channels] }),
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  formula: (p) => [`H×W×C = ${p.height}×${p.width}×${p.channels} = ${p.height * p.width * p.channels} values per image`],
  summary: (p) => `${p.height}×${p.width}×${p.channels}`,
  buildTf: ({ tf, name }, p) => tf.input({ shape: [p.height, p.width, p.channels], name }),
});
