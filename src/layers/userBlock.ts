// A user-defined block: a node that stands for a definition kept in the graph's `blocks` (src/graph/schema.ts).
// Every instance shares its definition, so editing the definition changes them all. It expands to the
// definition's inner graph, whose entry nodes take the block's one input; definitions may nest, but a
// definition that reaches itself is refused with the chain of names.
import { z } from 'zod';
import type { BlockDefinition } from '../graph/schema';
import type { LayerProblem } from '../graph/issue';
import { defineComposite, type ExpandContext, type Expansion } from './types';

export const USER_BLOCK_TYPE = 'Block';

/** One exception to the shared definition: params merged into one inner node of one repeat (0-based). */
export const RepeatOverride = z.object({
  repeat: z.number().int().min(0).max(63),
  node: z.string().min(1).max(200),
  params: z.record(z.string(), z.unknown()),
});
export type RepeatOverride = z.infer<typeof RepeatOverride>;

export const MAX_REPEAT = 64;

export const UserBlockParams = z.object({
  /** The id of the definition in the graph's `blocks`. */
  block: z.string().max(200).default(''),
  /** How many times the definition runs in sequence (Neural Network Console's Repeat; a ResNet stage ×3). */
  repeat: z.number().int().min(1).max(MAX_REPEAT).default(1),
  /** Per-repeat exceptions, e.g. stride 2 on the first unit of a ResNet stage (He et al. 2016, §3.3). */
  overrides: z.array(RepeatOverride).max(1000).default([]),
});
export type UserBlockParams = z.infer<typeof UserBlockParams>;

export const findBlock = (blocks: readonly BlockDefinition[] | undefined, id: string): BlockDefinition | undefined => blocks?.find((b) => b.id === id);

/** The ids of the definitions a definition's inside uses directly. */
export const blocksUsedBy = (def: BlockDefinition): string[] =>
  def.graph.nodes.filter((n) => n.type === USER_BLOCK_TYPE && typeof n.params?.block === 'string').map((n) => n.params.block as string);

/**
 * The chain of definition names from `startId` back to a definition already on the path (depth-first), or
 * undefined when every nesting ends: "stage → unit → stage".
 */
export function blockCycle(blocks: readonly BlockDefinition[] | undefined, startId: string): string[] | undefined {
  const nameOf = (id: string) => findBlock(blocks, id)?.name ?? id;
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const at = path.indexOf(id);
    if (at >= 0) return [...path.slice(at), id].map(nameOf);
    if (done.has(id)) return undefined;
    const def = findBlock(blocks, id);
    if (!def) return undefined;
    path.push(id);
    for (const used of blocksUsedBy(def)) {
      const c = visit(used);
      if (c) return c;
    }
    path.pop();
    done.add(id);
    return undefined;
  };
  return visit(startId);
}

/** The problem that keeps a 'Block' node from expanding: no such definition, or one that contains itself. */
export function userBlockProblem(p: UserBlockParams, ctx?: ExpandContext): LayerProblem | undefined {
  if (!findBlock(ctx?.blocks, p.block)) return { code: 'unknown-block', args: { block: p.block } };
  const chain = blockCycle(ctx?.blocks, p.block);
  return chain ? { code: 'recursive-block', args: { chain: chain.join(' → ') } } : undefined;
}

/** The id of repeat `i` (0-based) inside a repeated instance's expansion: repeat_1 … repeat_N. */
export const repeatNodeId = (i: number) => `repeat_${i + 1}`;

/** Repeat `i`'s overrides, as the single instance it runs as sees them (its repeat 0). */
export const overridesOfRepeat = (overrides: readonly RepeatOverride[], i: number): RepeatOverride[] =>
  overrides.filter((o) => o.repeat === i).map((o) => ({ ...o, repeat: 0 }));

/** A node's params with the overrides naming it merged over them, in order. */
const overridden = (node: { id: string; params: Record<string, unknown> }, overrides: readonly RepeatOverride[]): Record<string, unknown> =>
  overrides.filter((o) => o.node === node.id).reduce((acc, o) => ({ ...acc, ...o.params }), { ...node.params });

