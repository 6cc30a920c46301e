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
    ['open one block', () => V().toggle('residualblock4')],
    ['open two and close one', () => (V().toggle('residualblock4'), V().setOpen('residualblock1', true), V().toggle('residualblock4'))],
    ['pick an inner layer', () => (V().setOpen('residualblock4', true), V().selectInner('residualblock4/conv1'))],
  ])('%s: the project is not dirty and has no undo step', (_name, act) => {
    const graph = useProjectStore.getState().doc.graph;
    act();
    expect(isDirty()).toBe(false);
    expect(past()).toBe(0);
    expect(useProjectStore.getState().doc.graph).toBe(graph);
  });

  it('closing a block drops the pick inside it, not one elsewhere', () => {
    V().setOpen('residualblock4', true);
    V().setOpen('residualblock1', true);
    V().selectInner('residualblock1/conv1');
    V().toggle('residualblock4');
    expect(V().innerSelection).toBe('residualblock1/conv1');
    V().toggle('residualblock1');
    expect(V().innerSelection).toBeUndefined();
    expect(Object.keys(V().open)).toEqual([]);
  });
});
