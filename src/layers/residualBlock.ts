// Placeholder until the composite is written: passes its input through.
import { z } from 'zod';
import { defineLayer } from './types';

export const residualBlock = defineLayer({
  type: 'ResidualBlock',
  category: 'composite',
  schema: z.object({}),
  arity: { min: 1, max: 1 },
  outputShape: (_p, i) => ({ ok: true, shape: i[0] }),
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
});
