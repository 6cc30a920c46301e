// The fine-tuning store actions on LeNet-5: each is one undo step, a repeated one none, and "Replace
// classifier" keeps the session's weights for every other layer (the classifier's drawn anew) so the next run
// continues from them.
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { findTemplate } from '../../src/project/templates';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { graphHash } from '../../src/train/graphHash';
import { buildTfModel } from '../../src/train/buildTfModel';
import { exportWeights } from '../../src/train/applyWeights';
import { redo, undo, useProjectStore } from '../store/projectStore';
import { continuesFrom, useTrainingSession } from '../training/trainingSession';
import { replaceClassifierKeepingWeights } from './replaceClassifierAction';

const S = () => useProjectStore.getState();
const past = () => useProjectStore.temporal.getState().pastStates.length;
const frozen = () => S().doc.graph.nodes.filter((n) => n.trainable === false).map((n) => n.id);
const node = (id: string) => S().doc.graph.nodes.find((n) => n.id === id)!;

beforeEach(async () => {
  const doc = (await findTemplate('lenet5'))!.makeDoc();
  S().loadDoc(doc);
  S().setAnalysis(analyzeGraph(doc.graph), 'local');
});

describe('fine-tuning actions', () => {
  it('Trainable, LR × and Freeze up to here: one undo step each, none when nothing changes', () => {
    S().setTrainable(['C1'], false);
    expect(frozen()).toEqual(['C1']);
    expect(past()).toBe(1);
    S().setTrainable(['C1'], false);
    expect(past()).toBe(1);
    S().setLrMultiplier('F5', 0.1);
    expect(node('F5').lrMultiplier).toBe(0.1);
    S().freezeUpTo('F5'); // the layers with weights from the Input to F5
    expect(frozen()).toEqual(['C1', 'C3', 'F5']);
    expect(past()).toBe(3);
    undo();
    expect(frozen()).toEqual(['C1']);
    undo();
    expect(node('F5').lrMultiplier).toBeUndefined();
    redo();
    expect(node('F5').lrMultiplier).toBe(0.1);
  });

  it('Replace classifier: Output at N classes in one undo step; the session keeps the other layers\' weights', async () => {
    await tf.setBackend('cpu');
    const model = buildTfModel(S().doc.graph, tf);
    const weights = { ...(await exportWeights(tf, model)), classNames: 'abcdefghij'.split('') };
    model.dispose();
    useTrainingSession.setState({ weights, weightsOrigin: { source: 'trained', graphHash: graphHash(S().doc.graph) }, startFresh: false });
    const r = replaceClassifierKeepingWeights(4);
    expect(r.ok && r.keptWeights).toBe(true);
    expect(node('output').params.classes).toBe(4);
    expect(past()).toBe(1);
    const s = useTrainingSession.getState();
    expect(continuesFrom(s, S().doc.graph)).toBe('trained'); // the next run starts from them
    expect(s.weights!.weightSpecs.at(-1)!.shape).toEqual([4]);
    expect(Buffer.compare(Buffer.from(s.weights!.weightData.subarray(0, 1000)), Buffer.from(weights.weightData.subarray(0, 1000)))).toBe(0);
    undo();
    expect(node('output').params.classes).toBe(10);
    expect(replaceClassifierKeepingWeights(1).ok).toBe(false);
  });
});
