// ResidualBlock (He et al. 2016): shapes, projection choice and parameter counts computed by hand,
// cross-checked against torchvision's ResNet-50 figures and against the tfjs model the block builds.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { residualBlock, expandResidual } from './residualBlock';
import { analyzeGraph, analyzeLayer } from '../analysis/analyzeGraph';
import { buildTfModel } from '../train/buildTfModel';
import type { Graph, Shape } from '../graph/schema';

const run = (params: Record<string, unknown>, input: Shape) => {
  const p = residualBlock.schema.parse(params);
  const r = analyzeLayer(residualBlock, p, [input]);
  const count = r.ok ? r.paramCount : undefined;
  return { p, r, count, exp: expandResidual(p, [input]) };
};

/** Input → block → GAP → Output, the smallest whole network around one block. */
const net = (params: Record<string, unknown>, [h, w, c]: Shape): Graph => ({
  nodes: [
    { id: 'in', type: 'Input', params: { height: h, width: w, channels: c } },
    { id: 'res', type: 'ResidualBlock', params },
    { id: 'gap', type: 'GlobalAveragePooling2D', params: {} },
    { id: 'out', type: 'Output', params: { classes: 3 } },
  ],
  edges: [
    { id: 'e0', source: 'in', target: 'res' },
    { id: 'e1', source: 'res', target: 'gap' },
    { id: 'e2', source: 'gap', target: 'out' },
  ],
});

// BN has 2 trainable (γ, β) and 2 non-trainable (moving mean, variance) numbers per channel.
// [case, params, input, output, projects, trainable, non-trainable]
const cases: [string, Record<string, unknown>, Shape, Shape, boolean, number, number][] = [
  ['basic, shape kept → identity', { filters: 64 }, [56, 56, 64], [56, 56, 64], false, 2 * 9 * 64 * 64 + 2 * 2 * 64, 2 * 2 * 64],
  // 9·64·128 + 9·128·128 + 1·64·128 (shortcut) + 3 BN·2·128
  ['basic, stride 2 and 64→128 → projection', { filters: 128, strides: 2 }, [56, 56, 64], [28, 28, 128], true, 73_728 + 147_456 + 8_192 + 768, 768],
  ['basic, channels change only (16→32) → projection', { filters: 32 }, [8, 8, 16], [8, 8, 32], true, 4_608 + 9_216 + 512 + 192, 192],
  ['basic, stride 2 only (16→16) → projection', { filters: 16, strides: 2 }, [32, 32, 16], [16, 16, 16], true, 2 * 2_304 + 256 + 96, 96],
  ["basic, projection 'always' on a kept shape", { filters: 16, projection: 'always' }, [8, 8, 16], [8, 8, 16], true, 2 * 2_304 + 256 + 96, 96],
  ['basic, odd size 7×7 with stride 2 → ⌈7/2⌉ = 4', { filters: 8, strides: 2 }, [7, 7, 8], [4, 4, 8], true, 2 * 576 + 64 + 3 * 16, 48],
  // without BN the convolutions keep their biases: 2·(9·16·16 + 16)
  ['basic without BN: biases on, identity', { filters: 16, batchNorm: false }, [8, 8, 16], [8, 8, 16], false, 2 * (2_304 + 16), 0],
  // torchvision resnet50.layer1[1]: 256·64 + 9·64·64 + 64·256 + BN 2·(64+64+256) = 70,400
  ['bottleneck, 256 → 256 identity (ResNet-50 conv2_x)', { filters: 64, kind: 'bottleneck' }, [56, 56, 256], [56, 56, 256], false, 70_400, 768],
  // torchvision resnet50.layer1[0] = 75,008 (1×1 projection 64→256)
  ['bottleneck, 64 → 256 projection (ResNet-50 layer1[0])', { filters: 64, kind: 'bottleneck' }, [56, 56, 64], [56, 56, 256], true, 75_008, 1_280],
  // torchvision resnet50.layer2[0] = 379,392 (stride 2 in the 3×3, 1×1/2 projection 256→512)
  ['bottleneck, stride 2, 256 → 512 (ResNet-50 layer2[0])', { filters: 128, kind: 'bottleneck', strides: 2 }, [56, 56, 256], [28, 28, 512], true, 379_392, 2_560],
];

