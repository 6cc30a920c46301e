// The fused optimizer against tfjs' own (the issue's test): each template trained 10 steps on the same batches
// from the same weights, once per optimizer, on cpu and wasm, ends on the same weights (to the bit, with the
// learning rate changed mid-run); each fused step is one kernel call (counted with tf.profile) where tfjs runs
// several per variable. Plus what updating buffers must not break: a clone of a variable (the best-weights
// snapshot) and arrays read from it before a step.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../kernels/index';
import { OPTIMIZER_STEP } from '../kernels/optimizer/optimizerStep';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { templates } from '../templates';
import { buildTfModel } from './buildTfModel';
import { hasFusedOptimizer, makeFusedOptimizer, type OptimizerSettings } from './fusedOptimizer';
import { makeOptimizer, makeStockOptimizer, setLearningRate } from './optimizer';
import { crossEntropy } from './loss';
import { withSeededRandom } from './random';

const KINDS: OptimizerSettings['optimizer'][] = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam'];
const LEARNING_RATE: Record<OptimizerSettings['optimizer'], number> = { sgd: 0.05, momentum: 0.02, nesterov: 0.02, rmsprop: 0.003, adam: 0.003 };
const STEPS = 10;
const BATCH = 1;
// The ImageNet-size templates (AlexNet 62 M, VGG-16 138 M, ResNet-18 11.7 M parameters at 224–227 px) take
// seconds (AlexNet, wasm: ~2 s) to minutes (VGG-16) per step on two cores: 200 steps each would take an hour.
// Every layer type with weights they have (conv, dense, batch norm) is in the templates below.
const MAX_PARAMS = 2e6;
const trained = templates.filter((t) => analyzeGraph(t.build().graph).totals.trainable <= MAX_PARAMS);

/** max |a − b| / max(|b|, 1e-3) over every weight: 0 when the two runs agree to the bit. */
function relativeDifference(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((w, i) => w.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i][j]) / Math.max(Math.abs(b[i][j]), 1e-3)))));
  return worst;
}

interface Run {
  weights: Float32Array[];
  /** Kernel calls of each step's update (applyGradients), counted by tf.profile. */
  updateKernels: string[][];
}

/**
 * STEPS steps of `opt` on `model` from `initial`, batch s seeded by s (dropout too, as the trainer seeds it),
 * the learning rate halved from step 5 on (a schedule), the gradients of the trainer's cross-entropy.
 */
async function run(model: tf.LayersModel, initial: tf.Tensor[], opt: tf.Optimizer, lr: number): Promise<Run> {
  model.setWeights(initial);
  const [h, w, c] = (model.inputs[0].shape as number[]).slice(1);
  const classes = model.outputs[0].shape[1] as number;
  const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
  const updateKernels: string[][] = [];
  for (let step = 0; step < STEPS; step++) {
    setLearningRate(opt, step < 5 ? lr : lr / 2);
    const x = tf.randomUniform([BATCH, h, w, c], 0, 1, 'float32', 1 + step);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => (3 * step + i) % classes), 'int32'), classes) as tf.Tensor2D;
    const { value, grads } = withSeededRandom(1000 + step, () =>
      tf.variableGrads(() => crossEntropy(tf, y, model.apply(x, { training: true }) as tf.Tensor2D), vars),
    );
    const profile = await tf.profile(() => opt.applyGradients(grads));
    updateKernels.push(profile.kernels.map((k) => k.name));
    tf.dispose([x, y, value, grads]);
  }
  return { weights: model.trainableWeights.map((v) => v.read().dataSync() as Float32Array), updateKernels };
}

