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
  explain: {
    summary: { en: 'GoogLeNet\'s block: 1×1, 3×3, 5×5 and pooling branches side by side, 1×1 convolutions cutting the cost.', ko: 'GoogLeNet 의 블록: 1×1, 3×3, 5×5, 풀링 가지를 나란히 두고 1×1 합성곱으로 비용을 줄입니다.' },
    what: {
      en: 'Four branches look at the same input at different scales — a 1×1 convolution; 1×1 then 3×3; 1×1 then 5×5; 3×3 max pooling then 1×1 — and their maps are concatenated along the channels. The 1×1 "reduce" convolutions shrink the depth before the costly 3×3 and 5×5, which keeps the parameters and MACs low.',
      ko: '네 가지가 같은 입력을 다른 크기로 봅니다 — 1×1 합성곱; 1×1 뒤 3×3; 1×1 뒤 5×5; 3×3 최대 풀링 뒤 1×1 — 그리고 그 맵들을 채널 방향으로 이어 붙입니다. 1×1 "축소" 합성곱이 비싼 3×3, 5×5 앞에서 깊이를 줄여 매개변수와 MAC 을 낮게 유지합니다.',
    },
    when: {
      en: 'To build a GoogLeNet-style network, or wherever one layer should see several receptive-field sizes at once. The output depth is the sum of the four branch widths.',
      ko: 'GoogLeNet 식 네트워크를 만들 때, 또는 한 층이 여러 수용 영역 크기를 한꺼번에 봐야 할 때. 출력 깊이는 네 가지 폭의 합입니다.',
    },
    params: {
      c1x1: { en: 'Filters of the plain 1×1 branch.', ko: '1×1 가지의 필터 수.' },
      c3x3reduce: { en: 'Filters of the 1×1 convolution that reduces the depth before the 3×3 branch.', ko: '3×3 가지 앞에서 깊이를 줄이는 1×1 합성곱의 필터 수.' },
      c3x3: { en: 'Filters of the 3×3 branch.', ko: '3×3 가지의 필터 수.' },
      c5x5reduce: { en: 'Filters of the 1×1 convolution that reduces the depth before the 5×5 branch (kept small: it is the costliest).', ko: '5×5 가지 앞에서 깊이를 줄이는 1×1 합성곱의 필터 수 (가장 비싸므로 작게).' },
      c5x5: { en: 'Filters of the 5×5 branch.', ko: '5×5 가지의 필터 수.' },
      poolProj: { en: 'Filters of the 1×1 convolution after the 3×3 max pooling branch.', ko: '3×3 최대 풀링 가지 뒤 1×1 합성곱의 필터 수.' },
    },
  },
  schema: InceptionBlockParams,
  arity: { min: 1, max: 1 },
  expand: expandInception,
  receptiveField: () => ({ kernel: 5, stride: 1 }),
  summary: (p) => `${p.c1x1}+${p.c3x3}+${p.c5x5}+${p.poolProj}`,
});
