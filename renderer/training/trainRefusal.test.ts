// The Train button's refusal: the same rule as `cnn-studio train`, with the project's batch size.
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { withTrainability } from '../../src/train/trainability';
import { smallProjectDoc } from '../../src/project/testDoc';
import type { Graph } from '../../src/graph/schema';
import { trainRefusal } from './trainRefusal';

const withInput = (height: number, width: number, channels: number): Graph => {
  const g = smallProjectDoc().graph;
  g.nodes[0].params = { height, width, channels };
  g.nodes[1].params = { filters: 1, kernelSize: 1 };
  return g;
};
const deep = (n: number): Graph => {
  const nodes: Graph['nodes'] = [{ id: 'in', type: 'Input', params: { height: 4, width: 4, channels: 1 } }];
  for (let i = 0; i < n - 3; i++) nodes.push({ id: `r${i}`, type: 'Activation', params: {} });
  nodes.push({ id: 'f', type: 'Flatten', params: {} }, { id: 'out', type: 'Output', params: { classes: 10 } });
  return { nodes, edges: nodes.slice(1).map((m, i) => ({ id: `e${i}`, source: nodes[i].id, target: m.id })) };
};
const GiB = 2 ** 30;

describe('trainRefusal', () => {
  it.each([
    ['the small CNN', smallProjectDoc().graph, 64, undefined, undefined],
    ['a graph with an error (left to the worker)', withInput(2, 2, 1), 64, undefined, undefined],
    // The Input's 1024·1024·32 = 2²⁵ values per sample: a batch of 64 is 2³¹, one past 2³¹ − 1
    ['a 1024×1024×32 input at batch 64', withInput(1024, 1024, 32), 64, undefined, 'tensor-too-large'],
    ['a 20,000-layer chain', deep(20_000), 32, undefined, 'graph-too-deep'],
    // The host's analysis (one sample: ≈70 MB of activations, ×2 for gradients) found too little memory (100 MB);
    // the refusal holds for the real batch of 64 too.
    ['a 512×512×64 input on a host with 100 MB', withInput(512, 512, 64), 64, 100 * 2 ** 20, 'training-exceeds-memory'],
    ['a 512×512×64 input on a host with 8 GB', withInput(512, 512, 64), 1, 8 * GiB, undefined],
  ] as [string, Graph, number, number | undefined, string | undefined][])('%s', (_name, graph, batch, hostMemory, code) => {
    // What 'graph.analyze' answers: the analysis with the warnings for one sample on a host with that memory.
    const host = hostMemory === undefined ? undefined : withTrainability(graph, analyzeGraph(graph), { batch: 1, memoryBytes: hostMemory });
    expect(trainRefusal(graph, batch, host)?.code).toBe(code);
  });
});
