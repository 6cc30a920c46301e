import { describe, expect, it } from 'vitest';
import { templates, patternNet } from './index';
import { analyzeGraph } from '../analysis/analyzeGraph';

// Published trainable-parameter figures (ResNet-20 has no single figure for projection shortcuts:
// He 2016 quotes ≈0.27 M; option B adds 1×1 projections at the two stage changes).
const published: Record<string, number> = {
  lenet5: 61_706,
  alexnet: 62_378_344,
  vgg16: 138_357_544,
  resnet18: 11_689_512,
};

describe('templates', () => {
  it.each(templates.map((t) => [t.id, t] as const))('%s analyses with no errors', (_id, t) => {
    const a = analyzeGraph(t.build().graph);
    expect(a.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(a.nodes[a.outputNodeId!].outputShape).toHaveLength(1);
  });

  it.each(Object.entries(published))('%s has %i trainable parameters', (id, count) => {
    const t = templates.find((x) => x.id === id)!;
    expect(analyzeGraph(t.build().graph).totals.trainable).toBe(count);
  });

  it('ResNet-20 has ≈0.27 M parameters', () => {
    const a = analyzeGraph(templates.find((t) => t.id === 'resnet20')!.build().graph);
    expect(a.totals.trainable).toBeGreaterThan(265_000);
    expect(a.totals.trainable).toBeLessThan(280_000);
    expect(a.nodes.gap.outputShape).toEqual([64]);
  });

  it('LeNet-5 shapes follow the paper: 28×28×6 → 14×14×6 → 10×10×16 → 5×5×16 → 400 → 120 → 84 → 10', () => {
    const a = analyzeGraph(templates[0].build().graph);
    const shapes = ['C1', 'S2', 'C3', 'S4', 'flatten', 'F5', 'F6', 'output'].map((id) => a.nodes[id].outputShape);
    expect(shapes).toEqual([[28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16], [400], [120], [84], [10]]);
  });

  it.each([
    [{ k: 1, m: 1, n: 0, convFilters: [8], input: [8, 8, 1] as [number, number, number], classes: 3, kernelSize: 3 }, 'MaxPooling2D', (3 * 3 * 1 + 1) * 8 + (4 * 4 * 8 + 1) * 3],
    [{ k: 2, m: 2, n: 1, convFilters: [4, 8], fcUnits: [16], input: [8, 8, 1] as [number, number, number], classes: 2, pool: 'l2' as const, kernelSize: 3 }, 'L2Pooling2D',
      (9 * 1 + 1) * 4 + (9 * 4 + 1) * 4 + (9 * 4 + 1) * 8 + (9 * 8 + 1) * 8 + (2 * 2 * 8 + 1) * 16 + (16 + 1) * 2],
  ])('pattern builder %j uses %s and has the hand-computed count', (opts, pool, count) => {
    const doc = patternNet(opts);
    const a = analyzeGraph(doc.graph);
    expect(a.ok).toBe(true);
    expect(doc.graph.nodes.filter((n) => n.type === pool)).toHaveLength(opts.m);
    expect(doc.graph.nodes.filter((n) => n.type === 'Conv2D')).toHaveLength(opts.k * opts.m);
    expect(a.totals.trainable).toBe(count);
  });
});
