// InceptionBlock (Szegedy et al. 2015, GoogLeNet Table 1): widths and parameter counts computed by hand
// (each convolution F·F·D·K + K), and the tfjs model the block builds.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { inceptionBlock, expandInception } from './inceptionBlock';
import { analyzeGraph, analyzeLayer } from '../analysis/analyzeGraph';
import { buildTfModel } from '../train/buildTfModel';
import type { Graph, Shape } from '../graph/schema';

const conv = (f: number, d: number, k: number) => f * f * d * k + k;
const widths = (c1x1: number, c3x3reduce: number, c3x3: number, c5x5reduce: number, c5x5: number, poolProj: number) =>
  ({ c1x1, c3x3reduce, c3x3, c5x5reduce, c5x5, poolProj });

// [GoogLeNet row, widths, input, output channels, trainable]
const rows: [string, ReturnType<typeof widths>, Shape, number, number][] = [
  // 12,352 + 18,528 + 110,720 + 3,088 + 12,832 + 6,176
  ['3a', widths(64, 96, 128, 16, 32, 32), [28, 28, 192], 64 + 128 + 32 + 32, 163_696],
  // 32,896 + 32,896 + 221,376 + 8,224 + 76,896 + 16,448
  ['3b', widths(128, 128, 192, 32, 96, 64), [28, 28, 256], 128 + 192 + 96 + 64, 388_736],
  // 92,352 + 46,176 + 179,920 + 7,696 + 19,248 + 30,784
  ['4a', widths(192, 96, 208, 16, 48, 64), [14, 14, 480], 192 + 208 + 48 + 64, 376_176],
  ['tiny on an odd 7×7 grid', widths(2, 3, 4, 1, 2, 3), [7, 7, 5], 2 + 4 + 2 + 3, conv(1, 5, 2) + conv(1, 5, 3) + conv(3, 3, 4) + conv(1, 5, 1) + conv(5, 1, 2) + conv(1, 5, 3)],
];

const net = (params: Record<string, unknown>, [h, w, c]: Shape): Graph => ({
  nodes: [
    { id: 'in', type: 'Input', params: { height: h, width: w, channels: c } },
    { id: 'inc', type: 'InceptionBlock', params },
    { id: 'gap', type: 'GlobalAveragePooling2D', params: {} },
    { id: 'out', type: 'Output', params: { classes: 2 } },
  ],
  edges: [
    { id: 'e0', source: 'in', target: 'inc' },
    { id: 'e1', source: 'inc', target: 'gap' },
    { id: 'e2', source: 'gap', target: 'out' },
  ],
});

describe('InceptionBlock (Szegedy et al. 2015)', () => {
  it.each(rows)('inception (%s): keeps H×W, concatenates the four branches, hand-computed parameters', (_row, w, input, channels, trainable) => {
    const p = inceptionBlock.schema.parse(w);
    const r = analyzeLayer(inceptionBlock, p, [input]);
    expect(r.ok && r.shape).toEqual([input[0], input[1], channels]);
    expect(r.ok && r.paramCount).toEqual({ trainable, nonTrainable: 0 });
  });

  it('the published 3a row sums to 163,696 with biases', () => {
    expect(conv(1, 192, 64) + conv(1, 192, 96) + conv(3, 96, 128) + conv(1, 192, 16) + conv(5, 16, 32) + conv(1, 192, 32)).toBe(163_696);
  });

  it('branches: 1×1; 1×1→3×3; 1×1→5×5; 3×3/1 max-pool→1×1, concatenated in that order, ReLU and bias on every conv', () => {
    const exp = expandInception(inceptionBlock.schema.parse(rows[0][1]), [rows[0][2]]);
    expect(exp.entry).toEqual(['b1_1x1', 'b2_reduce', 'b3_reduce', 'b4_pool']);
    const concatInputs = exp.graph.edges.filter((e) => e.target === exp.exit).sort((a, b) => a.targetSlot! - b.targetSlot!);
    expect(concatInputs.map((e) => e.source)).toEqual(['b1_1x1', 'b2_3x3', 'b3_5x5', 'b4_proj']);
    const convs = exp.graph.nodes.filter((n) => n.type === 'Conv2D');
    expect(convs.map((n) => n.params.kernelSize)).toEqual([1, 1, 3, 1, 5, 1]);
    for (const c of convs) expect(c.params).toMatchObject({ activation: 'relu', padding: 'same' });
    expect(exp.graph.nodes.find((n) => n.id === 'b4_pool')!.params).toMatchObject({ poolSize: 3, strides: 1, padding: 'same' });
  });

  it('receptive field grows by the 5×5 branch', () => {
    expect(analyzeGraph(net(rows[3][1], rows[3][2])).nodes.inc.receptiveField).toEqual({ size: 5, jump: 1 });
  });

  it('a flattened input is a rank problem named on the block', () => {
    const a = analyzeGraph({
      nodes: [
        { id: 'in', type: 'Input', params: { height: 4, width: 4, channels: 1 } },
        { id: 'flat', type: 'Flatten', params: {} },
        { id: 'inc', type: 'InceptionBlock', params: {} },
        { id: 'out', type: 'Output', params: { classes: 2 } },
      ],
      edges: [
        { id: 'e0', source: 'in', target: 'flat' },
        { id: 'e1', source: 'flat', target: 'inc' },
        { id: 'e2', source: 'inc', target: 'out' },
      ],
    });
    const e = a.issues.find((i) => i.severity === 'error')!;
    expect([e.nodeId, e.code]).toEqual(['inc', 'rank-mismatch']);
    expect(e.message.startsWith('inc: expects a 3-D')).toBe(true);
  });

  describe('the tfjs model agrees', () => {
    beforeAll(async () => {
      await tf.setBackend('cpu');
    });
    it('tiny block on 7×7×5: output shape and parameters', () => {
      const [, w, input, channels] = rows[3];
      const graph = net(w, input);
      const a = analyzeGraph(graph);
      const model = buildTfModel(graph, tf, a);
      try {
        expect(model.getLayer('inc_concat').outputShape).toEqual([null, 7, 7, channels]);
        expect(model.countParams()).toBe(a.totals.trainable);
        expect(a.nodes.inc.paramCount.trainable).toBe(model.countParams() - (channels + 1) * 2);
      } finally {
        model.dispose();
      }
    });
  });
});
