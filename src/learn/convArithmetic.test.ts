// The convolution arithmetic at a position equals the value in the conv node's own map (tfjs), for the
// lecture's cases (5×5 input, F = 3, S = 2, P = 0 → 2×2; P = 1 → 3×3 with padding cells marked −1) and for
// 'same' padding, dilation, a fused ReLU and a depthwise convolution.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildTfModelWithAnalysis } from '../train/buildTfModel';
import { layerActivations } from './activations';
import { axisPadding, convArithmetic } from './convArithmetic';
import { convArithmeticAt, convArithmeticParams, convFilters, convWeights } from './filters';
import { net, rng } from './testNets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// [name, input HWC, conv type, params, expected output H×W]
const cases: [string, [number, number, number], string, Record<string, unknown>, [number, number]][] = [
  ['lecture: 5×5, F=3, S=2, P=0', [5, 5, 3], 'Conv2D', { filters: 2, kernelSize: 3, strides: 2, padding: 0 }, [2, 2]],
  ['lecture: 5×5, F=3, S=2, P=1', [5, 5, 3], 'Conv2D', { filters: 2, kernelSize: 3, strides: 2, padding: 1 }, [3, 3]],
  ["'same', S=2 on 6×7", [6, 7, 2], 'Conv2D', { filters: 3, kernelSize: 3, strides: 2, padding: 'same' }, [3, 4]],
  ["'same', F=4 (uneven padding)", [6, 6, 1], 'Conv2D', { filters: 2, kernelSize: 4, padding: 'same' }, [6, 6]],
  ['dilation 2, valid', [9, 9, 2], 'Conv2D', { filters: 2, kernelSize: 3, dilation: 2 }, [5, 5]],
  ['fused ReLU, P=2', [8, 8, 1], 'Conv2D', { filters: 4, kernelSize: 5, padding: 2, activation: 'relu' }, [8, 8]],
  ['depthwise, multiplier 2, P=1, S=2', [7, 7, 3], 'DepthwiseConv2D', { kernelSize: 3, strides: 2, padding: 1, depthMultiplier: 2 }, [4, 4]],
];

describe('convArithmetic equals the map', () => {
  for (const [name, shape, type, params, [OH, OW]] of cases)
    it(name, async () => {
      const g = net(shape, [[type, params, 'conv'], ['Flatten', {}, 'flat'], ['Output', { classes: 2 }, 'output']]);
      const { model, analysis } = buildTfModelWithAnalysis(g, tf);
      // Non-zero biases, so the bias term is checked too.
      const layer = model.getLayer('conv');
      const [k, b] = layer.getWeights();
      const rand = rng(3);
      layer.setWeights([k, tf.tensor1d(Array.from({ length: b.size }, () => rand() - 0.5))]);
      const input = Float32Array.from({ length: shape[0] * shape[1] * shape[2] }, () => rand() * 2 - 1);
      const acts = await layerActivations(tf, g, model, input);
      const map = acts.find((a) => a.nodeId === 'conv')!;
      const C = analysis.nodes.conv.outputShape![2];
      expect(map.shape).toEqual([OH, OW, C]);
      const fused = params.activation === 'relu';
      const p = convArithmeticParams(g, model, 'conv', acts)!;
      for (let y = 0; y < OH; y++)
        for (let x = 0; x < OW; x++)
          for (let kk = 0; kk < C; kk++) {
            const r = convArithmetic(p, { y, x, k: kk });
            const want = map.data[(y * OW + x) * C + kk];
            expect(r.value).toBeCloseTo(r.dot + r.bias, 12);
            expect(fused ? r.activated! : r.value).toBeCloseTo(want, 5);
            if (!fused) expect(r.activated).toBeUndefined();
            // Padding taps read 0.
            r.rows.forEach((row, i) => r.cols.forEach((col, j) => (row < 0 || col < 0) && expect(r.patch[i][j].every((v) => v === 0)).toBe(true)));
          }
      expect(convArithmeticAt(g, model, 'conv', acts, { y: 0, x: 0, k: 0 })!.value).toBeCloseTo(convArithmetic(p, { y: 0, x: 0, k: 0 }).value, 12);
    });

  it('the lecture cases: taps, padding marks and patch shapes', async () => {
    const input = { nodeId: 'in', shape: [5, 5, 3], data: Float32Array.from({ length: 75 }, (_, i) => i), min: 0, max: 74 };
    const kernel = new Float32Array(3 * 3 * 3 * 2).fill(1);
    const base = { input, kernel, kernelShape: [3, 3, 3, 2] as [number, number, number, number], strides: [2, 2] as [number, number] };
    const p0 = convArithmetic({ ...base, padding: 0 }, { y: 1, x: 1, k: 1 });
    expect([p0.rows, p0.cols]).toEqual([[2, 3, 4], [2, 3, 4]]);
    expect(p0.patch.length).toBe(3);
    expect(p0.patch[0].length).toBe(3);
    expect(p0.patch[0][0]).toEqual([(2 * 5 + 2) * 3, (2 * 5 + 2) * 3 + 1, (2 * 5 + 2) * 3 + 2]);
    expect(p0.bias).toBe(0);
    expect(() => convArithmetic({ ...base, padding: 0 }, { y: 2, x: 0, k: 0 })).toThrow(/outside the output 2×2×2/);
    const p1 = convArithmetic({ ...base, padding: 1, bias: Float32Array.of(0.5, -1) }, { y: 0, x: 2, k: 1 });
    expect([p1.rows, p1.cols]).toEqual([[-1, 0, 1], [3, 4, -1]]);
    expect(p1.patch[0].flat().every((v) => v === 0)).toBe(true);
    expect(p1.bias).toBe(-1);
    expect(p1.value).toBe(p1.dot - 1);
  });

  it('axisPadding follows tfjs', () => {
    expect(axisPadding(5, 3, 2, 0)).toEqual({ before: 0, out: 2 });
    expect(axisPadding(5, 3, 2, 1)).toEqual({ before: 1, out: 3 });
    expect(axisPadding(6, 4, 1, 'same')).toEqual({ before: 1, out: 6 }); // total 3: 1 before, 2 after (TensorFlow)
    expect(axisPadding(7, 3, 2, 'same')).toEqual({ before: 1, out: 4 });
  });
});

