// Inside composite blocks, the learn views read the model's own tensors: on ResNet-20 and the Inception net
// (seeded weights, a real MNIST digit placed in the 32×32×3 input), every inner node's map equals a tf.model
// cut at that inner layer; a model loaded from saved files (no build maps) finds the same layers by name;
// Grad-CAM at an inner conv equals the formula computed directly through the rest of the network written
// out by hand; an inner conv's filters and the arithmetic at a pixel give the value in its map.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../kernels/index';
import { loadMnist } from '../../node/data/ensureMnist';
import type { Graph } from '../graph/schema';
import { resnet20 } from '../templates/resnet';
import { inceptionNet } from '../templates/inception';
import { buildTfModelWithAnalysis, type BuiltModel } from '../train/buildTfModel';
import { layerActivations, type NodeActivation } from './activations';
import { innerNodes, outputPathOf, walkNodes } from './blockInsides';
import { convArithmeticAt, convFilters } from './filters';
import { gradCam } from './gradCam';
import { gradCams } from './gradCams';
import { seedWeights } from './testNets';

let digit: Float32Array;
const nets: Record<string, { graph: Graph; built: BuiltModel }> = {};

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  const mnist = await loadMnist();
  // Digit #0 (a 5) centred in a 32×32 frame, the same grey in all three channels.
  digit = new Float32Array(32 * 32 * 3);
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) for (let c = 0; c < 3; c++) digit[((y + 2) * 32 + x + 2) * 3 + c] = mnist.images[y * 28 + x] / 255;
  for (const [name, graph] of [['resnet20', resnet20().graph], ['inception', inceptionNet().graph]] as const) {
    const built = buildTfModelWithAnalysis(graph, tf);
    seedWeights(tf, built.model, 3);
    nets[name] = { graph, built };
  }
}, 120_000);

const cutAt = (model: tf.LayersModel, layerName: string) => {
  for (const n of [`${layerName}_act`, layerName])
    try {
      return tf.model({ inputs: model.inputs, outputs: model.getLayer(n).output as tf.SymbolicTensor });
    } catch {
      /* next */
    }
  throw new Error(`no layer ${layerName}`);
};

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

describe('layerActivations with { inside: true }', () => {
  for (const name of ['resnet20', 'inception'])
    it(`${name}: every inner node right after its block, each equal to the model cut at its layer`, { timeout: 120_000 }, async () => {
      const { graph, built } = nets[name];
      const acts = await layerActivations(tf, graph, built.model, digit, { inside: true });
      expect(acts.map((a) => a.nodeId)).toEqual(walkNodes(graph).map((w) => w.path));
      const top = await layerActivations(tf, graph, built.model, digit);
      expect(top.map((a) => a.nodeId)).toEqual(built.analysis.order);
      const inner = innerNodes(graph);
      expect(inner.length).toBeGreaterThan(0);
      const x = tf.tensor4d(digit, [1, 32, 32, 3]);
      for (const n of inner) {
        const act = acts.find((a) => a.nodeId === n.path)!;
        expect(act.shape, n.path).toEqual(n.outputShape);
        // A composite inside a block (a stage's ResidualBlock) has its exit layer's map.
        const cut = cutAt(built.model, built.innerLayerNames.get(outputPathOf(graph, n.path))!);
        const ref = tf.tidy(() => (cut.predict(x) as tf.Tensor).dataSync());
        expect(maxDiff(act.data, ref), n.path).toBeLessThanOrEqual(1e-5);
      }
      x.dispose();
      // A block's own map is its exit node's.
      for (const block of new Set(inner.map((n) => n.block))) {
        const last = inner.filter((n) => n.block === block).at(-1)!;
        expect(Array.from(acts.find((a) => a.nodeId === block)!.data), block).toEqual(Array.from(acts.find((a) => a.nodeId === last.path)!.data));
      }
    });

  it('resnet20 loaded from saved files (no build maps): the inner layers found by name, the same maps', { timeout: 120_000 }, async () => {
    const { graph, built } = nets.resnet20;
    let artifacts: tf.io.ModelArtifacts | undefined;
    await built.model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const [mine, theirs] = [await layerActivations(tf, graph, built.model, digit, { inside: true }), await layerActivations(tf, graph, loaded, digit, { inside: true })];
    expect(theirs.map((a) => a.nodeId)).toEqual(mine.map((a) => a.nodeId));
    theirs.forEach((a, i) => expect(maxDiff(a.data, mine[i].data), a.nodeId).toBeLessThanOrEqual(1e-6));
    const cam = await gradCam(tf, graph, loaded, digit, 'stage3/repeat_3/conv2');
    expect(cam.cam.length).toBe(8 * 8);
    loaded.dispose();
  });
});

/** Grad-CAM from A and a score function written out by hand: tf.grad, then α and the weighted sum in loops. */
function directCam(A: tf.Tensor4D, score: (a: tf.Tensor4D) => tf.Scalar): number[] {
  return tf.tidy(() => {
    const g = tf.grad((a) => score(a as tf.Tensor4D))(A).dataSync();
    const a = A.dataSync();
    const [, H, W, C] = A.shape;
    const alpha = new Array<number>(C).fill(0);
    for (let i = 0; i < H * W; i++) for (let k = 0; k < C; k++) alpha[k] += g[i * C + k] / (H * W);
    const cam = Array.from({ length: H * W }, (_, i) => {
      let s = 0;
      for (let k = 0; k < C; k++) s += alpha[k] * a[i * C + k];
      return Math.max(0, s);
    });
    const max = Math.max(...cam);
    return cam.map((v) => (max > 0 ? v / max : 0));
  });
}

