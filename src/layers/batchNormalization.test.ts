// Our training-mode BatchNormalization (one customGrad op; fused kernels on cpu/wasm, composed ops elsewhere)
// against tfjs-layers' stock BatchNormalization in training mode: outputs, gradients for x, γ, β and the moving
// statistics after several steps, on cpu and wasm, with and without our kernels; a finite-difference check; and
// a saved model that still reads as the stock layer.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchNormalization } from './batchNormalization';
import { registerFastKernels, unregisterFastKernels } from '../kernels/index';
import { hasFusedBatchNorm } from '../kernels/bn/batchNormTrain';
import { relativeError } from '../kernels/testing/compare';

const SHAPES: Array<{ name: string; x: number[]; momentum: number; epsilon: number; offset: number }> = [
  { name: 'conv, batch 2, C 3, odd 5×7', x: [2, 5, 7, 3], momentum: 0.99, epsilon: 1e-3, offset: 0 },
  { name: 'conv, batch 1, C 1, 9×9', x: [1, 9, 9, 1], momentum: 0.9, epsilon: 1e-3, offset: 0 },
  { name: 'conv, batch 2, C 16, 8×8', x: [2, 8, 8, 16], momentum: 0.99, epsilon: 1e-5, offset: 0 },
  { name: 'conv, batch 1, C 7, 3×1, mean ≫ std', x: [1, 3, 1, 7], momentum: 0.5, epsilon: 1e-3, offset: 50 },
  { name: 'dense, batch 2, C 10', x: [2, 10], momentum: 0.99, epsilon: 1e-3, offset: 0 },
  { name: 'dense, batch 5, C 33', x: [5, 33], momentum: 0.8, epsilon: 1e-2, offset: -3 },
];
const STEPS = 3;

type Case = (typeof SHAPES)[number];
interface Outcome {
  y: Float32Array[]; // per step
  grads: Float32Array[]; // dx, dγ, dβ of the last step
  weights: Float32Array[]; // γ, β, moving mean, moving variance after STEPS training calls
  initial: Float32Array[]; // the same before
}

/** STEPS training-mode calls of a layer (stock or ours) with γ, β set off their defaults. */
function run(layer: tf.layers.Layer, c: Case): Outcome {
  const C = c.x[c.x.length - 1];
  if (!layer.built) layer.build(c.x);
  layer.setWeights([
    tf.randomUniform([C], 0.5, 1.5, 'float32', 11),
    tf.randomUniform([C], -1, 1, 'float32', 12),
    tf.randomUniform([C], -0.5, 0.5, 'float32', 13),
    tf.randomUniform([C], 0.5, 2, 'float32', 14),
  ]);
  const initial = layer.getWeights().map((w) => w.dataSync() as Float32Array);
  const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const y: Float32Array[] = [];
  let grads: Float32Array[] = [];
  for (let step = 0; step < STEPS; step++) {
    tf.tidy(() => {
      // Per-channel offsets and scales, so every channel has its own mean and variance.
      const x = tf.variable(tf.randomNormal(c.x, c.offset, 1, 'float32', 20 + step).mul(tf.linspace(0.5, 2, C)).add(tf.linspace(-1, 1, C)));
      const r = tf.randomNormal(c.x, 0, 1, 'float32', 30 + step);
      const { grads: g } = tf.variableGrads(() => {
        const out = layer.apply(x, { training: true }) as tf.Tensor;
        y.push(out.dataSync() as Float32Array);
        return out.mul(r).sum() as tf.Scalar;
      }, [x, gamma, beta]);
      grads = [g[x.name], g[gamma.name], g[beta.name]].map((t) => t.dataSync() as Float32Array);
      x.dispose();
    });
  }
  const weights = layer.getWeights().map((w) => w.dataSync() as Float32Array);
  for (const w of layer.weights) w.dispose();
  return { y, grads, weights, initial };
}

const stockLayer = (c: Case) => tf.layers.batchNormalization({ axis: -1, momentum: c.momentum, epsilon: c.epsilon });
const ourLayer = (c: Case) => {
  const input = tf.input({ shape: c.x.slice(1) });
  const out = batchNormalization.buildTf!({ tf, name: `bn_${Math.random().toString(36).slice(2)}` }, { momentum: c.momentum, epsilon: c.epsilon }, [input]);
  return out.sourceLayer as tf.layers.Layer;
};


function expectClose(actual: Outcome, expected: Outcome): void {
  const pairs = [
    ...expected.y.map((e, i) => [`y step ${i}`, actual.y[i], e] as const),
    ...['dx', 'dγ', 'dβ'].map((n, i) => [n, actual.grads[i], expected.grads[i]] as const),
    ...['γ', 'β', 'moving mean', 'moving variance'].map((n, i) => [n, actual.weights[i], expected.weights[i]] as const),
  ];
  for (const [name, a, e] of pairs) {
    expect(a.length, name).toBe(e.length);
    expect(relativeError(a, e), name).toBeLessThanOrEqual(1e-4);
  }
  // The moving statistics did move (else equality above would prove nothing about the update).
  for (const i of [2, 3]) expect(relativeError(actual.weights[i], actual.initial[i])).toBeGreaterThan(1e-3);
}

