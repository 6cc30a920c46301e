// The store's undo/redo covers document edits only, one entry per edit (a whole drag is one entry),
// and the dirty flag follows the saved document through undo.
import { beforeEach, describe, expect, it } from 'vitest';
import { emptyDoc, isDirty, redo, undo, useProjectStore } from './projectStore';

const S = () => useProjectStore.getState();
const ids = () => S().doc.graph.nodes.map((n) => n.id);

beforeEach(() => S().loadDoc(emptyDoc()));

describe('project store', () => {
  it('undoes and redoes node additions and parameter edits', () => {
    const a = S().addNode('Input', { x: 0, y: 0 });
    const b = S().quickAdd('Conv2D');
    expect(S().doc.graph.edges.map((e) => [e.source, e.target])).toEqual([[a, b]]);
    S().updateParams(b, { filters: 7 });
    undo();
    expect(S().doc.graph.nodes.find((n) => n.id === b)?.params.filters).toBe(32);
    undo();
    expect(ids()).toEqual([a]);
    redo();
    redo();
    expect(S().doc.graph.nodes.find((n) => n.id === b)?.params.filters).toBe(7);
  });

  it('selection changes and drag steps do not create history; committing a drag is one step', () => {
    const a = S().addNode('Input', { x: 0, y: 0 });
    const past = () => useProjectStore.temporal.getState().pastStates.length;
    const before = past();
    S().select({ nodes: [a] });
    for (let i = 1; i <= 5; i++) S().setDragPositions({ [a]: { x: i * 10, y: 0 } });
    expect(past()).toBe(before);
    S().commitDrag();
    expect(past()).toBe(before + 1);
    expect(S().doc.graph.nodes[0].position).toEqual({ x: 50, y: 0 });
    undo();
    expect(S().doc.graph.nodes[0].position).toEqual({ x: 0, y: 0 });
  });

  it('is dirty after an edit and clean again when undone back to the saved document', () => {
    expect(isDirty()).toBe(false);
    S().addNode('Input', { x: 0, y: 0 });
    expect(isDirty()).toBe(true);
    undo();
    expect(isDirty()).toBe(false);
  });

  it('loading a document clears history', () => {
    S().addNode('Input', { x: 0, y: 0 });
    S().loadDoc(emptyDoc('other'));
    undo();
    expect(S().doc.name).toBe('other');
    expect(ids()).toEqual([]);
  });

  it('copy/paste and duplicate select the new nodes; delete removes the selection', () => {
    const a = S().addNode('Input', { x: 0, y: 0 });
    S().select({ nodes: [a] });
    S().copySelection();
    S().paste();
    expect(S().selection.nodes).toEqual(['input_2']);
    S().duplicate();
    expect(S().selection.nodes).toEqual(['input_3']);
    S().removeSelection();
    expect(ids()).toEqual(['input_1', 'input_2']);
  });
});