describe('ResidualBlock (He et al. 2016)', () => {
  it.each(cases)('%s', (_case, params, input, output, projects, trainable, nonTrainable) => {
    const { r, count, exp } = run(params, input);
    expect(r.ok && r.shape).toEqual(output);
    expect(count).toEqual({ trainable, nonTrainable });
    const shortcut = exp.graph.nodes.find((n) => n.id === 'shortcut');
    expect(!!shortcut).toBe(projects);
    if (shortcut) expect(shortcut.params).toMatchObject({ kernelSize: 1, strides: residualBlock.schema.parse(params).strides });
    // The identity shortcut is the block input fed straight into the Add.
    expect(exp.entry).toEqual(projects ? ['conv1', 'shortcut'] : ['conv1', 'add']);
  });

  it('the expansion is a well-formed subgraph: entries have no inner inputs, every edge joins inner nodes', () => {
    for (const [, params, input] of cases) {
      const { exp } = run(params, input);
      const ids = new Set(exp.graph.nodes.map((n) => n.id));
      for (const e of exp.graph.edges) expect(ids.has(e.source) && ids.has(e.target), e.id).toBe(true);
      for (const id of exp.entry.filter((x) => x !== 'add')) expect(exp.graph.edges.some((e) => e.target === id), id).toBe(false);
      expect(exp.exit).toBe('relu');
    }
  });

  it('convolutions drop their bias exactly when BN follows (as torchvision)', () => {
    const withBn = run({ filters: 8, strides: 2 }, [8, 8, 4]).exp.graph.nodes.filter((n) => n.type === 'Conv2D');
    const noBn = run({ filters: 8, strides: 2, batchNorm: false }, [8, 8, 4]).exp.graph.nodes;
    expect(withBn.map((n) => n.params.useBias)).toEqual([false, false, false]);
    expect(noBn.filter((n) => n.type === 'Conv2D').map((n) => n.params.useBias)).toEqual([true, true, true]);
    expect(noBn.some((n) => n.type === 'BatchNormalization')).toBe(false);
  });

  it("receptive field: two 3×3 convs, the first with stride s, see 3 + 2·s pixels", () => {
    const a1 = analyzeGraph(net({ filters: 4 }, [16, 16, 4]));
    const a2 = analyzeGraph(net({ filters: 4, strides: 2 }, [16, 16, 4]));
    expect(a1.nodes.res.receptiveField).toEqual({ size: 5, jump: 1 });
    expect(a2.nodes.res.receptiveField).toEqual({ size: 7, jump: 2 });
  });

  it.each([
    ['channels change', { filters: 32, projection: 'never' }, [8, 8, 16], 'res: Add needs inputs of one shape but got 8×8×16 vs 8×8×32'],
    ['stride 2', { filters: 16, strides: 2, projection: 'never' }, [8, 8, 16], 'res: Add needs inputs of one shape but got 8×8×16 vs 4×4×16'],
  ] as const)("projection 'never' when the %s is an Add mismatch named on the block, with a fix", (_c, params, input, message) => {
    const a = analyzeGraph(net(params, [...input]));
    const errors = a.issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.nodeId, i.code])).toEqual([['res', 'add-shape-mismatch']]);
    expect(errors[0].message).toContain(message);
    expect(errors[0].fix?.action).toEqual({ kind: 'setParams', params: { projection: 'auto' } });
  });

  it('a flattened input is a rank problem named on the block', () => {
    const { r } = run({ filters: 8 }, [64]);
    expect(!r.ok && r.problem.code).toBe('rank-mismatch');
    expect(!r.ok && r.problem.args.name).toBeUndefined(); // the analysis names the block, not the layer inside
  });

  describe('the tfjs model agrees', () => {
    beforeAll(async () => {
      await tf.setBackend('cpu');
    });
    it.each(cases.filter(([, , input]) => input[0] <= 32))('%s', (_case, params, input, output) => {
      const graph = net(params, input);
      const a = analyzeGraph(graph);
      const model = buildTfModel(graph, tf, a);
      try {
        const block = a.nodes.res;
        expect(model.getLayer('res_relu').outputShape).toEqual([null, ...output]);
        expect(model.countParams()).toBe(a.totals.trainable + a.totals.nonTrainable);
        expect(block.paramCount.trainable + block.paramCount.nonTrainable).toBe(model.countParams() - (output[2] + 1) * 3);
      } finally {
        model.dispose();
      }
    });
  });
});
