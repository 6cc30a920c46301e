// Residual block (He et al., "Deep Residual Learning", 2016): y = ReLU(F(x) + shortcut(x)).
// basic: 3×3/s → BN → ReLU → 3×3 → BN;  bottleneck: 1×1 → 3×3/s → 1×1 (4·filters).
// The shortcut is a 1×1/s convolution (+BN) when the stride or channel count changes (option B).
import { z } from 'zod';
import type { Shape } from '../graph/schema';
import { defineLayer, type Expansion } from './types';
import { compositeRules, SubgraphBuilder } from './compositeRules';

export const ResidualBlockParams = z.object({
  filters: z.number().int().min(1).max(65536).default(64),
  strides: z.number().int().min(1).max(8).default(1),
  kind: z.enum(['basic', 'bottleneck']).default('basic'),
  batchNorm: z.boolean().default(true),
  projection: z.enum(['auto', 'always', 'never']).default('auto'),
});
export type ResidualBlockParams = z.infer<typeof ResidualBlockParams>;

const BOTTLENECK_EXPANSION = 4;

export function expandResidual(p: ResidualBlockParams, inputs: Shape[]): Expansion {
  const b = new SubgraphBuilder();
  const inC = inputs[0]?.[2];
  const outC = p.kind === 'bottleneck' ? p.filters * BOTTLENECK_EXPANSION : p.filters;
  const bias = !p.batchNorm; // a bias before BN is redundant (BN's β replaces it), as torchvision
  const conv = (id: string, filters: number, k: number, s: number, from: string, relu: boolean) => {
    let last = b.node(id, 'Conv2D', { filters, kernelSize: k, strides: s, padding: 'same', useBias: bias }, [from]);
    if (p.batchNorm) last = b.node(`${id}_bn`, 'BatchNormalization', { momentum: 0.9, epsilon: 1e-5 }, [last]);
    if (relu) last = b.node(`${id}_relu`, 'Activation', { activation: 'relu' }, [last]);
    return last;
  };
  const entry: string[] = [];
  // The entry takes the block input; an identity node (Activation linear) would add an op, so convs read it directly.
  let main: string;
  if (p.kind === 'basic') {
    main = conv('conv1', p.filters, 3, p.strides, '', true);
    entry.push('conv1');
    main = conv('conv2', p.filters, 3, 1, main, false);
  } else {
    main = conv('conv1', p.filters, 1, 1, '', true);
    entry.push('conv1');
    main = conv('conv2', p.filters, 3, p.strides, main, true);
    main = conv('conv3', outC, 1, 1, main, false);
  }
  const needsProjection = p.projection === 'always' || (p.projection === 'auto' && (p.strides !== 1 || inC !== outC));
  let addInputs: string[];
  if (needsProjection) {
    const sc = conv('shortcut', outC, 1, p.strides, '', false);
    entry.push('shortcut');
    addInputs = [main, sc];
  } else {
    addInputs = [main];
  }
  const add = b.node('add', 'Add', {}, addInputs);
  if (!needsProjection) entry.push('add'); // the identity shortcut feeds the Add directly
  const out = b.node('relu', 'Activation', { activation: 'relu' }, [add]);
  // Remove the placeholder '' sources: entry nodes receive the block input instead.
  const g = b.graph();
  g.edges = g.edges.filter((e) => e.source !== '');
  return { graph: g, entry, exit: out };
}

export const residualBlock = defineLayer<ResidualBlockParams>({
  type: 'ResidualBlock',
  category: 'composite',
  schema: ResidualBlockParams,
  arity: { min: 1, max: 1 },
  expand: expandResidual,
  ...compositeRules(expandResidual),
  // basic: 3×3/s then 3×3 → r = 3 + 2·s; bottleneck: one 3×3/s → 3.
  receptiveField: (p) => ({ kernel: p.kind === 'basic' ? 3 + 2 * p.strides : 3, stride: p.strides }),
  summary: (p) => `${p.kind} ${p.filters}${p.strides > 1 ? ` /${p.strides}` : ''}`,
});