let wasmReady = false;
beforeAll(async () => {
  setWasmPaths(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
  wasmReady = await tf.setBackend('wasm');
  await tf.setBackend('cpu');
});
afterAll(async () => {
  unregisterFastKernels(tf);
  await tf.setBackend('cpu');
});

describe.each([
  { backend: 'cpu', fused: true },
  { backend: 'cpu', fused: false },
  { backend: 'wasm', fused: true },
  { backend: 'wasm', fused: false },
])('training-mode BatchNormalization on $backend (fused kernels: $fused) equals the stock layer', ({ backend, fused }) => {
  it.each(SHAPES)('$name', async (c) => {
    expect(wasmReady || backend !== 'wasm', 'the wasm backend did not initialise').toBe(true);
    await tf.setBackend(backend);
    unregisterFastKernels(tf);
    const expected = run(stockLayer(c), c);
    if (fused) registerFastKernels(tf, { backends: [backend as 'cpu' | 'wasm'] });
    expect(hasFusedBatchNorm(tf)).toBe(fused);
    const actual = run(ourLayer(c), c);
    unregisterFastKernels(tf);
    expectClose(actual, expected);
  });
});

describe('training-mode BatchNormalization gradients', () => {
  // Central differences of L = Σ r·y in float32 (h = 1e-2): truncation ~h², rounding ~1e-6·|L|/h.
  it.each([{ fused: true }, { fused: false }])('match finite differences (fused kernels: $fused)', async ({ fused }) => {
    await tf.setBackend('cpu');
    unregisterFastKernels(tf);
    if (fused) registerFastKernels(tf, { backends: ['cpu'] });
    const c = SHAPES[0];
    const layer = ourLayer(c);
    const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    gamma.assign(tf.tensor1d([0.7, 1.3, 1.1]));
    beta.assign(tf.tensor1d([0.2, -0.4, 0.1]));
    const x = tf.variable(tf.randomNormal(c.x, 0.5, 1.5, 'float32', 3));
    const r = tf.randomNormal(c.x, 0, 1, 'float32', 4);
    const loss = () => tf.tidy(() => (layer.apply(x, { training: true }) as tf.Tensor).mul(r).sum() as tf.Scalar);
    const { grads } = tf.variableGrads(loss, [x, gamma, beta]);
    for (const v of [x, gamma, beta]) {
      const analytic = grads[v.name].dataSync();
      const values = v.dataSync().slice();
      const numeric = new Float32Array(values.length);
      const h = 1e-2;
      for (let i = 0; i < values.length; i++) {
        const at = (d: number) => {
          const moved = values.slice();
          moved[i] += d;
          v.assign(tf.tensor(moved, v.shape));
          return loss().dataSync()[0];
        };
        numeric[i] = (at(h) - at(-h)) / (2 * h);
      }
      v.assign(tf.tensor(values, v.shape));
      expect(relativeError(analytic as Float32Array, numeric), v.name).toBeLessThanOrEqual(5e-3);
    }
    unregisterFastKernels(tf);
    layer.dispose();
    tf.dispose([x, r]);
  });
});

describe('a model with our BatchNormalization saves as the stock layer', () => {
  it('keeps className, config and weight names, and loads back with equal inference outputs', async () => {
    await tf.setBackend('cpu');
    registerFastKernels(tf, { backends: ['cpu'] });
    const input = tf.input({ shape: [6, 5, 4], name: 'x_a' });
    const ours = tf.model({ inputs: input, outputs: batchNormalization.buildTf!({ tf, name: 'bn_a' }, { momentum: 0.9, epsilon: 1e-3 }, [input]) });
    const stockInput = tf.input({ shape: [6, 5, 4], name: 'x_a' });
    const stock = tf.model({ inputs: stockInput, outputs: tf.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-3, name: 'bn_a' }).apply(stockInput) as tf.SymbolicTensor });
    ours.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const x = tf.randomNormal([3, 6, 5, 4], 1, 2, 'float32', 5);
    await ours.fit(x, tf.zeros([3, 6, 5, 4]), { epochs: 2, batchSize: 3, verbose: 0 });
    unregisterFastKernels(tf);
    const topology = (m: tf.LayersModel) => (m.toJSON(null, false) as { config: { layers: Array<Record<string, unknown>> } }).config.layers.find((l) => l.name === 'bn_a');
    expect(topology(ours)).toEqual(topology(stock));
    expect(ours.weights.map((w) => w.originalName)).toEqual(stock.weights.map((w) => w.originalName));
    let saved: tf.io.ModelArtifacts | undefined;
    await ours.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.layers[1].getClassName()).toBe('BatchNormalization');
    const [a, b] = [ours, loaded].map((m) => (m.predict(x) as tf.Tensor).dataSync() as Float32Array);
    expect(relativeError(a, b)).toBeLessThanOrEqual(1e-6);
    // Training moved the moving statistics off their initial 0 / 1.
    expect(Math.abs(loaded.getWeights()[2].dataSync()[0])).toBeGreaterThan(0.01);
  });
});