describe('convFilters', () => {
  it('LeNet-5 C1: [6, 1, 5, 5], the tfjs HWIO kernel transposed to OIHW', async () => {
    const { lenet5 } = await import('../templates/lenet5');
    const g = lenet5().graph;
    const { model } = buildTfModelWithAnalysis(g, tf);
    const f = convFilters(g, model, 'C1')!;
    expect(f.shape).toEqual([6, 1, 5, 5]);
    expect(f.bias).toHaveLength(6);
    const hwio = model.getLayer('C1').getWeights()[0].dataSync();
    for (let k = 0; k < 6; k++) for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(f.data[((k * 1 + 0) * 5 + i) * 5 + j]).toBe(hwio[((i * 5 + j) * 1 + 0) * 6 + k]);
    expect(convFilters(g, model, 'C3')!.shape).toEqual([16, 6, 5, 5]);
    expect(convFilters(g, model, 'S2')).toBeUndefined();
    expect(convFilters(g, model, 'nope')).toBeUndefined();
    expect(convWeights(g, model, 'C1')).toMatchObject({ kernelShape: [5, 5, 1, 6], strides: [1, 1], padding: 2, dilation: [1, 1], activation: 'linear', depthwise: false });
  });

  it('a depthwise node: its grouped-conv weight [C·M, 1, F, F]', () => {
    const g = net([8, 8, 3], [['DepthwiseConv2D', { kernelSize: 3, depthMultiplier: 2 }, 'dw'], ['Flatten', {}, 'flat'], ['Output', { classes: 2 }, 'output']]);
    const { model } = buildTfModelWithAnalysis(g, tf);
    const f = convFilters(g, model, 'dw')!;
    expect(f.shape).toEqual([6, 1, 3, 3]);
    const k = model.getLayer('dw').getWeights()[0].dataSync(); // [3, 3, 3, 2]
    // output channel c·M + m, tap (i, j) = depthwise_kernel[i, j, c, m]
    expect(f.data[((2 * 2 + 1) * 3 + 1) * 3 + 2]).toBe(k[((1 * 3 + 2) * 3 + 2) * 2 + 1]);
  });
});
