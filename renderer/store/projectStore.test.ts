// The store's undo/redo covers document edits only, one entry per edit (a whole drag is one entry),
// and the dirty flag follows the saved document through undo. The trained-weights reference is a fact
// about the file: writing it is no edit, and undo/redo never drop it (a graph it does not fit reads stale).
import { beforeEach, describe, expect, it } from 'vitest';
import { graphHash } from '../../src/train/graphHash';
import { findTemplate } from '../../src/project/templates';
import { emptyDoc, isDirty, redo, undo, useProjectStore, type WeightsRef } from './projectStore';
import { useNoticesAndDialogs } from '../app/noticesAndDialogs';
import { PASTE_OFFSET } from './graphOps';
import { buildRunRecord } from '../../src/experiments/runRecord';

const S = () => useProjectStore.getState();
const ids = () => S().doc.graph.nodes.map((n) => n.id);

const past = () => useProjectStore.temporal.getState().pastStates.length;
const future = () => useProjectStore.temporal.getState().futureStates.length;
/** The reference training writes for the graph it trained (as trainingSession's saveWeights does). */
const trained = (path = 'net.weights/model.json'): WeightsRef => ({ path, graphHash: graphHash(S().doc.graph), metrics: { valAcc: 0.9 } });
/** Stale as the Training tab shows it: the reference is for another graph. */
const stale = () => !!S().doc.weights && S().doc.weights!.graphHash !== graphHash(S().doc.graph);

beforeEach(() => S().loadDoc(emptyDoc()));

