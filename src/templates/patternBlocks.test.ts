// The pattern with its stages as user blocks: the same shapes and counts as the flat pattern, one definition
// per distinct K (the lecture's ·m is one stage repeated).
import { describe, expect, it } from 'vitest';
import { patternBlocksGraph } from './patternBlocks';
import { previewPattern, type PatternSpecInput } from './pattern';
import { analyzeGraph } from '../analysis/analyzeGraph';

const lenet: PatternSpecInput = { k: 1, m: 2, n: 2, filters: [6, 16], doubleFilters: false, kernelSize: 5, padding: 'valid', fcSizes: [120, 84], input: { height: 32, width: 32, channels: 1 } };

describe('patternBlocksGraph', () => {
  it.each([
    // [spec, definitions, instances' blocks]
    ['LeNet-5 (K 6, 16)', lenet, ['stage_k_6', 'stage_k_16'], ['stage_k_6', 'stage_k_16']],
    ['doubling off, K 8 (one block ·3)', { k: 2, m: 3, n: 1, filters: [8], doubleFilters: false }, ['stage_k_8'], ['stage_k_8', 'stage_k_8', 'stage_k_8']],
    ['VGG-like, doubling to 512', { k: 2, m: 5, n: 1, filters: [64], input: { height: 224, width: 224, channels: 3 }, classes: 1000 }, ['stage_k_64', 'stage_k_128', 'stage_k_256', 'stage_k_512'], ['stage_k_64', 'stage_k_128', 'stage_k_256', 'stage_k_512', 'stage_k_512']],
  ] as [string, PatternSpecInput, string[], string[]][])('%s: definitions %j, the same counts and output as the flat pattern', (_name, spec, defs, instances) => {
    const g = patternBlocksGraph(spec);
    expect(g.blocks!.map((b) => b.id)).toEqual(defs);
    const blocks = g.nodes.filter((n) => n.type === 'Block');
    expect(blocks.map((n) => n.params.block)).toEqual(instances);
    expect(blocks.map((n) => n.name)).toEqual(instances.map((_, i) => `stage${i + 1}`));
    const a = analyzeGraph(g);
    const flat = previewPattern(spec);
    expect(a.issues).toEqual([]);
    expect({ trainable: a.totals.trainable, nonTrainable: a.totals.nonTrainable }).toEqual(flat.totals);
    expect(a.nodes.flatten.outputShape).toEqual(flat.rows.find((r) => r.nodeId === 'flatten')!.outputShape);
    expect(new Set(g.nodes.map((n) => `${n.position!.x},${n.position!.y}`)).size).toBe(g.nodes.length);
  });
});
