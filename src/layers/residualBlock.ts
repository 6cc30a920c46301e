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
  explain: {
    summary: { en: 'ResNet\'s block: two or three convolutions plus a skip connection, y = ReLU(F(x) + x).', ko: 'ResNet 의 블록: 합성곱 두세 개와 지름길 연결, y = ReLU(F(x) + x).' },
    what: {
      en: 'The input x goes through a few convolutions (each with batch normalization and ReLU) giving F(x), and is also carried around them unchanged (the skip); the two are added. The layers only have to learn the residual F(x) = y − x, which lets networks of 18 to 152 layers train. basic: 3×3 → 3×3; bottleneck: 1×1 (reduce) → 3×3 → 1×1 (4× wider).',
      ko: '입력 x 가 합성곱 몇 개 (각각 배치 정규화와 ReLU) 를 거쳐 F(x) 가 되고, 동시에 그대로 돌아서 건너가 (지름길) 둘이 더해집니다. 층들은 잔차 F(x) = y − x 만 배우면 되어 18 에서 152 층의 네트워크도 학습됩니다. basic: 3×3 → 3×3; bottleneck: 1×1 (축소) → 3×3 → 1×1 (4배 넓게).',
    },
    when: {
      en: 'To build deep networks (ResNet-18/34 use basic blocks, ResNet-50 and deeper bottlenecks). Use S = 2 in the first block of a stage to halve the map and double the filters.',
      ko: '깊은 네트워크를 만들 때 (ResNet-18/34 는 basic, ResNet-50 이상은 bottleneck). 각 단계의 첫 블록에서 S = 2 로 맵을 절반으로 줄이고 필터를 두 배로 하세요.',
    },
    params: {
      filters: { en: 'K, the filters of the block\'s convolutions (a bottleneck\'s last 1×1 has 4·K); the output has K (basic) or 4·K (bottleneck) channels.', ko: 'K, 블록 합성곱들의 필터 수 (bottleneck 의 마지막 1×1 은 4·K); 출력 채널은 K (basic) 또는 4·K (bottleneck).' },
      strides: { en: 'S of the block\'s first 3×3 convolution (and of its shortcut): 2 halves width and height.', ko: '블록의 첫 3×3 합성곱 (과 지름길) 의 S: 2 는 가로·세로를 절반으로.' },
      kind: { en: 'basic: two 3×3 convolutions (ResNet-18/34); bottleneck: 1×1 → 3×3 → 1×1, cheaper for wide blocks (ResNet-50+).', ko: 'basic: 3×3 합성곱 둘 (ResNet-18/34); bottleneck: 1×1 → 3×3 → 1×1, 넓은 블록에서 더 쌈 (ResNet-50 이상).' },
      batchNorm: { en: 'Batch normalization after every convolution (and no conv bias), as in the paper.', ko: '논문처럼 모든 합성곱 뒤에 배치 정규화 (합성곱 편향 없음).' },
      projection: { en: 'The shortcut: auto uses the identity x where the shapes allow and a 1×1 convolution with stride S where the stride or channels change; always projects; never keeps the identity (shapes must then match).', ko: '지름길: auto 는 모양이 맞으면 항등 x 를, 스트라이드나 채널이 바뀌면 스트라이드 S 의 1×1 합성곱을 씁니다; always 는 항상 사영; never 는 항등만 (모양이 같아야 함).' },
    },
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
