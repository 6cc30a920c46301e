// Dropping a pattern's body after a node: rewired into the chain, fresh ids, laid out again as a template.
import { describe, expect, it } from 'vitest';
import { insertPatternAfter } from './insertPattern';
import { patternGraph } from '../../src/templates/pattern';
import { lenet5 } from '../../src/templates/lenet5';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { mainChain } from '../store/graphOps';

const stage = patternGraph({ k: 1, m: 1, n: 0, filters: [16], kernelSize: 3, padding: 'same' }); // input, conv1_1, relu1_1, pool1, flatten, output: the body is conv1_1, relu1_1, pool1

describe('insertPatternAfter', () => {
  it.each([
    // [after, the chain's ids after the insert]
    ['S4', ['input', 'C1', 'activation1', 'S2', 'C3', 'activation2', 'S4', 'conv1_1', 'relu1_1', 'pool1', 'flatten', 'F5', 'F6', 'output']],
    ['input', ['input', 'conv1_1', 'relu1_1', 'pool1', 'C1', 'activation1', 'S2', 'C3', 'activation2', 'S4', 'flatten', 'F5', 'F6', 'output']],
  ])('after %s in LeNet-5 the body (no Input, no Output) joins the chain: %j', (after, chain) => {
    const g = insertPatternAfter(lenet5().graph, stage, after)!;
    expect(mainChain(g)).toEqual(chain);
    expect(g.edges).toHaveLength(g.nodes.length - 1);
    // Laid out again on the template grid: every node on its own spot.
    expect(new Set(g.nodes.map((n) => `${n.position!.x},${n.position!.y}`)).size).toBe(g.nodes.length);
  });

  it('after S2 the shapes flow on: 14×14×6 → conv 16 → pool 7×7×16 → C3 sees it', () => {
    const g = insertPatternAfter(lenet5().graph, patternGraph({ k: 1, m: 1, n: 0, filters: [16], kernelSize: 3, padding: 'same' }), 'S2')!;
    const shapes = analyzeGraph(g).nodes;
    expect([shapes.conv1_1.outputShape, shapes.pool1.outputShape, shapes.C3.inputShapes[0]]).toEqual([[14, 14, 16], [7, 7, 16], [7, 7, 16]]);
  });

  it('with FC layers (n > 0) the body ends in Flatten and the FCs, with fresh ids where LeNet-5 has the name', () => {
    const g = insertPatternAfter(lenet5().graph, patternGraph({ k: 1, m: 1, n: 1, filters: [8], fcSizes: [32] }), 'S4')!;
    expect(mainChain(g).slice(6, 13)).toEqual(['S4', 'conv1_1', 'relu1_1', 'pool1', 'flatten_2', 'fc1', 'relu_fc1']);
  });

  it.each([['output'], ['nowhere']])('refuses to add after %s', (after) => {
    expect(insertPatternAfter(lenet5().graph, stage, after)).toBeUndefined();
  });
});
