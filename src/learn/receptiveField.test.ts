// receptiveFieldBox uses the analysis' own field size and jump and adds where the field starts. The box is
// checked against the gradient's support: on a linear network (no ReLU / max, so no pixel's gradient is
// zero by chance) the input pixels with a non-zero ∂out[y, x]/∂input are exactly the box.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { Graph } from '../graph/schema';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { lenet5 } from '../templates/lenet5';
import { buildTfModelWithAnalysis } from '../train/buildTfModel';
import { receptiveFieldBox, receptiveFieldOfNode } from './receptiveField';
import { net } from './testNets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The input pixels whose gradient of Σ_k node[y, x, k] is non-zero, as a box (undefined when none). */
function gradientBox(g: Graph, nodeId: string, y: number, x: number) {
  const { model, nodeOutputs, analysis } = buildTfModelWithAnalysis(g, tf);
  const [H, W, C] = analysis.nodes[analysis.inputNodeId!].outputShape!;
  const cut = tf.model({ inputs: model.inputs, outputs: nodeOutputs.get(nodeId)! });
  const grad = tf.tidy(() =>
    tf
      .grad((inp: tf.Tensor) => (cut.apply(inp) as tf.Tensor4D).slice([0, y, x, 0], [1, 1, 1, -1]).sum())(tf.randomUniform([1, H, W, C], 0.5, 1, 'float32', 1))
      .abs()
      .sum(3)
      .dataSync(),
  );
  let box: { top: number; left: number; bottom: number; right: number } | undefined;
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++)
      if (grad[r * W + c] !== 0) box = box ? { top: Math.min(box.top, r), left: Math.min(box.left, c), bottom: Math.max(box.bottom, r), right: Math.max(box.right, c) } : { top: r, left: c, bottom: r, right: c };
  model.dispose();
  return box;
}

describe('receptiveFieldBox', () => {
  it("LeNet-5's C3 sees 14×14 input pixels (C1 5×5 pad 2 → 5; S2 2×2/2 → 6, jump 2; C3 5×5 → 6 + 4·2 = 14)", () => {
    const g = lenet5().graph;
    const a = analyzeGraph(g);
    expect(a.nodes.C3.receptiveField).toEqual({ size: 14, jump: 2 });
    expect(receptiveFieldOfNode(g, a, 'C3')).toMatchObject({ size: 14, jump: 2, startY: -2, startX: -2 });
    // Inside the image: 14×14. C3 is 10×10; its (4, 4) sees rows and columns 6 … 19.
    expect(receptiveFieldBox(g, a, 'C3', 4, 4)).toEqual({ top: 6, left: 6, bottom: 19, right: 19 });
    // At the corner the field reaches into C1's padding and is clipped.
    expect(receptiveFieldBox(g, a, 'C3', 0, 9)).toEqual({ top: 0, left: 16, bottom: 11, right: 27 });
    expect(receptiveFieldBox(g, a, 'C1', 0, 0)).toEqual({ top: 0, left: 0, bottom: 2, right: 2 });
    expect(receptiveFieldBox(g, a, 'input', 5, 7)).toEqual({ top: 5, left: 7, bottom: 5, right: 7 });
    // A vector sees the whole image.
    expect(receptiveFieldBox(g, a, 'F5', 0, 0)).toEqual({ top: 0, left: 0, bottom: 27, right: 27 });
  });

  it("LeNet-5's C3: the box holds every pixel with a gradient (ReLU and max pooling may zero some)", () => {
    const g = lenet5().graph;
    const a = analyzeGraph(g);
    for (const [y, x] of [[4, 4], [0, 0], [9, 3]]) {
      const got = gradientBox(g, 'C3', y, x);
      const box = receptiveFieldBox(g, a, 'C3', y, x);
      if (!got) continue;
      expect(got.top).toBeGreaterThanOrEqual(box.top);
      expect(got.left).toBeGreaterThanOrEqual(box.left);
      expect(got.bottom).toBeLessThanOrEqual(box.bottom);
      expect(got.right).toBeLessThanOrEqual(box.right);
    }
  });

  // [name, input, steps, node, positions]
  const linear: [string, [number, number, number], Parameters<typeof net>[1], string, [number, number][]][] = [
    ['LeNet-5 with average pooling and no ReLU', [28, 28, 1], [['Conv2D', { filters: 2, kernelSize: 5, padding: 2 }, 'C1'], ['AveragePooling2D', { poolSize: 2 }, 'S2'], ['Conv2D', { filters: 2, kernelSize: 5 }, 'C3']], 'C3', [[4, 4], [0, 0], [9, 2]]],
    ["'same' convs with stride 2", [17, 16, 1], [['Conv2D', { filters: 2, kernelSize: 3, strides: 2, padding: 'same' }, 'a'], ['Conv2D', { filters: 2, kernelSize: 4, padding: 'same' }, 'b'], ['Conv2D', { filters: 2, kernelSize: 3, strides: 2, padding: 'same' }, 'c']], 'c', [[2, 2], [0, 0], [4, 3]]],
    // Dilated convs differentiate through src/kernels/dilatedConv.ts (stock tfjs has no gradient for them).
    ['dilated convs: d2 same, then d3', [20, 20, 1], [['Conv2D', { filters: 2, kernelSize: 3, dilation: 2, padding: 'same' }, 'a'], ['Conv2D', { filters: 2, kernelSize: 3, dilation: 3 }, 'b']], 'b', [[0, 0], [7, 7], [13, 2]]],
    ['zero padding, a strided conv, overlapping pooling, depthwise', [23, 23, 1], [['ZeroPadding2D', { padding: 1 }, 'zp'], ['Conv2D', { filters: 2, kernelSize: 3, strides: 2 }, 'a'], ['AveragePooling2D', { poolSize: 3, strides: 2 }, 'p'], ['DepthwiseConv2D', { kernelSize: 3, padding: 1 }, 'b']], 'b', [[2, 2], [0, 0], [4, 1]]],
  ];
  for (const [name, input, steps, node, positions] of linear)
    it(`${name}: the box is exactly the gradient's support`, () => {
      const g = net(input, [...steps, ['Flatten', {}, 'flat'], ['Output', { classes: 2 }, 'output']]);
      const a = analyzeGraph(g);
      expect(a.ok).toBe(true);
      for (const [y, x] of positions) expect(receptiveFieldBox(g, a, node, y, x), `${y},${x}`).toEqual(gradientBox(g, node, y, x));
    });
});
