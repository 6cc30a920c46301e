// Grad-CAM equals the formula computed directly (tf.grad of the explicit pre-softmax score, then the α-weighted
// sum in plain loops), and on images whose class is where a bright square sits, the CAM's peak is on the square's half.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../kernels/index';
import { loadMnist } from '../../node/data/ensureMnist';
import type { InMemoryDataset } from '../data/dataset';
import { lenet5 } from '../templates/lenet5';
import { buildTfModelWithAnalysis, type BuiltModel } from '../train/buildTfModel';
import { defaultCamNode, gradCam } from './gradCam';
import { nodeTensors } from './nodeTensors';
import { fitFew, net, rng, sampleInput, seedWeights, squareImage, trainedLenet5 } from './testNets';

let mnist: InMemoryDataset;
let built: BuiltModel;
const graph = lenet5().graph;

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  mnist = await loadMnist();
  built = await trainedLenet5(tf, mnist, graph);
}, 120_000);

/**
 * The reference: LeNet-5 is a chain, so the layers after the node's last layer are applied one by one to A
 * and the score is z = h·W + b with the Output layer's kernel and bias (that layer applies softmax; the score
 * is before it). α and the weighted sum are plain loops.
 */
function directCam(model: tf.LayersModel, layerName: string, input: Float32Array, c: number): { cam: number[]; H: number; W: number } {
  const layers = model.layers;
  const at = layers.findIndex((l) => l.name === layerName);
  const head = layers.slice(at + 1, -1);
  const out = layers.at(-1)!;
  const cut = tf.model({ inputs: model.inputs, outputs: layers[at].output as tf.SymbolicTensor });
  return tf.tidy(() => {
    const A = cut.predict(tf.tensor4d(input, [1, 28, 28, 1])) as tf.Tensor4D;
    const [kernel, bias] = out.getWeights();
    const score = (a: tf.Tensor) => {
      let h = a;
      for (const l of head) h = l.apply(h) as tf.Tensor;
      return tf.add(tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D), bias).slice([0, c], [1, 1]).sum();
    };
    const g = tf.grad(score)(A).dataSync();
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
    return { cam: cam.map((v) => (max > 0 ? v / max : 0)), H, W };
  });
}

