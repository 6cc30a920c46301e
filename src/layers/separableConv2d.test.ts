// SeparableConv2D: the lecture-style worked example (shape and parameter count by hand), its tfjs build agreeing,
// and its output equal to a naive depthwise-then-pointwise loop over the same weights.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { getPrimitiveLayer } from './registry';
import type { Shape } from '../graph/schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const def = getPrimitiveLayer('SeparableConv2D')!;

function built(params: Record<string, unknown>, input: Shape) {
  const p = def.schema.parse(params);
  const x = tf.input({ shape: input });
  return { p, model: tf.model({ inputs: x, outputs: def.buildTf!({ tf, name: 'sep' }, p, [x]) }) };
}

describe('SeparableConv2D', () => {
  it('32×32×3, F = 3, m = 1, K = 16, same → 32×32×16 with 3·3·3 + 3·16 + 16 = 91 parameters', () => {
    const p = def.schema.parse({ filters: 16, kernelSize: 3, padding: 'same' });
    const r = def.outputShape(p, [[32, 32, 3]]);
    expect(r.ok && r.shape).toEqual([32, 32, 16]);
    const count = def.paramCount(p, [[32, 32, 3]], [32, 32, 16]);
    expect(count).toEqual({ trainable: 91, nonTrainable: 0 });
    const math = def.math!(p, [[32, 32, 3]], [32, 32, 16]);
    expect(math.params).toBe('F·F·D1·m + D1·m·K + K = 3·3·3·1 + 3·1·16 + 16 = 91');
    expect(math.shape).toContain('W2 = ⌈W1/S⌉ = ⌈32/1⌉ = 32');
    // A Conv2D of the same shape: (3·3·3)·16 + 16 = 448.
    const conv = getPrimitiveLayer('Conv2D')!;
    expect(conv.paramCount(conv.schema.parse({ filters: 16, kernelSize: 3, padding: 'same' }), [[32, 32, 3]], [32, 32, 16]).trainable).toBe(448);
    const { model } = built({ filters: 16, kernelSize: 3, padding: 'same' }, [32, 32, 3]);
    expect(model.countParams()).toBe(91);
    expect(model.outputs[0].shape.slice(1)).toEqual([32, 32, 16]);
    model.dispose();
  });

  it('valid padding: W2 = (W1 − F + 2P)/S + 1 = (9 − 3 + 0)/2 + 1 = 4; depth multiplier 2 doubles the depthwise maps', () => {
    const p = def.schema.parse({ filters: 5, kernelSize: 3, strides: 2, padding: 'valid', depthMultiplier: 2 });
    const r = def.outputShape(p, [[9, 9, 4]]);
    expect(r.ok && r.shape).toEqual([4, 4, 5]);
    // 3·3·4·2 + 4·2·5 + 5 = 72 + 40 + 5
    expect(def.paramCount(p, [[9, 9, 4]], [4, 4, 5]).trainable).toBe(117);
    expect(def.macs(p, [[9, 9, 4]], [4, 4, 5])).toBe(4 * 4 * 4 * 2 * (9 + 5));
  });

  // y[i, j, k] = b_k + Σ_{c, q} pw[c·m + q, k] · Σ_{u, v} x[i·S + u − P, j·S + v − P, c] · dw[u, v, c, q]
  function naive(x: number[][][], dw: number[][][][], pw: number[][][][], bias: number[] | undefined, S: number, pad: [number, number], out: Shape) {
    const [H, W, C] = [x.length, x[0].length, x[0][0].length];
    const F = dw.length;
    const m = dw[0][0][0].length;
    const K = pw[0][0][0].length;
    const at = (i: number, j: number, c: number) => (i < 0 || j < 0 || i >= H || j >= W ? 0 : x[i][j][c]);
    const y: number[] = [];
    for (let i = 0; i < out[0]; i++)
      for (let j = 0; j < out[1]; j++) {
        const mid: number[] = [];
        for (let c = 0; c < C; c++)
          for (let q = 0; q < m; q++) {
            let s = 0;
            for (let u = 0; u < F; u++) for (let v = 0; v < F; v++) s += at(i * S + u - pad[0], j * S + v - pad[1], c) * dw[u][v][c][q];
            mid.push(s);
          }
        for (let k = 0; k < K; k++) y.push((bias?.[k] ?? 0) + mid.reduce((acc, v, r) => acc + v * pw[0][0][r][k], 0));
      }
    return y;
  }

  it.each([
    [{ filters: 4, kernelSize: 3, padding: 'valid' }, [0, 0]],
    [{ filters: 3, kernelSize: 3, strides: 2, padding: 1, depthMultiplier: 2, useBias: false }, [1, 1]],
    [{ filters: 2, kernelSize: 2, padding: 'same' }, [0, 0]], // F = 2, S = 1: TF pads one after, none before
  ] as const)('%j equals a naive depthwise-then-pointwise loop', (params, pad) => {
    const input: Shape = [5, 6, 3];
    const { p, model } = built(params, input);
    const r = def.outputShape(p, [input]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const weights = model.weights.map((w, i) => tf.randomNormal(w.shape as number[], 0, 1, 'float32', 20 + i));
    model.setWeights(weights);
    const data = tf.randomNormal([1, ...input], 0, 1, 'float32', 3);
    const got = Array.from((model.predict(data) as tf.Tensor).dataSync());
    const [dw, pw, b] = weights.map((w) => w.arraySync());
    const want = naive((data.arraySync() as number[][][][])[0], dw as number[][][][], pw as number[][][][], p.useBias ? (b as number[]) : undefined, p.strides, pad as [number, number], r.shape);
    expect(got.length).toBe(want.length);
    want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 4));
    tf.dispose([...weights, data]);
    model.dispose();
  });

  it('keeps its depth multiplier through a tfjs save and load (tfjs alone writes none)', async () => {
    const { model } = built({ filters: 4, kernelSize: 3, depthMultiplier: 3 }, [6, 6, 2]);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([1, 6, 6, 2]);
    expect(tf.sub(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor).abs().max().dataSync()[0]).toBeLessThan(1e-6);
    model.dispose();
    loaded.dispose();
  });

  it.each([
    [{ filters: 8, kernel_size: [3, 3], strides: [1, 1], padding: 'same', depth_multiplier: 2, use_bias: false, activation: 'relu6', dilation_rate: [1, 1] }, { filters: 8, kernelSize: 3, strides: 1, padding: 'same', depthMultiplier: 2, useBias: false, activation: 'relu6' }],
    [{ filters: 4, kernel_size: [3, 3], dilation_rate: [2, 2] }, { unsupported: 'SeparableConv2D(dilation_rate=2)' }],
    [{ filters: 4, kernel_size: [3, 1] }, { unsupported: 'SeparableConv2D(non-square kernel, stride or dilation)' }],
  ])('reads the Keras config %j', (config, want) => {
    const r = def.keras!.read(config, 'SeparableConv2D');
    expect('params' in r ? r.params : r).toEqual(want);
  });
});