describe('gradCam at an inner node', () => {
  const apply = (model: tf.LayersModel, name: string, x: tf.Tensor | tf.Tensor[]) => model.getLayer(name).apply(x) as tf.Tensor;
  /** The Output layer's pre-softmax score of class c: h·W + b. */
  const logit = (model: tf.LayersModel, h: tf.Tensor, c: number) => {
    const [kernel, bias] = model.getLayer('output').getWeights();
    return tf.add(tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D), bias).slice([0, c], [1, 1]).sum() as tf.Scalar;
  };
  const value = (model: tf.LayersModel, layer: string) => cutAt(model, layer).predict(tf.tensor4d(digit, [1, 32, 32, 3])) as tf.Tensor4D;

  // [net, inner path, class, the rest of the network from A to the score, by hand]
  const cases: [string, string, number, (m: tf.LayersModel) => (a: tf.Tensor4D) => tf.Scalar][] = [
    // The last residual block (stage 3's third repeat, identity shortcut): A → bn → + the second repeat's output → ReLU → GAP → Output.
    ['resnet20', 'stage3/repeat_3/conv2', 3, (m) => {
      const skip = value(m, 'stage3_repeat_2_relu');
      return (a) => logit(m, apply(m, 'gap', tf.relu(tf.add(apply(m, 'stage3_repeat_3_conv2_bn', a), skip))), 3);
    }],
    ['resnet20', 'stage3/repeat_3/conv1', 5, (m) => {
      const skip = value(m, 'stage3_repeat_2_relu');
      return (a) => {
        const main = apply(m, 'stage3_repeat_3_conv2_bn', apply(m, 'stage3_repeat_3_conv2', tf.relu(apply(m, 'stage3_repeat_3_conv1_bn', a))));
        return logit(m, apply(m, 'gap', tf.relu(tf.add(main, skip))), 5);
      };
    }],
    // Inception 3b's 3×3 branch: A joins the other three branches in the concat → pool2 → GAP → (dropout) → Output.
    ['inception', 'inception3b/b2_3x3', 1, (m) => {
      const [b1, b3, b4] = ['inception3b_b1_1x1', 'inception3b_b3_5x5', 'inception3b_b4_proj'].map((l) => value(m, l));
      return (a) => logit(m, apply(m, 'gap', apply(m, 'pool2', tf.concat([b1, a, b3, b4], 3))), 1);
    }],
  ];
  for (const [name, path, c, rest] of cases)
    it(`${name} ${path}, class ${c}: equals the direct computation`, { timeout: 60_000 }, async () => {
      const { graph, built } = nets[name];
      const got = await gradCam(tf, graph, built.model, digit, path, c);
      expect(got.nodeId).toBe(path);
      const A = value(built.model, built.innerLayerNames.get(path)!);
      expect([got.height, got.width]).toEqual(A.shape.slice(1, 3));
      const ref = directCam(A, rest(built.model));
      A.dispose();
      expect(ref.some((v) => v > 0)).toBe(true);
      expect(maxDiff(got.cam, ref)).toBeLessThan(1e-4);
    });
});

describe('gradCams: every spatial node from one backward pass', () => {
  for (const [name, cls] of [['resnet20', 2], ['inception', undefined]] as const)
    it(`${name}, class ${cls ?? 'predicted'}: equals gradCam node by node`, { timeout: 120_000 }, async () => {
      const { graph, built } = nets[name];
      const spatial = walkNodes(graph).filter((w) => w.analysis.outputShape?.length === 3 && w.node.type !== 'Input').map((w) => w.path);
      const all = await gradCams(tf, graph, built.model, digit, spatial, cls);
      expect(all.map((c) => c.nodeId)).toEqual(spatial);
      // Every seventh node (blocks, inner layers, the stem) and the last, each by its own backward pass.
      const picked = spatial.filter((_, i) => i % 7 === 0 || i === spatial.length - 1);
      for (const id of picked) {
        const one = await gradCam(tf, graph, built.model, digit, id, cls);
        const got = all[spatial.indexOf(id)];
        expect([got.classIndex, got.height, got.width], id).toEqual([one.classIndex, one.height, one.width]);
        expect(maxDiff(got.cam, one.cam), id).toBeLessThan(1e-4);
      }
      const before = tf.memory().numTensors;
      await gradCams(tf, graph, built.model, digit, spatial.slice(0, 3), cls);
      expect(tf.memory().numTensors).toBe(before);
    });
});

describe('an inner conv: filters and the arithmetic', () => {
  // [net, inner conv path, filters shape [K, C, F, F]]
  const cases: [string, string, number[]][] = [
    ['resnet20', 'stage2/repeat_1/conv1', [32, 16, 3, 3]],
    ['resnet20', 'stage2/repeat_1/shortcut', [32, 16, 1, 1]],
    ['inception', 'inception3a/b3_5x5', [32, 16, 5, 5]],
  ];
  for (const [name, path, shape] of cases)
    it(`${name} ${path}: kernels ${shape.join('×')}; the arithmetic at a pixel is the map's value`, async () => {
      const { graph, built } = nets[name];
      const f = convFilters(graph, built.model, path)!;
      expect(f.shape).toEqual(shape);
      const kernel = built.model.getLayer(built.innerLayerNames.get(path)!).getWeights()[0];
      expect(f.data.length).toBe(kernel.size);
      const acts: NodeActivation[] = await layerActivations(tf, graph, built.model, digit, { inside: true });
      const act = acts.find((a) => a.nodeId === path)!;
      const [H, W, K] = act.shape;
      for (const [y, x, k] of [[0, 0, 0], [Math.floor(H / 2), Math.floor(W / 3), K - 1]]) {
        const a = convArithmeticAt(graph, built.model, path, acts, { y, x, k })!;
        expect(a.activated ?? a.value).toBeCloseTo(act.data[(y * W + x) * K + k], 4);
      }
    });
});
