// Opening and closing blocks is view state: ResNet-20 from its template stays saved and has nothing to undo
// after blocks open, close and an inner layer is picked; closing a block drops a pick inside it.
import { beforeEach, describe, expect, it } from 'vitest';
import { findTemplate } from '../../../src/project/templates';
import { isDirty, useProjectStore } from '../../store/projectStore';
import { useExpandedBlocks } from './expandedStore';

const V = () => useExpandedBlocks.getState();
const past = () => useProjectStore.temporal.getState().pastStates.length;

beforeEach(async () => {
  const doc = (await findTemplate('resnet20'))!.makeDoc();
  useProjectStore.getState().loadDoc(doc);
  V().reset();
});

describe('open blocks (view state)', () => {
  it.each([
    ['open one block', () => V().toggle('stage2')],
    ['open two and close one', () => (V().toggle('stage2'), V().setOpen('stage1', true), V().toggle('stage2'))],
    ['pick an inner layer', () => (V().setOpen('stage2', true), V().selectInner('stage2/repeat_1/conv1'))],
  ])('%s: the project is not dirty and has no undo step', (_name, act) => {
    const graph = useProjectStore.getState().doc.graph;
    act();
    expect(isDirty()).toBe(false);
    expect(past()).toBe(0);
    expect(useProjectStore.getState().doc.graph).toBe(graph);
  });

  it('closing a block drops the pick inside it, not one elsewhere', () => {
    V().setOpen('stage2', true);
    V().setOpen('stage1', true);
    V().selectInner('stage1/repeat_1/conv1');
    V().toggle('stage2');
    expect(V().innerSelection).toBe('stage1/repeat_1/conv1');
    V().toggle('stage1');
    expect(V().innerSelection).toBeUndefined();
    expect(Object.keys(V().open)).toEqual([]);
  });
});