describe('project store', () => {
  it('undoes and redoes node additions and parameter edits', () => {
    const a = S().addNode('Input', { x: 0, y: 0 });
    const b = S().quickAdd('Conv2D')!;
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

  it('training settings and the training data are undoable edits; a refused setting is not written', () => {
    const lr = S().doc.training.learningRate;
    S().updateTraining({ learningRate: 0.5 });
    S().updateTraining({ batchSize: -3 }); // the schema refuses it
    const entries0 = past();
    S().updateTraining({ learningRate: 0.5 }); // the same value again: no edit
    expect(past()).toBe(entries0);
    expect(S().doc.training).toMatchObject({ learningRate: 0.5 });
    expect(S().doc.training.batchSize).toBeGreaterThan(0);
    S().setDataset({ kind: 'folder', path: '/data/xray' });
    const entries = past();
    S().setDataset({ kind: 'folder', path: '/data/xray' }); // the same data again: no edit
    expect(past()).toBe(entries);
    undo();
    expect(S().doc.dataset).toEqual({ kind: 'mnist' });
    undo();
    expect(S().doc.training.learningRate).toBe(lr);
  });

  it('recovered work opens unsaved, with no history', () => {
    S().addNode('Input', { x: 0, y: 0 });
    S().loadUnsaved(emptyDoc('recovered'), '/p/recovered.cnnproj');
    expect(isDirty()).toBe(true);
    expect(S().filePath).toBe('/p/recovered.cnnproj');
    expect(past()).toBe(0);
    S().markSaved(S().doc, '/p/recovered.cnnproj');
    expect(isDirty()).toBe(false);
  });
});

describe('editing actions are one undo step each', () => {
  const edges = () => S().doc.graph.edges.map((e) => `${e.source}→${e.target}`).sort();
  const pos = (id: string) => S().doc.graph.nodes.find((n) => n.id === id)!.position!;
  const notices = () => useNoticesAndDialogs.getState().notices;
  beforeEach(async () => {
    S().loadDoc((await findTemplate('lenet5'))!.makeDoc());
    useNoticesAndDialogs.setState({ notices: [] });
  });

  /** Runs `act`, checks it made exactly one history entry, and that one undo restores the graph. */
  function oneStep(act: () => void) {
    const graph = S().doc.graph;
    const before = past();
    act();
    expect(S().doc.graph).not.toBe(graph);
    expect(past()).toBe(before + 1);
    undo();
    expect(S().doc.graph).toBe(graph);
    redo();
  }

  it.each([
    ['insertNode into an edge', () => S().insertNode('BatchNormalization', { edgeId: S().doc.graph.edges[1].id })],
    ['insertNode after a node', () => S().insertNode('BatchNormalization', { afterNodeId: 'C1' })],
    ['insertNode at a position', () => S().insertNode('Dense', undefined, { x: 900, y: 900 })],
    ['quick add after the selected node', () => (S().select({ nodes: ['C1'] }), S().quickAdd('Dropout'))],
    ['select all + copy + paste', () => (S().selectAll(), S().copySelection(), S().paste())],
    ['duplicate', () => (S().select({ nodes: ['C1'], edges: [] }), S().duplicate())],
    ['delete a node', () => S().removeItems(['C3'], [])],
  ])('%s', (_name, act) => oneStep(act));

  it('undo drops what it removed from the selection', () => {
    const id = S().insertNode('BatchNormalization', { afterNodeId: 'C1' })!;
    S().select({ nodes: [id, 'C1'], edges: [] });
    undo();
    expect(S().selection).toEqual({ nodes: ['C1'], edges: [] });
  });

  it('insertNode selects the new node, rewires the chain and returns its id', () => {
    const edge = S().doc.graph.edges.find((e) => e.source === 'C1')!;
    const id = S().insertNode('BatchNormalization', { edgeId: edge.id })!;
    expect(S().selection).toEqual({ nodes: [id], edges: [] });
    expect(edges()).toContain(`C1→${id}`);
    expect(edges()).toContain(`${id}→${edge.target}`);
    expect(S().insertNode('NoSuchLayer', undefined)).toBeUndefined();
  });

  it('Ctrl+A selects every node and edge', () => {
    S().selectAll();
    expect(S().selection.nodes).toHaveLength(S().doc.graph.nodes.length);
    expect(S().selection.edges).toHaveLength(S().doc.graph.edges.length);
  });

  it('paste and duplicate land +40,+40 from the originals, cascading', () => {
    const c1 = pos('C1');
    S().select({ nodes: ['C1'], edges: [] });
    S().copySelection();
    S().paste();
    const first = S().selection.nodes[0];
    S().paste();
    const second = S().selection.nodes[0];
    expect(pos(first)).toEqual({ x: c1.x + PASTE_OFFSET.x, y: c1.y + PASTE_OFFSET.y });
    expect(pos(second)).toEqual({ x: c1.x + 2 * PASTE_OFFSET.x, y: c1.y + 2 * PASTE_OFFSET.y });
    S().duplicate();
    expect(pos(S().selection.nodes[0])).toEqual({ x: c1.x + 3 * PASTE_OFFSET.x, y: c1.y + 3 * PASTE_OFFSET.y });
  });

  it('deleting a chain link offers Reconnect; the reconnect is one more undo step', () => {
    const into = S().doc.graph.edges.find((e) => e.target === 'C3')!.source;
    const outOf = S().doc.graph.edges.find((e) => e.source === 'C3')!.target;
    S().removeItems(['C3'], []);
    const notice = notices().at(-1)!;
    expect(notice.text).toBe('Deleted C3');
    expect(notice.action?.label).toBe(`Reconnect ${into} → ${outOf}`);
    oneStep(() => notice.action!.run());
    expect(edges()).toContain(`${into}→${outOf}`);
    undo(); // the reconnect
    undo(); // the delete
    expect(S().doc.graph.nodes.some((n) => n.id === 'C3')).toBe(true);
    notice.action!.run(); // a stale offer (C3 is back) changes nothing
    expect(future()).toBe(2);
  });

  it('the offer goes away once the delete is undone', () => {
    S().removeItems(['C3'], []);
    expect(notices().map((n) => n.text)).toEqual(['Deleted C3']);
    S().select({ nodes: [] }); // a change that keeps the offer valid
    expect(notices()).toHaveLength(1);
    undo();
    expect(notices()).toEqual([]);
  });

  it('deleting the first node or an edge offers nothing', () => {
    S().removeItems(['input'], []);
    S().removeItems([], [S().doc.graph.edges[0].id]);
    expect(notices()).toEqual([]);
  });
});

describe('the trained-weights reference', () => {
  beforeEach(async () => {
    S().loadDoc((await findTemplate('lenet5'))!.makeDoc());
    S().markSaved(S().doc, '/p/net.cnnproj');
  });

  it('is no history entry, and Ctrl+Z after training keeps it', () => {
    S().updateTraining({ epochs: 1 });
    const before = past();
    S().setWeightsRef(trained());
    expect(past()).toBe(before);
    undo(); // undoes the settings edit, not the weights
    expect(S().doc.training.epochs).not.toBe(1);
    expect(S().doc.weights?.path).toBe('net.weights/model.json');
    expect(stale()).toBe(false); // the graph did not change
    undo(); // nothing left to undo
    expect(S().doc.weights?.path).toBe('net.weights/model.json');
  });

  it('undoing the graph edit the weights were trained on marks them stale, and redo makes them fresh again', () => {
    const c1 = S().doc.graph.nodes.find((n) => n.id === 'C1')!;
    S().updateParams('C1', { ...c1.params, filters: 8 });
    S().setWeightsRef(trained());
    undo();
    expect(S().doc.graph.nodes.find((n) => n.id === 'C1')?.params.filters).toBe(6);
    expect(S().doc.weights?.path).toBe('net.weights/model.json');
    expect(stale()).toBe(true);
    redo();
    expect(S().doc.graph.nodes.find((n) => n.id === 'C1')?.params.filters).toBe(8);
    expect(stale()).toBe(false);
  });

  it('keeps redo: recording weights does not clear the future', () => {
    S().updateTraining({ epochs: 2 });
    undo();
    S().setWeightsRef(trained());
    expect(future()).toBe(1);
    redo();
    expect(S().doc.training.epochs).toBe(2);
    expect(S().doc.weights?.path).toBe('net.weights/model.json');
  });

  it('undo and redo keep the latest reference, not the one an earlier state held', () => {
    S().setWeightsRef(trained('first.weights/model.json'));
    S().updateTraining({ epochs: 3 }); // this entry's "before" holds the first reference
    S().setWeightsRef(trained('second.weights/model.json'));
    undo();
    expect(S().doc.weights?.path).toBe('second.weights/model.json');
    S().setWeightsRef(trained('third.weights/model.json'));
    redo(); // the redo state was recorded with the second reference
    expect(S().doc.training.epochs).toBe(3);
    expect(S().doc.weights?.path).toBe('third.weights/model.json');
  });

  it('makes the project dirty until saved (the file does not reference the weights yet); undo back to the saved graph is clean', () => {
    expect(isDirty()).toBe(false);
    S().setWeightsRef(trained());
    expect(isDirty()).toBe(true);
    S().markSaved(S().doc, '/p/net.cnnproj'); // trainingSession saves a clean project again with the reference
    expect(isDirty()).toBe(false);
    S().updateTraining({ epochs: 4 });
    expect(isDirty()).toBe(true);
    undo();
    expect(isDirty()).toBe(false);
    redo();
    S().setWeightsRef(trained()); // the same reference again: no change
    expect(isDirty()).toBe(true);
    undo();
    expect(isDirty()).toBe(false);
  });

  it('is replaced by opening another document (another file, other weights)', () => {
    S().setWeightsRef(trained());
    S().loadDoc(emptyDoc('other'));
    expect(S().doc.weights).toBeUndefined();
    undo();
    expect(S().doc.name).toBe('other');
  });
});

describe('the runs list', () => {
  const runOf = (id: string, name: string) =>
    buildRunRecord({
      id, name, startedAt: new Date('2026-12-02T10:00:00Z'), origin: 'app', graph: S().doc.graph, settings: S().doc.training,
      dataset: { ref: S().doc.dataset, trainSamples: 320, validationSamples: 80 }, init: { kind: 'fresh' }, backend: { name: 'wasm' }, params: 61706,
      outcome: { status: 'completed', history: [{ epoch: 0, loss: 1, acc: 0.7, valLoss: 0.9, valAcc: 0.72, seconds: 1, learningRate: 0.001 }], seconds: 1, samplesPerSec: 320 },
    });
  beforeEach(async () => {
    S().loadDoc((await findTemplate('lenet5'))!.makeDoc());
    S().markSaved(S().doc, '/p/net.cnnproj');
  });

  it('records, annotates and deletes runs without history entries; each makes the project unsaved', () => {
    const before = past();
    S().addRun(runOf('r1', 'Run 1'));
    expect(isDirty()).toBe(true);
    S().addRun(runOf('r2', 'Run 2'));
    S().updateRun('r1', { starred: true, notes: 'max pooling' });
    S().removeRun('r2');
    expect(past()).toBe(before);
    expect(S().doc.runs!.map((r) => [r.id, r.starred, r.notes])).toEqual([['r1', true, 'max pooling']]);
    const runs = S().doc.runs;
    S().updateRun('r1', { starred: true }); // no change: the same list
    S().removeRun('gone');
    expect(S().doc.runs).toBe(runs);
  });

  it('undo of a graph edit keeps the runs recorded after it', () => {
    const c1 = S().doc.graph.nodes.find((n) => n.id === 'C1')!;
    S().updateParams('C1', { ...c1.params, filters: 8 });
    S().addRun(runOf('r1', 'Run 1'));
    undo();
    expect(S().doc.graph.nodes.find((n) => n.id === 'C1')?.params.filters).toBe(6);
    expect(S().doc.runs!.map((r) => r.id)).toEqual(['r1']);
    redo();
    expect(S().doc.runs!.map((r) => r.id)).toEqual(['r1']);
  });

  it("restoring a run's graph and settings is one undoable edit, none when they are already there", () => {
    S().addRun(runOf('r1', 'Run 1'));
    const c1 = S().doc.graph.nodes.find((n) => n.id === 'C1')!;
    S().updateParams('C1', { ...c1.params, filters: 8 });
    S().updateTraining({ learningRate: 0.01 });
    const before = past();
    S().restoreRunGraph('r1');
    expect(past()).toBe(before + 1);
    expect(S().doc.graph.nodes.find((n) => n.id === 'C1')?.params.filters).toBe(6);
    expect(S().doc.training.learningRate).toBe(0.001);
    S().restoreRunGraph('r1');
    expect(past()).toBe(before + 1);
    undo();
    expect(S().doc.graph.nodes.find((n) => n.id === 'C1')?.params.filters).toBe(8);
    expect(S().doc.training.learningRate).toBe(0.01);
  });
});
