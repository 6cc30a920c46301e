// Every template analyses cleanly and has the published trainable-parameter count. Where no single figure is
// published (ResNet-20 with projections, the small Inception net, the pattern net) the count is summed by hand below.
import { describe, expect, it } from 'vitest';
import { templates, patternNet } from './index';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { ProjectDocSchema, PROJECT_FORMAT, PROJECT_VERSION } from '../project/schema';

const conv = (f: number, d: number, k: number, bias = true) => f * f * d * k + (bias ? k : 0);
const dense = (n: number, k: number) => n * k + k;
const bn = (c: number) => 2 * c; // γ, β (moving mean and variance are non-trainable)
const basic = (d: number, k: number, project: boolean) =>
  conv(3, d, k, false) + bn(k) + conv(3, k, k, false) + bn(k) + (project ? conv(1, d, k, false) + bn(k) : 0);
const inception = (d: number, a: number, br: number, b: number, cr: number, c: number, pp: number) =>
  conv(1, d, a) + conv(1, d, br) + conv(3, br, b) + conv(1, d, cr) + conv(5, cr, c) + conv(1, d, pp);

// [id, trainable, non-trainable, source]
const expected: [string, number, number, string][] = [
  ['blank', 7_850, 0, 'Input 28×28×1 → Flatten → Output 10: 784·10 + 10'],
  ['lenet5', 61_706, 0, 'Keras LeNet-5 on 28×28 with C1 padding 2'],
  ['alexnet', 62_378_344, 0, 'one-tower AlexNet with biases'],
  ['vgg16', 138_357_544, 0, 'Simonyan & Zisserman 2015 / Keras VGG16'],
  ['resnet18', 11_689_512, 9_600, 'torchvision resnet18 (buffers: 4,800 BN channels × 2)'],
  // conv 3×3·3·16 + BN, 3 blocks 16→16, 32 (first projects 16→32), 64 (first projects 32→64), softmax 64→10
  ['resnet20', 272_474, 1_568, 'He 2016 §4.2 (≈0.27 M) with option-B projections, summed by hand'],
  ['inception', 532_410, 0, 'stem 3×3·3·64, inception 3a on 64 channels, 3b on 256, softmax 480→10, summed by hand'],
  ['pattern', 218_490, 0, '3×3 convs 1→16→16, 16→32→32, FC 7·7·32→128, 128→10, summed by hand'],
];

