// Replacing the classifier and freezing up to a node, on the LeNet-5 template and a branching ResNet graph;
// the re-initialised saved weights load into the replaced graph's model, every other tensor byte for byte.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { findTemplate } from '../project/templates';
import { freezeNodes, freezeUpTo, nodesUpTo, replaceClassifier, setFineTune } from './replaceClassifier';
import type { Graph } from './schema';
import { buildTfModel } from '../train/buildTfModel';
import { applyWeights, exportWeights } from '../train/applyWeights';
import { reinitClassifierWeights } from '../train/classifierWeights';

let lenet: Graph;
beforeAll(async () => {
  await tf.setBackend('cpu');
  lenet = (await findTemplate('lenet5'))!.makeDoc().graph;
});

describe('replaceClassifier', () => {
  it('sets the Output node to N classes (unfrozen), leaves every other node as it was', () => {
    const r = replaceClassifier(freezeNodes(lenet, ['output', 'C1']), 5);
    if (!r.ok) throw new Error(r.message);
    expect(r.outputId).toBe('output');
    expect(r.previousClasses).toBe(10);
    const out = r.graph.nodes.find((n) => n.id === 'output')!;
    expect(out.params.classes).toBe(5);
    expect(out.trainable).toBeUndefined();
    expect(r.graph.nodes.find((n) => n.id === 'C1')!.trainable).toBe(false);
    expect(r.graph.edges).toBe(lenet.edges);
  });

  it.each([
    { classes: 1, message: /whole number from 2/ },
    { classes: 2.5, message: /whole number from 2/ },
  ])('refuses $classes classes', ({ classes, message }) => {
    const r = replaceClassifier(lenet, classes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('refuses a graph without an Output node', () => {
    const r = replaceClassifier({ nodes: lenet.nodes.filter((n) => n.type !== 'Output'), edges: [] }, 3);
    expect(r.ok || r.message).toMatch(/no Output node/);
  });

  it('re-initialised saved weights fit the new head and keep every other tensor byte for byte', async () => {
    const model = buildTfModel(lenet, tf);
    const saved = { ...(await exportWeights(tf, model)), classNames: Array.from({ length: 10 }, (_, i) => String(i)) };
    const r = replaceClassifier(lenet, 3);
    if (!r.ok) throw new Error(r.message);
    const patched = reinitClassifierWeights(saved, 10, 3)!;
    expect(patched.classNames).toBeUndefined();
    const next = buildTfModel(r.graph, tf);
    applyWeights(tf, next, patched); // throws if a tensor does not fit
    const a = model.getWeights();
    const b = next.getWeights();
    expect(b).toHaveLength(a.length);
    for (let i = 0; i < a.length - 2; i++) expect(Buffer.compare(Buffer.from(a[i].dataSync().buffer), Buffer.from(b[i].dataSync().buffer))).toBe(0);
    expect(b.at(-2)!.shape).toEqual([84, 3]);
    const k = b.at(-2)!.dataSync();
    const limit = Math.sqrt(6 / (84 + 3));
    expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(new Set(k).size).toBeGreaterThan(200); // drawn, not constant
    expect(Array.from(b.at(-1)!.dataSync())).toEqual([0, 0, 0]);
    // Weights whose last tensors are not the classifier are left to the caller.
    expect(reinitClassifierWeights(saved, 7, 3)).toBeUndefined();
    model.dispose();
    next.dispose();
  });
});

describe('nodesUpTo / freeze up to here', () => {
  it.each([
    { upTo: 'C3', want: ['input', 'C1', 'activation1', 'S2', 'C3'] },
    { upTo: 'input', want: ['input'] },
    { upTo: 'output', want: lenet?.nodes.map((n) => n.id) },
  ])('up to $upTo', ({ upTo, want }) => {
    expect(nodesUpTo(lenet, upTo)).toEqual(want ?? lenet.nodes.map((n) => n.id));
  });

  it('takes every branch into a merge, and nothing off the path from the Input', () => {
    const g: Graph = {
      nodes: ['in', 'a', 'b', 'add', 'after', 'stray'].map((id) => ({ id, type: id === 'in' ? 'Input' : 'Dense', params: {} })),
      edges: [
        { id: '1', source: 'in', target: 'a' },
        { id: '2', source: 'in', target: 'b' },
        { id: '3', source: 'a', target: 'add' },
        { id: '4', source: 'b', target: 'add' },
        { id: '5', source: 'add', target: 'after' },
        { id: '6', source: 'stray', target: 'add' },
      ],
    };
    expect(nodesUpTo(g, 'add')).toEqual(['in', 'a', 'b', 'add']);
    expect(nodesUpTo(g, 'stray')).toEqual([]);
  });
});

describe('freezeUpTo', () => {
  it('flags only the layers with weights on the path', () => {
    const weighted = new Set(['C1', 'C3', 'F5', 'F6', 'output']);
    const r = freezeUpTo(lenet, 'F5', (id) => weighted.has(id));
    expect(r.frozen).toEqual(['C1', 'C3', 'F5']);
    expect(r.graph.nodes.filter((n) => n.trainable === false).map((n) => n.id)).toEqual(['C1', 'C3', 'F5']);
  });
});

describe('setFineTune', () => {
  it('stores the defaults as absent and returns the same graph when nothing changes', () => {
    const frozen = setFineTune(lenet, ['C1'], { trainable: false, lrMultiplier: 0.5 });
    expect(frozen.nodes.find((n) => n.id === 'C1')).toMatchObject({ trainable: false, lrMultiplier: 0.5 });
    const back = setFineTune(frozen, ['C1'], { trainable: true, lrMultiplier: 1 });
    expect(back.nodes.find((n) => n.id === 'C1')).toEqual(lenet.nodes.find((n) => n.id === 'C1'));
    expect(setFineTune(lenet, ['C1'], { trainable: true })).toBe(lenet);
    expect(setFineTune(lenet, ['C1'], { lrMultiplier: -1 })).toBe(lenet); // invalid: ignored
  });
});