describe('gradCam (LeNet-5, real digits)', () => {
  it('defaults to the last spatial node: S4', () => {
    expect(defaultCamNode(graph, built.analysis)).toBe('S4');
  });

  // [sample, node, class (undefined = predicted)]
  const cases: [number, string, number | undefined][] = [
    [0, 'S4', undefined],
    [1, 'S4', 3],
    [2, 'C3', undefined],
    [3, 'C1', 7],
    [4, 'activation2', undefined],
  ];
  for (const [sample, node, cls] of cases)
    it(`digit #${sample}, ${node}, class ${cls ?? 'predicted'}: equals the direct computation`, async () => {
      const input = sampleInput(mnist, sample);
      const got = await gradCam(tf, graph, built.model, input, node === 'S4' && cls === undefined ? undefined : node, cls);
      const probs = (built.model.predict(tf.tensor4d(input, [1, 28, 28, 1])) as tf.Tensor).dataSync();
      const predicted = probs.indexOf(Math.max(...probs));
      expect(got.nodeId).toBe(node);
      expect(got.classIndex).toBe(cls ?? predicted);
      const ref = directCam(built.model, built.nodeLayerNames.get(node)!, input, got.classIndex);
      expect([got.height, got.width]).toEqual([ref.H, ref.W]);
      expect([got.height, got.width]).toEqual(built.analysis.nodes[node].outputShape!.slice(0, 2));
      let diff = 0;
      for (let i = 0; i < ref.cam.length; i++) diff = Math.max(diff, Math.abs(got.cam[i] - ref.cam[i]));
      expect(diff).toBeLessThan(1e-4);
      const max = Math.max(...got.cam);
      expect(max === 1 || max === 0).toBe(true);
    });

  it('leaks no tensors', async () => {
    const input = sampleInput(mnist, 5);
    await gradCam(tf, graph, built.model, input);
    const before = tf.memory().numTensors;
    await gradCam(tf, graph, built.model, input, 'C3', 2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a network without feature maps has no default node, and gradCam says so', async () => {
    const g = net([4, 4, 1], [['Flatten', {}, 'flat'], ['Dense', { units: 3 }, 'fc'], ['Output', { classes: 2 }, 'output']]);
    const b = buildTfModelWithAnalysis(g, tf);
    expect(defaultCamNode(g, b.analysis)).toBeUndefined();
    await expect(gradCam(tf, g, b.model, new Float32Array(16))).rejects.toThrow(/no layer with feature maps/);
  });

  it('refuses a vector node and a class out of range', async () => {
    const input = sampleInput(mnist, 0);
    await expect(gradCam(tf, graph, built.model, input, 'F5')).rejects.toThrow(/no feature maps/);
    await expect(gradCam(tf, graph, built.model, input, 'C3', 10)).rejects.toThrow(/not one of the 10 classes/);
  });
});

describe('gradCam on where-is-the-square images', () => {
  it('peaks on the half that holds the square', { timeout: 120_000 }, async () => {
    const g = net(
      [28, 28, 1],
      [
        ['Conv2D', { filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }, 'conv1'],
        ['MaxPooling2D', { poolSize: 2 }, 'pool1'],
        ['Conv2D', { filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }, 'conv2'],
        ['GlobalAveragePooling2D', {}, 'gap'],
        ['Output', { classes: 2 }, 'output'],
      ],
    );
    const b = buildTfModelWithAnalysis(g, tf);
    seedWeights(tf, b.model, 5); // seeds 1–5 all pass; tfjs' own initialisers are not seeded
    const rand = rng(11);
    const train = Array.from({ length: 512 }, (_, i) => ({ ...squareImage(rand, i % 2), cls: i % 2 }));
    // 512 images × 8 epochs / 16 per batch = 256 steps.
    await fitFew(tf, b.model, train.map((s) => s.x), train.map((s) => s.cls), [28, 28, 1], 2, { epochs: 8, batchSize: 16, lr: 0.01 });
    expect(defaultCamNode(g, b.analysis)).toBe('conv2');
    let onSquareHalf = 0;
    let onSquare = 0;
    const tests = Array.from({ length: 20 }, (_, i) => ({ ...squareImage(rand, i % 2), cls: i % 2 }));
    for (const t of tests) {
      const cam = await gradCam(tf, g, b.model, t.x, undefined, t.cls);
      expect([cam.height, cam.width]).toEqual([14, 14]);
      const peak = cam.cam.indexOf(Math.max(...cam.cam));
      const py = Math.floor(peak / 14) * 2 + 0.5; // centre of the 2×2 input block of the 14×14 map
      const px = (peak % 14) * 2 + 0.5;
      if ((px < 14 ? 0 : 1) === t.cls) onSquareHalf++;
      if (py >= t.top - 3 && py <= t.top + 9 && px >= t.left - 3 && px <= t.left + 9) onSquare++; // the square ± 3 px (its edges)
    }
    expect(onSquareHalf).toBe(tests.length);
    expect(onSquare).toBeGreaterThanOrEqual(tests.length * 0.8);
  });
});

describe('gradCam through dilated convolutions (their gradient: src/kernels/dilatedConv.ts)', () => {
  // conv1 → c2 (d2, same) → pool → c3 (d3, valid) → Output, trained a little on real digits.
  const dilated = (F: (d: number) => number, d: (d: number) => number) =>
    net([28, 28, 1], [
      ['Conv2D', { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }, 'conv1'],
      ['Conv2D', { filters: 6, kernelSize: F(2), dilation: d(2), padding: 'same', activation: 'relu' }, 'c2'],
      ['MaxPooling2D', { poolSize: 2 }, 'pool'],
      ['Conv2D', { filters: 8, kernelSize: F(3), dilation: d(3), activation: 'relu' }, 'c3'],
      ['Flatten', {}, 'flat'],
      ['Output', { classes: 10 }, 'output'],
    ]);
  const g = dilated(() => 3, (d) => d);
  // The same net with each kernel written out zero-dilated (size (3 − 1)·d + 1, dilation 1): stock tfjs differentiates it.
  const twin = dilated((d) => 2 * d + 1, () => 1);
  let b: BuiltModel;
  let t: BuiltModel;
  beforeAll(async () => {
    b = buildTfModelWithAnalysis(g, tf);
    seedWeights(tf, b.model, 2);
    const xs = Array.from({ length: 128 }, (_, i) => sampleInput(mnist, i));
    await fitFew(tf, b.model, xs, Array.from(mnist.labels.slice(0, 128)), [28, 28, 1], 10, { epochs: 1, batchSize: 32 });
    t = buildTfModelWithAnalysis(twin, tf);
    for (const layer of b.model.layers) {
      const d = (layer.getConfig() as { dilationRate?: number[] | number }).dilationRate;
      const rate = Array.isArray(d) ? d[0] : (d ?? 1);
      const w = layer.getWeights();
      if (!w.length) continue;
      if (rate === 1) t.model.getLayer(layer.name).setWeights(w);
      else {
        const [F, , C, K] = w[0].shape;
        const big = (F - 1) * rate + 1;
        const k = w[0].dataSync();
        const z = new Float32Array(big * big * C * K);
        for (let y = 0; y < F; y++) for (let x = 0; x < F; x++) for (let i = 0; i < C * K; i++) z[(y * rate * big + x * rate) * C * K + i] = k[(y * F + x) * C * K + i];
        t.model.getLayer(layer.name).setWeights([tf.tensor4d(z, [big, big, C, K]), ...w.slice(1)]);
      }
    }
  }, 120_000);

  // [sample, node, class (undefined = predicted)]: at the dilated nodes themselves and before them.
  const cases: [number, string, number | undefined][] = [
    [0, 'conv1', undefined],
    [1, 'c2', undefined],
    [2, 'c2', 4],
    [3, 'c3', undefined],
  ];
  for (const [sample, node, cls] of cases)
    it(`digit #${sample}, ${node}, class ${cls ?? 'predicted'}: equals the direct computation on the zero-dilated twin`, async () => {
      const input = sampleInput(mnist, sample);
      const same = relativeDiff((b.model.predict(tf.tensor4d(input, [1, 28, 28, 1])) as tf.Tensor).dataSync(), (t.model.predict(tf.tensor4d(input, [1, 28, 28, 1])) as tf.Tensor).dataSync());
      expect(same, 'the twin predicts the same').toBeLessThan(1e-5);
      const got = await gradCam(tf, g, b.model, input, node, cls);
      // The node's output is its ReLU's (the conv's activation is a layer of its own in tfjs).
      const last = nodeTensors(twin, t.model, t.analysis.order).outputs.get(node)!.sourceLayer.name;
      const ref = directCam(t.model, last, input, got.classIndex);
      expect([got.height, got.width]).toEqual([ref.H, ref.W]);
      let diff = 0;
      for (let i = 0; i < ref.cam.length; i++) diff = Math.max(diff, Math.abs(got.cam[i] - ref.cam[i]));
      expect(diff).toBeLessThan(1e-4);
      expect(Math.max(...got.cam)).toBe(1);
    });
});

function relativeDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 1e-12;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}