beforeAll(() => {
  setWasmPaths(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
  registerFastKernels(tf, { backends: ['cpu', 'wasm'] });
});

afterAll(async () => {
  unregisterFastKernels(tf);
  await tf.setBackend('cpu');
});

describe.each(['cpu', 'wasm'])('%s: the fused optimizer', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  describe.each(trained.map((t) => t.id))('%s', (id) => {
    let model: tf.LayersModel;
    let initial: tf.Tensor[];
    beforeAll(() => {
      model = buildTfModel(templates.find((t) => t.id === id)!.build().graph, tf);
      initial = model.getWeights().map((w) => tf.keep(w.clone()));
    });
    afterAll(() => {
      tf.dispose(initial);
      model.dispose();
    });

    it.each(KINDS)(`%s: tfjs' weights after ${STEPS} steps, one kernel call per step`, async (kind) => {
      const settings = { optimizer: kind, learningRate: LEARNING_RATE[kind], momentum: 0.9 };
      const stockOpt = makeStockOptimizer(tf, settings);
      const stock = await run(model, initial, stockOpt, settings.learningRate);
      stockOpt.dispose();
      const fusedOpt = makeOptimizer(tf, settings);
      const fused = await run(model, initial, fusedOpt, settings.learningRate);
      fusedOpt.dispose();

      // The issue asks for 1e-4 relative; the kernel rounds as tfjs does, so the runs agree to the bit.
      expect(relativeDifference(fused.weights, stock.weights)).toBe(0);
      // Training moved the weights, so equal weights mean equal steps.
      expect(relativeDifference(stock.weights, initial.slice(0, stock.weights.length).map((t) => t.dataSync() as Float32Array))).toBeGreaterThan(1e-3);
      expect(fused.updateKernels).toEqual(Array(STEPS).fill([OPTIMIZER_STEP]));
      // tfjs: at least two ops (SGD's c·g and + x) per variable per step.
      const vars = model.trainableWeights.length;
      for (const k of stock.updateKernels) expect(k.length).toBeGreaterThanOrEqual(2 * vars);
    });
  });

  it('a clone of a variable (the best-weights snapshot) and arrays read before a step keep their values', async () => {
    const v = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3])));
    const snapshot = v.clone();
    const read = v.dataSync();
    const readCopy = Float32Array.from(read);
    const opt = makeFusedOptimizer(tf, { optimizer: 'adam', learningRate: 0.1, momentum: 0.9 });
    const g = tf.tensor1d([1, -1, 0.5]);
    opt.applyGradients({ [v.name]: g });
    expect(Array.from(snapshot.dataSync())).toEqual([1, 2, 3]);
    expect(read).toEqual(readCopy);
    const afterOne = v.dataSync().slice();
    expect(afterOne).not.toEqual(readCopy);
    snapshot.dispose();
    // The snapshot gone, the next step still follows tfjs.
    opt.applyGradients({ [v.name]: g });
    const ref = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3])));
    const stock = makeStockOptimizer(tf, { optimizer: 'adam', learningRate: 0.1, momentum: 0.9 });
    stock.applyGradients({ [ref.name]: g });
    stock.applyGradients({ [ref.name]: g });
    expect(v.dataSync()).toEqual(ref.dataSync());
    [opt, stock].forEach((o) => o.dispose());
    tf.dispose([v, g, ref]);
  });

  it('disposes its slots: no tensors left behind after steps and dispose', () => {
    const v = tf.tidy(() => tf.variable(tf.zeros([4, 3])));
    const g = tf.onesLike(v);
    const before = tf.memory().numTensors;
    for (const kind of KINDS) {
      const opt = makeFusedOptimizer(tf, { optimizer: kind, learningRate: 0.1, momentum: 0.9 });
      for (let i = 0; i < 3; i++) opt.applyGradients([{ name: v.name, tensor: g }]);
      opt.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([v, g]);
  });
});

describe('makeOptimizer', () => {
  it('is fused where the backend has the kernel, and tfjs’ own where it has not', async () => {
    await tf.setBackend('cpu');
    const s: OptimizerSettings = { optimizer: 'adam', learningRate: 0.01, momentum: 0.9 };
    expect(hasFusedOptimizer(tf)).toBe(true);
    // By class name: tfjs' Optimizer classes answer instanceof by duck typing (Symbol.hasInstance).
    const fused = makeOptimizer(tf, s);
    expect(fused.getClassName()).toBe('CnnStudioFusedOptimizer');
    unregisterFastKernels(tf);
    try {
      expect(hasFusedOptimizer(tf)).toBe(false);
      const stock = makeOptimizer(tf, s);
      expect(stock.getClassName()).toBe('Adam');
      stock.dispose();
    } finally {
      registerFastKernels(tf, { backends: ['cpu', 'wasm'] });
      fused.dispose();
    }
  });
});