describe('templates', () => {
  it('the hand sums above are the expected values', () => {
    const resnet20 = conv(3, 3, 16, false) + bn(16) + 3 * basic(16, 16, false) + basic(16, 32, true) + 2 * basic(32, 32, false) +
      basic(32, 64, true) + 2 * basic(64, 64, false) + dense(64, 10);
    const inceptionNet = conv(3, 3, 64) + inception(64, 64, 96, 128, 16, 32, 32) + inception(256, 128, 128, 192, 32, 96, 64) + dense(480, 10);
    const pattern = conv(3, 1, 16) + conv(3, 16, 16) + conv(3, 16, 32) + conv(3, 32, 32) + dense(7 * 7 * 32, 128) + dense(128, 10);
    const lenet5 = conv(5, 1, 6) + conv(5, 6, 16) + dense(400, 120) + dense(120, 84) + dense(84, 10);
    const byId = Object.fromEntries(expected.map(([id, n]) => [id, n]));
    expect([resnet20, inceptionNet, pattern, lenet5]).toEqual([byId.resnet20, byId.inception, byId.pattern, byId.lenet5]);
  });

  it('covers every template', () => {
    expect(expected.map(([id]) => id).sort()).toEqual(templates.map((t) => t.id).sort());
  });

  it.each(expected)('%s has %i trainable and %i non-trainable parameters (%s), with no errors or warnings', (id, trainable, nonTrainable) => {
    const t = templates.find((x) => x.id === id)!;
    const a = analyzeGraph(t.build().graph);
    expect(a.issues).toEqual([]);
    expect(a.nodes[a.outputNodeId!].outputShape).toHaveLength(1);
    expect([a.totals.trainable, a.totals.nonTrainable]).toEqual([trainable, nonTrainable]);
    // The description states the count the user will see.
    expect(t.description).toContain(trainable.toLocaleString('en-US'));
  });

  it.each(templates.map((t) => [t.id, t] as const))('%s is a project document laid out in rows, read like text', (_id, t) => {
    const made = t.build();
    const doc = ProjectDocSchema.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, ...made });
    expect(doc.name).toBe(made.name);
    const at = new Map(doc.graph.nodes.map((n) => [n.id, n.position!]));
    expect(new Set([...at.values()].map((p) => `${p.x},${p.y}`)).size).toBe(doc.graph.nodes.length);
    // Each edge goes right within its row, or on to a later row.
    for (const e of doc.graph.edges) {
      const [s, d] = [at.get(e.source)!, at.get(e.target)!];
      expect(d.y > s.y || (d.y === s.y && d.x > s.x), e.id).toBe(true);
    }
  });

  it.each([
    ['lenet5', { C1: [28, 28, 6], S2: [14, 14, 6], C3: [10, 10, 16], S4: [5, 5, 16], flatten: [400], F5: [120], F6: [84], output: [10] }],
    ['alexnet', { conv2d1: [55, 55, 96], maxpooling2d1: [27, 27, 96], maxpooling2d2: [13, 13, 256], maxpooling2d3: [6, 6, 256], flatten1: [9216] }],
    ['vgg16', { stage1: [224, 224, 64], pool1: [112, 112, 64], stage3: [56, 56, 256], pool5: [7, 7, 512], flatten1: [25088] }],
    ['resnet18', { conv1: [112, 112, 64], pool1: [56, 56, 64], conv2_x: [56, 56, 64], conv3_x: [28, 28, 128], conv4_x: [14, 14, 256], conv5_x: [7, 7, 512], gap: [512] }],
    ['resnet20', { stage1: [32, 32, 16], stage2: [16, 16, 32], stage3: [8, 8, 64], gap: [64] }],
    ['inception', { pool1: [16, 16, 64], inception3a: [16, 16, 256], inception3b: [16, 16, 480], gap: [480] }],
  ] as const)('%s has the published feature-map sizes', (id, shapes) => {
    const a = analyzeGraph(templates.find((t) => t.id === id)!.build().graph);
    for (const [node, shape] of Object.entries(shapes)) expect(a.nodes[node]?.outputShape, node).toEqual(shape);
  });

  it.each([
    [{ k: 1, m: 1, n: 0, convFilters: [8], input: [8, 8, 1] as [number, number, number], classes: 3, kernelSize: 3 }, 'MaxPooling2D', conv(3, 1, 8) + dense(4 * 4 * 8, 3)],
    [
      { k: 2, m: 2, n: 1, convFilters: [4, 8], fcUnits: [16], input: [8, 8, 1] as [number, number, number], classes: 2, pool: 'l2' as const, kernelSize: 3 },
      'L2Pooling2D',
      conv(3, 1, 4) + conv(3, 4, 4) + conv(3, 4, 8) + conv(3, 8, 8) + dense(2 * 2 * 8, 16) + dense(16, 2),
    ],
    [
      { k: 3, m: 1, n: 2, convFilters: [5], fcUnits: [7, 3], input: [6, 6, 2] as [number, number, number], classes: 4, pool: 'avg' as const, kernelSize: 3 },
      'AveragePooling2D',
      conv(3, 2, 5) + 2 * conv(3, 5, 5) + dense(3 * 3 * 5, 7) + dense(7, 3) + dense(3, 4),
    ],
  ])('pattern builder %j uses %s and has the hand-computed count', (opts, pool, count) => {
    const doc = patternNet(opts);
    const a = analyzeGraph(doc.graph);
    expect(a.ok).toBe(true);
    const types = doc.graph.nodes.map((n) => n.type);
    expect(types.filter((t) => t === pool)).toHaveLength(opts.m);
    expect(types.filter((t) => t === 'Conv2D')).toHaveLength(opts.k * opts.m);
    expect(types.filter((t) => t === 'Dense')).toHaveLength(opts.n);
    expect(types.filter((t) => t === 'Activation')).toHaveLength(opts.k * opts.m + opts.n);
    expect(a.totals.trainable).toBe(count);
  });

  it('pattern builder refuses options that make no sense, saying which', () => {
    expect(() => patternNet({ k: 0 })).toThrow(/k/);
    expect(() => patternNet({ pool: 'median' as never })).toThrow(/pool/);
  });
});
