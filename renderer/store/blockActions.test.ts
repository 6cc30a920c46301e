// Each block action is one undo step: undo gives back the graph before it, redo the graph after it.
import { beforeEach, describe, expect, it } from 'vitest';
import { findTemplate } from '../../src/project/templates';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { redo, undo, useProjectStore } from './projectStore';

const S = () => useProjectStore.getState();
const graph = () => S().doc.graph;
const past = () => useProjectStore.temporal.getState().pastStates.length;
const STAGE = ['C3', 'activation2', 'S4'];

beforeEach(async () => {
  S().loadDoc((await findTemplate('lenet5'))!.makeDoc());
});

const made = () => {
  const r = S().makeBlock(STAGE, 'feature');
  if (!r.ok) throw new Error(r.reason);
  return r.instanceId;
};

const actions: { name: string; setup?: () => void; run: () => void; check: () => void }[] = [
  {
    name: 'makeBlock',
    run: () => made(),
    check: () => {
      expect(graph().blocks?.map((b) => b.name)).toEqual(['feature']);
      expect(S().selection.nodes).toEqual(['block_1']);
    },
  },
  {
    name: 'addBlockInstance',
    setup: () => {
      made();
      S().select({ nodes: ['block_1'], edges: [] });
    },
    run: () => S().addBlockInstance('feature'),
    check: () => expect(graph().nodes.filter((n) => n.type === 'Block').map((n) => n.name)).toEqual(['feature_1', 'feature_2']),
  },
  {
    name: 'unpackBlock',
    setup: () => void made(),
    run: () => S().unpackBlock('block_1'),
    check: () => expect(graph().nodes.some((n) => n.type === 'Block')).toBe(false),
  },
  {
    name: 'renameBlock',
    setup: () => void made(),
    run: () => S().renameBlock('feature', 'stage 2'),
    check: () => expect(graph().blocks![0].name).toBe('stage 2'),
  },
  {
    name: 'updateBlockParams',
    setup: () => void made(),
    run: () => S().updateBlockParams('feature', 'C3', { filters: 8 }),
    check: () => expect(analyzeGraph(graph()).nodes.block_1.outputShape).toEqual([5, 5, 8]),
  },
  {
    name: 'deleteBlockDefinition (unused)',
    setup: () => {
      made();
      S().unpackBlock('block_1');
    },
    run: () => S().deleteBlockDefinition('feature'),
    check: () => expect(graph().blocks).toBeUndefined(),
  },
  {
    name: 'setBlockRepeat',
    setup: () => {
      made();
      S().updateBlockParams('feature', 'C3', { padding: 'same' });
    },
    run: () => S().setBlockRepeat('block_1', 2),
    check: () => expect(graph().nodes.find((n) => n.id === 'block_1')!.params).toEqual({ block: 'feature', repeat: 2 }),
  },
  {
    name: 'setRepeatOverride',
    setup: () => {
      made();
      S().updateBlockParams('feature', 'C3', { padding: 'same' });
      S().setBlockRepeat('block_1', 2);
    },
    // 8 filters on the second repeat only: 14×14×6 → 7×7×16 → 3×3×8.
    run: () => S().setRepeatOverride('block_1', 1, 'C3', { filters: 8 }),
    check: () => expect(analyzeGraph(graph()).nodes.block_1.outputShape).toEqual([3, 3, 8]),
  },
  {
    name: 'repeatSelection',
    run: () => S().repeatSelection(['activation2'], 'relu', 3),
    check: () => expect(graph().nodes.find((n) => n.type === 'Block')!.params).toEqual({ block: 'relu', repeat: 3 }),
  },
];

describe('block actions', () => {
  it.each(actions)('$name is one undo step, and redo repeats it', ({ setup, run, check }) => {
    setup?.();
    const before = graph();
    const steps = past();
    run();
    expect(past()).toBe(steps + 1);
    const after = graph();
    check();
    undo();
    expect(graph()).toEqual(before);
    redo();
    expect(graph()).toEqual(after);
  });

  it('a refused selection changes nothing and says why', () => {
    const before = graph();
    const r = S().makeBlock(['input', 'C1'], 'x');
    expect(r.ok || r.reason).toBe('io-node');
    expect(graph()).toBe(before);
  });

  it('deleting a node keeps the block definitions', () => {
    made();
    S().removeItems(['F6'], []);
    expect(graph().blocks).toHaveLength(1);
  });
});