/** A repeated instance is N chained single instances, each with its own overrides; one repeat is the definition's inside. */
export function expandUserBlock(p: UserBlockParams, _inputs: unknown, ctx?: ExpandContext): Expansion {
  const def = findBlock(ctx?.blocks, p.block);
  // A recursive definition never expands (the analysis reports it), so no walker recurses forever.
  if (!def || blockCycle(ctx?.blocks, p.block)) return { graph: { nodes: [], edges: [] }, entry: [], exit: '' };
  // The inside carries the definitions on, so a nested 'Block' node finds its own.
  const carried = ctx?.blocks ? { blocks: [...ctx.blocks] } : {};
  if (p.repeat > 1) {
    const ids = Array.from({ length: p.repeat }, (_, i) => repeatNodeId(i));
    // A one-layer definition (a residual unit) repeats that layer itself, so a ResNet stage is three
    // ResidualBlocks, not three blocks each holding one.
    const [only] = def.graph.nodes.length === 1 ? def.graph.nodes : [];
    const nodes = ids.map((id, i) => {
      const mine = overridesOfRepeat(p.overrides, i);
      if (only) return { id, type: only.type, params: overridden(only, mine) };
      return { id, type: USER_BLOCK_TYPE, params: { block: p.block, repeat: 1, overrides: mine } };
    });
    const edges = ids.slice(1).map((id, i) => ({ id: `e_${ids[i]}_${id}`, source: ids[i], target: id }));
    return { graph: { nodes, edges, ...carried }, entry: [ids[0]], exit: ids[ids.length - 1] };
  }
  const mine = p.overrides.filter((o) => o.repeat === 0);
  // Untouched nodes stay the definition's own objects.
  const nodes = def.graph.nodes.map((n) => (mine.some((o) => o.node === n.id) ? { ...n, params: overridden(n, mine) } : n));
  return { graph: { nodes, edges: def.graph.edges, ...carried }, entry: [...def.inputs], exit: def.output };
}

export const userBlock = defineComposite<UserBlockParams>({
  type: USER_BLOCK_TYPE,
  category: 'composite',
  labels: { en: 'Block', ko: '블록' },
  paramLabels: { block: { en: 'Definition', ko: '정의' }, repeat: { en: 'Repeat ×', ko: '반복 ×' }, overrides: { en: 'Per-repeat changes', ko: '반복별 변경' } },
  explain: {
    summary: { en: 'A block: layers grouped into one definition (with Make block, or a template\'s stage), reused as one node, optionally ×N.', ko: '블록: 한 정의로 묶은 층들 (블록 만들기 또는 템플릿의 단계) 을 한 노드로 다시 씁니다. ×N 반복도 됩니다.' },
    what: {
      en: 'Stands for the layers of its definition, wired as they were when the block was made, run ×N in sequence when repeated (each repeat may change a layer, e.g. stride 2 on the first). Every instance shares the definition: change a layer inside it and every instance changes, and each instance\'s shapes are checked again on its own input.',
      ko: '정의에 담긴 층들을 만들 때의 연결 그대로 대신하며, 반복하면 ×N 번 잇달아 실행합니다 (반복마다 층 하나를 바꿀 수 있습니다. 예: 첫 반복의 보폭 2). 모든 인스턴스가 정의를 공유하므로 안의 층을 바꾸면 모든 인스턴스가 바뀌고, 각 인스턴스의 모양은 자기 입력으로 다시 검사됩니다.',
    },
    when: {
      en: 'To repeat a group of layers you designed (a conv → ReLU → pool stage, a residual unit) without copying it by hand. Unpack turns an instance back into ordinary layers.',
      ko: '직접 설계한 층 묶음 (합성곱 → ReLU → 풀링 단계, 잔차 단위) 을 손으로 복사하지 않고 되풀이할 때. 풀기로 인스턴스를 다시 보통 층들로 돌립니다.',
    },
    params: {
      block: { en: 'Which of the project\'s block definitions this node is an instance of.', ko: '이 노드가 프로젝트의 어떤 블록 정의의 인스턴스인지.' },
      repeat: { en: 'How many times the block runs in sequence, each repeat feeding the next (a ResNet stage is its unit ×3).', ko: '블록을 몇 번 잇달아 실행할지. 각 반복이 다음 반복에 입력됩니다 (ResNet 단계는 단위 ×3).' },
      overrides: { en: 'Changes to one layer in one repeat only, such as stride 2 on the first repeat; the definition stays shared.', ko: '한 반복의 한 층만 바꾸는 값 (예: 첫 반복의 보폭 2). 정의는 계속 공유됩니다.' },
    },
  },
  schema: UserBlockParams,
  arity: { min: 1, max: 1 },
  // The definition's id (made from its name) on the node face; the inspector shows the name itself.
  // The node's title is the definition's name already; the summary adds only what differs: ×N.
  summary: (p) => (p.repeat > 1 ? `×${p.repeat}` : ''),
  check: userBlockProblem,
  expand: expandUserBlock,
  title: (p, ctx) => findBlock(ctx?.blocks, p.block)?.name,
});
