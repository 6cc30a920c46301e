// The pattern builder's graph and preview, checked against the lecture's numbers: LeNet-5 (LeCun 1998) on
// 32×32×1 and VGG-16's conv stages (Simonyan & Zisserman 2015, configuration D, 224×224×3).
import { describe, expect, it } from 'vitest';
import { patternFormula, patternGraph, PatternSpecSchema, previewPattern, stageFilters, type PatternSpecInput } from './pattern';
import { analyzeGraph } from '../analysis/analyzeGraph';

const conv = (f: number, d: number, k: number) => f * f * d * k + k; // (F·F·D1)·K + K
const dense = (n: number, k: number) => n * k + k;

const lenet: PatternSpecInput = {
  k: 1, m: 2, n: 2, filters: [6, 16], doubleFilters: false, kernelSize: 5, padding: 'valid', pooling: 'max',
  fcSizes: [120, 84], input: { height: 32, width: 32, channels: 1 }, classes: 10,
};
const vggLike: PatternSpecInput = {
  k: 2, m: 5, n: 2, filters: [64], doubleFilters: true, kernelSize: 3, padding: 'same', pooling: 'max',
  fcSizes: [4096], dropout: 0.5, input: { height: 224, width: 224, channels: 3 }, classes: 1000,
};

describe('previewPattern', () => {
  it("k=1, m=2, n=2 with 6→16 5×5 valid convs on 32×32×1 is LeNet-5: its shapes and parameter counts", () => {
    const p = previewPattern(lenet);
    expect(p.ok).toBe(true);
    const row = (id: string) => p.rows.find((r) => r.nodeId === id)!;
    const expected: [string, number[], number][] = [
      ['conv1_1', [28, 28, 6], conv(5, 1, 6)], // 156
      ['pool1', [14, 14, 6], 0],
      ['conv2_1', [10, 10, 16], conv(5, 6, 16)], // 2416
      ['pool2', [5, 5, 16], 0],
      ['flatten', [400], 0],
      ['fc1', [120], dense(400, 120)],
      ['fc2', [84], dense(120, 84)],
      ['output', [10], dense(84, 10)],
    ];
    for (const [id, shape, params] of expected) expect([id, row(id).outputShape, row(id).params]).toEqual([id, shape, params]);
    expect([conv(5, 1, 6), conv(5, 6, 16)]).toEqual([156, 2416]);
    expect(p.totals).toEqual({ trainable: 61_706, nonTrainable: 0 });
    expect(p.rows.map((r) => r.type)).toEqual([
      'Input', 'Conv2D', 'Activation', 'MaxPooling2D', 'Conv2D', 'Activation', 'MaxPooling2D', 'Flatten', 'Dense', 'Activation', 'Dense', 'Activation', 'Output',
    ]);
    expect(p.rows.find((r) => r.nodeId === 'pool2')!.part).toEqual({ kind: 'stage', stage: 2 });
  });

  it('k=2, m=5 with doubling on 224×224×3 gives VGG-16’s conv shapes (doubling stops at 512)', () => {
    const p = previewPattern(vggLike);
    expect(p.ok).toBe(true);
    const shape = (id: string) => p.rows.find((r) => r.nodeId === id)!.outputShape;
    expect([1, 2, 3, 4, 5].map((s) => [shape(`conv${s}_2`), shape(`pool${s}`)])).toEqual([
      [[224, 224, 64], [112, 112, 64]],
      [[112, 112, 128], [56, 56, 128]],
      [[56, 56, 256], [28, 28, 256]],
      [[28, 28, 512], [14, 14, 512]],
      [[14, 14, 512], [7, 7, 512]],
    ]);
    expect(shape('flatten')).toEqual([25088]);
    expect(p.rows.filter((r) => r.type === 'Dropout').map((r) => r.nodeId)).toEqual(['dropout1', 'dropout2']);
    // Two convs per stage instead of VGG-16's 2, 2, 3, 3, 3: summed by hand.
    const convs = conv(3, 3, 64) + conv(3, 64, 64) + conv(3, 64, 128) + conv(3, 128, 128) + conv(3, 128, 256) + conv(3, 256, 256) +
      conv(3, 256, 512) + conv(3, 512, 512) + 2 * conv(3, 512, 512);
    expect(p.totals.trainable).toBe(convs + dense(25088, 4096) + dense(4096, 4096) + dense(4096, 1000));
  });

  it.each([
    // [spec, stages' filters]
    [{ m: 4, filters: [8], doubleFilters: true }, [8, 16, 32, 64]],
    [{ m: 4, filters: [8], doubleFilters: false }, [8, 8, 8, 8]],
    [{ m: 4, filters: [6, 16], doubleFilters: true }, [6, 16, 32, 64]],
    [{ m: 3, filters: [300], doubleFilters: true }, [300, 512, 512]],
    [{ m: 2, filters: [600], doubleFilters: true }, [600, 600]],
  ] as const)('stage filters of %j are %j', (spec, filters) => {
    expect(stageFilters(PatternSpecSchema.parse(spec))).toEqual(filters);
  });

  it.each([
    ['average', 'AveragePooling2D'],
    ['l2', 'L2Pooling2D'],
  ] as const)('%s pooling uses %s, and n = 0 goes from Flatten straight to the softmax', (pooling, type) => {
    const p = previewPattern({ k: 1, m: 1, n: 0, filters: [4], kernelSize: 3, pooling, input: { height: 8, width: 8, channels: 1 }, classes: 3 });
    expect(p.rows.map((r) => r.type)).toEqual(['Input', 'Conv2D', 'Activation', type, 'Flatten', 'Output']);
    expect(p.totals.trainable).toBe(conv(3, 1, 4) + dense(4 * 4 * 4, 3));
  });

  it('a pool that shrinks the map below 1×1 is reported at its stage, with the analysis’s W2 = (W1 − F + 2P)/S + 1', () => {
    // 28 → 14 → 7 → 3 → 1 → (1 − 2 + 2·0)/2 + 1 < 1 at the fifth pool.
    const p = previewPattern({ k: 1, m: 5, n: 0, filters: [4], doubleFilters: false, kernelSize: 3, padding: 'same', input: { height: 28, width: 28, channels: 1 } });
    expect(p.ok).toBe(false);
    const errors = p.issues.filter((i) => i.issue.severity === 'error');
    expect(errors).toHaveLength(1);
    const [{ part, issue }] = errors;
    expect(part).toEqual({ kind: 'stage', stage: 5 });
    expect(issue.code).toBe('non-positive-size');
    expect(issue.nodeId).toBe('pool5');
    expect(issue.message).toMatch(/^pool5: output width \(1 − 2 \+ 2·0\)\/2 \+ 1 = 0 is not positive/);
    // The same words as the analysis of the dropped graph: not a second rule.
    const dropped = analyzeGraph(patternGraph({ k: 1, m: 5, n: 0, filters: [4], kernelSize: 3, input: { height: 28, width: 28, channels: 1 } }));
    expect(dropped.issues.map((i) => i.message)).toEqual(p.issues.map((i) => i.issue.message));
    // Odd maps before it: pools 3 and 4 drop a border (warnings, also by stage).
    expect(p.issues.filter((i) => i.issue.severity === 'warning').map((i) => i.part)).toEqual([3, 3, 4, 4].map((stage) => ({ kind: 'stage', stage })));
  });

  it('a valid 5×5 conv on a 3×3 map is reported at its stage', () => {
    const p = previewPattern({ k: 1, m: 3, n: 0, filters: [4], kernelSize: 5, padding: 'valid', input: { height: 28, width: 28, channels: 1 } });
    // 28 → 24 → 12 → 8 → 4 → conv (4 − 5 + 0)/1 + 1 = 0
    expect(p.issues.filter((i) => i.issue.severity === 'error').map((i) => [i.part, i.issue.nodeId, i.issue.code])).toEqual([[{ kind: 'stage', stage: 3 }, 'conv3_1', 'non-positive-size']]);
  });
});

describe('PatternSpecSchema', () => {
  it.each([
    [{ k: 0 }, 'k'],
    [{ k: 9 }, 'k'],
    [{ m: 9 }, 'm'],
    [{ n: 5 }, 'n'],
    [{ dropout: 0.95 }, 'dropout'],
    [{ pooling: 'median' }, 'pooling'],
    [{ padding: 2 }, 'padding'],
    [{ n: 1, fcSizes: [] }, 'fcSizes'],
    [{ filters: [] }, 'filters'],
  ])('refuses %j at %s', (spec, path) => {
    const r = PatternSpecSchema.safeParse(spec);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path[0]).toBe(path);
  });

  it('the graph is laid out in rows like the templates and names its formula', () => {
    const g = patternGraph(lenet);
    expect(new Set(g.nodes.map((n) => `${n.position!.x},${n.position!.y}`)).size).toBe(g.nodes.length);
    expect(g.edges).toHaveLength(g.nodes.length - 1);
    expect(patternFormula(PatternSpecSchema.parse(lenet))).toBe('[(Conv→ReLU)·1 → MaxPool]·2 → (FC→ReLU)·2 → Softmax');
  });
});
