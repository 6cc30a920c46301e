// A user-defined block: a node that stands for a definition kept in the graph's `blocks` (src/graph/schema.ts).
// Every instance shares its definition, so editing the definition changes them all. It expands to the
// definition's inner graph, whose entry nodes take the block's one input; definitions may nest, but a
// definition that reaches itself is refused with the chain of names.
import { z } from 'zod';
import type { BlockDefinition } from '../graph/schema';
import type { LayerProblem } from '../graph/issue';
import { defineComposite, type ExpandContext, type Expansion } from './types';

export const USER_BLOCK_TYPE = 'Block';

export const UserBlockParams = z.object({
  /** The id of the definition in the graph's `blocks`. */
  block: z.string().max(200).default(''),
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

export function expandUserBlock(p: UserBlockParams, _inputs: unknown, ctx?: ExpandContext): Expansion {
  const def = findBlock(ctx?.blocks, p.block);
  // A recursive definition never expands (the analysis reports it), so no walker recurses forever.
  if (!def || blockCycle(ctx?.blocks, p.block)) return { graph: { nodes: [], edges: [] }, entry: [], exit: '' };
  // The inside carries the definitions on, so a nested 'Block' node finds its own.
  return { graph: { nodes: def.graph.nodes, edges: def.graph.edges, ...(ctx?.blocks ? { blocks: [...ctx.blocks] } : {}) }, entry: [...def.inputs], exit: def.output };
}

export const userBlock = defineComposite<UserBlockParams>({
  type: USER_BLOCK_TYPE,
  category: 'composite',
  labels: { en: 'Block', ko: '블록' },
  paramLabels: { block: { en: 'Definition', ko: '정의' } },
  explain: {
    summary: { en: 'One of your own blocks: layers you grouped with Make block, reused as one node.', ko: '직접 만든 블록: 블록 만들기로 묶은 층들을 한 노드로 다시 씁니다.' },
    what: {
      en: 'Stands for the layers of its definition, wired as they were when the block was made. Every instance shares the definition: change a layer inside it and every instance changes, and each instance\'s shapes are checked again on its own input.',
      ko: '정의에 담긴 층들을 만들 때의 연결 그대로 대신합니다. 모든 인스턴스가 정의를 공유하므로 안의 층을 바꾸면 모든 인스턴스가 바뀌고, 각 인스턴스의 모양은 자기 입력으로 다시 검사됩니다.',
    },
    when: {
      en: 'To repeat a group of layers you designed (a conv → ReLU → pool stage, a residual unit) without copying it by hand. Unpack turns an instance back into ordinary layers.',
      ko: '직접 설계한 층 묶음 (합성곱 → ReLU → 풀링 단계, 잔차 단위) 을 손으로 복사하지 않고 되풀이할 때. 풀기로 인스턴스를 다시 보통 층들로 돌립니다.',
    },
    params: {
      block: { en: 'Which of the project\'s block definitions this node is an instance of.', ko: '이 노드가 프로젝트의 어떤 블록 정의의 인스턴스인지.' },
    },
  },
  schema: UserBlockParams,
  arity: { min: 1, max: 1 },
  // The definition's id (made from its name) on the node face; the inspector shows the name itself.
  summary: (p) => p.block,
  check: userBlockProblem,
  expand: expandUserBlock,
  title: (p, ctx) => findBlock(ctx?.blocks, p.block)?.name,
});
