// Residual block (He et al., "Deep Residual Learning", 2016): y = ReLU(F(x) + shortcut(x)).
// basic: 3×3/s → BN → ReLU → 3×3 → BN;  bottleneck: 1×1 → 3×3/s → 1×1 (4·filters).
// The shortcut is a 1×1/s convolution (+BN) when the stride or channel count changes (option B).
import { z } from 'zod';
import type { Shape } from '../graph/schema';
import { defineComposite, type Expansion } from './types';
import { SubgraphBuilder } from './subgraphBuilder';

export const ResidualBlockParams = z.object({
  filters: z.number().int().min(1).max(65536).default(64),
  strides: z.number().int().min(1).max(8).default(1),
  kind: z.enum(['basic', 'bottleneck']).default('basic'),
  batchNorm: z.boolean().default(true),
  projection: z.enum(['auto', 'always', 'never']).default('auto'),
});
export type ResidualBlockParams = z.infer<typeof ResidualBlockParams>;

/** Bottleneck blocks widen their last 1×1 convolution by this factor (He et al. 2016, Fig. 5). */
export const BOTTLENECK_EXPANSION = 4;

export const residualOutputChannels = (p: ResidualBlockParams) =>
  p.kind === 'bottleneck' ? p.filters * BOTTLENECK_EXPANSION : p.filters;

/** 'auto' projects exactly when the identity could not be added: the stride or the channel count changes. */
export const needsProjection = (p: ResidualBlockParams, inputChannels: number | undefined) =>
  p.projection === 'always' || (p.projection === 'auto' && (p.strides !== 1 || inputChannels !== residualOutputChannels(p)));

export function expandResidual(p: ResidualBlockParams, inputs: Shape[]): Expansion {
  const b = new SubgraphBuilder();
  const outC = residualOutputChannels(p);
  const useBias = !p.batchNorm; // a bias before BN is redundant (BN's β replaces it), as torchvision
  // conv (+BN) (+ReLU); `from` empty means the node reads the block input (it becomes an entry).
  const conv = (id: string, filters: number, k: number, s: number, from: string[], relu: boolean) => {
    let last = b.node(id, 'Conv2D', { filters, kernelSize: k, strides: s, padding: 'same', useBias }, from);
    if (p.batchNorm) last = b.node(`${id}_bn`, 'BatchNormalization', { momentum: 0.9, epsilon: 1e-5 }, [last]);
    if (relu) last = b.node(`${id}_relu`, 'Activation', { activation: 'relu' }, [last]);
    return last;
  };
  const entry = ['conv1'];
  let main: string;
  if (p.kind === 'basic') {
    main = conv('conv1', p.filters, 3, p.strides, [], true);
    main = conv('conv2', p.filters, 3, 1, [main], false);
  } else {
    main = conv('conv1', p.filters, 1, 1, [], true);
    main = conv('conv2', p.filters, 3, p.strides, [main], true);
    main = conv('conv3', outC, 1, 1, [main], false);
  }
  const addInputs = [main];
  if (needsProjection(p, inputs[0]?.[2])) {
    addInputs.push(conv('shortcut', outC, 1, p.strides, [], false));
    entry.push('shortcut');
  } else {
    entry.push('add'); // the identity shortcut: the block input feeds the Add directly
  }
  const add = b.node('add', 'Add', {}, addInputs);
  const out = b.node('relu', 'Activation', { activation: 'relu' }, [add]);
  return { graph: b.graph(), entry, exit: out };
}

export const residualBlock = defineComposite<ResidualBlockParams>({
  type: 'ResidualBlock',
  category: 'composite',
  labels: { en: 'Residual block', ko: '잔차 블록' },
  paramLabels: {
    kind: { en: 'Kind', ko: '종류' },
    batchNorm: { en: 'Batch normalization', ko: '배치 정규화' },
    projection: { en: 'Shortcut projection', ko: '지름길 사영' },
  },
  schema: ResidualBlockParams,
  arity: { min: 1, max: 1 },
  expand: expandResidual,
  // An identity shortcut that cannot be added is fixed by letting the block project it.
  innerProblem: (p, problem) =>
    problem.code === 'add-shape-mismatch' && p.projection === 'never'
      ? { ...problem, fix: { label: 'Use a 1×1 projection shortcut', action: { kind: 'setParams', params: { projection: 'auto' } } } }
      : problem,
  // basic: 3×3/s then 3×3 → r = 3 + 2·s; bottleneck: one 3×3/s → 3.
  receptiveField: (p) => ({ kernel: p.kind === 'basic' ? 3 + 2 * p.strides : 3, stride: p.strides }),
  summary: (p) => `${p.kind} ${p.filters}${p.strides > 1 ? ` /${p.strides}` : ''}`,
});
