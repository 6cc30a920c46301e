// Inception block (Szegedy et al., "Going Deeper with Convolutions", 2015, Fig. 2b): four branches —
// 1×1; 1×1 → 3×3; 1×1 → 5×5; 3×3 max-pool → 1×1 — concatenated along channels. The 1×1 "reductions"
// cut the channels before the costly 3×3 and 5×5 convolutions. ReLU after every convolution.
import { z } from 'zod';
import type { Shape } from '../graph/schema';
import { defineComposite, type Expansion } from './types';
import { SubgraphBuilder } from './subgraphBuilder';

const width = z.number().int().min(1).max(65536);
export const InceptionBlockParams = z.object({
  c1x1: width.default(64),
  c3x3reduce: width.default(96),
  c3x3: width.default(128),
  c5x5reduce: width.default(16),
  c5x5: width.default(32),
  poolProj: width.default(32),
});
export type InceptionBlockParams = z.infer<typeof InceptionBlockParams>;

export function expandInception(p: InceptionBlockParams, _inputs: Shape[]): Expansion {
  const b = new SubgraphBuilder();
  const conv = (id: string, filters: number, k: number, from: string[]) =>
    b.node(id, 'Conv2D', { filters, kernelSize: k, padding: 'same', activation: 'relu' }, from);
  const b1 = conv('b1_1x1', p.c1x1, 1, []);
  const b2 = conv('b2_3x3', p.c3x3, 3, [conv('b2_reduce', p.c3x3reduce, 1, [])]);
  const b3 = conv('b3_5x5', p.c5x5, 5, [conv('b3_reduce', p.c5x5reduce, 1, [])]);
  const pool = b.node('b4_pool', 'MaxPooling2D', { poolSize: 3, strides: 1, padding: 'same' });
  const b4 = conv('b4_proj', p.poolProj, 1, [pool]);
  const out = b.node('concat', 'Concatenate', {}, [b1, b2, b3, b4]);
  return { graph: b.graph(), entry: ['b1_1x1', 'b2_reduce', 'b3_reduce', 'b4_pool'], exit: out };
}

export const inceptionBlock = defineComposite<InceptionBlockParams>({
  type: 'InceptionBlock',
  category: 'composite',
  labels: { en: 'Inception block', ko: '인셉션 블록' },
  paramLabels: {
    c1x1: { en: '1×1 filters', ko: '1×1 필터 수' },
    c3x3reduce: { en: '3×3 reduce', ko: '3×3 축소' },
    c3x3: { en: '3×3 filters', ko: '3×3 필터 수' },
    c5x5reduce: { en: '5×5 reduce', ko: '5×5 축소' },
    c5x5: { en: '5×5 filters', ko: '5×5 필터 수' },
    poolProj: { en: 'Pool projection', ko: '풀링 사영' },
  },
  schema: InceptionBlockParams,
  arity: { min: 1, max: 1 },
  expand: expandInception,
  receptiveField: () => ({ kernel: 5, stride: 1 }),
  summary: (p) => `${p.c1x1}+${p.c3x3}+${p.c5x5}+${p.poolProj}`,
});
