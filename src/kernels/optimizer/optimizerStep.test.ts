// The fused optimizer step kernel called directly, on cpu and wasm, against tfjs' own optimizers fed the same
// gradients: the variables equal to the bit after a few steps, whether the kernel updates its inputs in place
// (returning nothing, same buffers) or writes new outputs (leaving its inputs as they were).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';
import { OPTIMIZER_STEP, SLOTS, stepInput, type OptimizerRule, type OptimizerStepAttrs } from './optimizerStep';

const f = Math.fround;
/** β^(t+1) as tfjs keeps it: a float32 variable multiplied by float32 β once per step. */
const power = (beta: number, t: number) => Array.from({ length: t }).reduce<number>((p) => f(p * f(beta)), f(beta));

const RULES: { name: string; stock(): tf.Optimizer; rule(step: number): OptimizerRule }[] = [
  { name: 'sgd lr 0.05', stock: () => tf.train.sgd(0.05), rule: () => ({ kind: 'sgd', learningRate: 0.05 }) },
  { name: 'momentum 0.9', stock: () => tf.train.momentum(0.05, 0.9), rule: () => ({ kind: 'momentum', learningRate: 0.05, momentum: 0.9 }) },
  { name: 'nesterov 0.8', stock: () => tf.train.momentum(0.03, 0.8, true), rule: () => ({ kind: 'nesterov', learningRate: 0.03, momentum: 0.8 }) },
  {
    name: 'rmsprop ρ 0.9',
    stock: () => tf.train.rmsprop(0.01, 0.9),
    rule: () => ({ kind: 'rmsprop', learningRate: 0.01, decay: 0.9, epsilon: tf.backend().epsilon() }),
  },
  {
    name: 'rmsprop ρ 0.95, ε 1e-3',
    stock: () => tf.train.rmsprop(0.02, 0.95, 0, 1e-3),
    rule: () => ({ kind: 'rmsprop', learningRate: 0.02, decay: 0.95, epsilon: 1e-3 }),
  },
  {
    name: 'adam (tfjs defaults)',
    stock: () => tf.train.adam(0.01),
    rule: (t) => ({ kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: tf.backend().epsilon(), accBeta1: power(0.9, t), accBeta2: power(0.999, t) }),
  },
  {
    name: 'adam β 0.8/0.99, lr 0.1',
    stock: () => tf.train.adam(0.1, 0.8, 0.99),
    rule: (t) => ({ kind: 'adam', learningRate: 0.1, beta1: 0.8, beta2: 0.99, epsilon: tf.backend().epsilon(), accBeta1: power(0.8, t), accBeta2: power(0.99, t) }),
  },
];
const SHAPES = [[3, 3, 2, 4], [5], [7, 6], [1]];
const STEPS = 4;

/** The same seeded start every time; gradients in ±2 so RMSprop/Adam see both large and tiny entries. */
const start = () => SHAPES.map((s, i) => tf.randomUniform(s, -1, 1, 'float32', 10 + i));
const gradient = (step: number, i: number) => tf.randomUniform(SHAPES[i], -2, 2, 'float32', 100 * step + i);

/** tfjs' optimizer over variables from `start`, STEPS steps: the reference values. */
function stockRun(make: () => tf.Optimizer): Float32Array[] {
  const vars = start().map((t) => tf.variable(t));
  const opt = make();
  for (let step = 0; step < STEPS; step++) {
    const grads = SHAPES.map((_, i) => gradient(step, i));
    opt.applyGradients(Object.fromEntries(vars.map((v, i) => [v.name, grads[i]])));
    tf.dispose(grads);
  }
  const values = vars.map((v) => v.dataSync() as Float32Array);
  opt.dispose();
  tf.dispose(vars);
  return values;
}

/** The kernel over plain tensors (variables, then slots), STEPS steps, all in place or all as new outputs. */
function kernelRun(rule: (step: number) => OptimizerRule, inPlace: boolean) {
  const x = start();
  const slots = SLOTS[rule(0).kind].map(() => SHAPES.map((s) => tf.zeros(s)));
  const state = () => [...x, ...slots.flat()];
  const ids = state().map((t) => t.dataId);
  const outputCounts: number[] = [];
  let inputsUnchanged = true;
  for (let step = 0; step < STEPS; step++) {
    const grads = SHAPES.map((_, i) => gradient(step, i));
    const inputs: tf.NamedTensorMap = {};
    x.forEach((t, i) => ((inputs[stepInput.variable(i)] = t), (inputs[stepInput.gradient(i)] = grads[i])));
    slots.forEach((perVar, k) => perVar.forEach((t, i) => (inputs[stepInput.slot(k, i)] = t)));
    const before = state().map((t) => t.dataSync().slice());
    const attrs: OptimizerStepAttrs = { ...rule(step), count: x.length, inPlace: state().map(() => inPlace) };
    const outs = tf.engine().runKernel<tf.Tensor[]>(OPTIMIZER_STEP, inputs, attrs);
    outputCounts.push(outs.length);
    if (!inPlace) {
      inputsUnchanged &&= state().every((t, j) => t.dataSync().every((v, e) => Object.is(v, before[j][e])));
      tf.dispose(state());
      x.splice(0, x.length, ...outs.slice(0, x.length));
      slots.forEach((perVar, k) => perVar.splice(0, perVar.length, ...outs.slice(x.length * (k + 1), x.length * (k + 2))));
    }
    tf.dispose(grads);
  }
  const sameBuffers = state().every((t, j) => t.dataId === ids[j]);
  const values = x.map((t) => t.dataSync() as Float32Array);
  tf.dispose(state());
  return { values, outputCounts, sameBuffers, inputsUnchanged, stateCount: ids.length };
}

const maxAbsDiff = (a: Float32Array[], b: Float32Array[]) => Math.max(...a.map((v, i) => Math.max(...v.map((e, j) => Math.abs(e - b[i][j])))));

beforeAll(async () => {
  setWasmPaths(new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
  registerFastKernels(tf, { backends: ['cpu', 'wasm'] });
});

afterAll(async () => {
  unregisterFastKernels(tf);
  await tf.setBackend('cpu');
});

describe.each(['cpu', 'wasm'])('%s: the fused optimizer step kernel', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it.each(RULES)('$name: tfjs’ weights to the bit, in place and as new outputs', ({ stock, rule }) => {
    const expected = stockRun(stock);
    const inPlace = kernelRun(rule, true);
    const copied = kernelRun(rule, false);
    expect(maxAbsDiff(inPlace.values, expected)).toBe(0);
    expect(maxAbsDiff(copied.values, expected)).toBe(0);
    // The weights moved (a kernel that did nothing would fail here, not pass with a zero difference).
    expect(maxAbsDiff(expected, start().map((t) => t.dataSync() as Float32Array))).toBeGreaterThan(1e-3);
    expect(inPlace.outputCounts).toEqual(Array(STEPS).fill(0));
    expect(inPlace.sameBuffers).toBe(true);
    expect(copied.outputCounts).toEqual(Array(STEPS).fill(copied.stateCount));
    expect(copied.inputsUnchanged).toBe(true);
  });

  it('refuses inPlace flags that do not match the state tensors', () => {
    const x = tf.zeros([2]);
    const g = tf.ones([2]);
    const attrs: OptimizerStepAttrs = { kind: 'momentum', learningRate: 0.1, momentum: 0.9, count: 1, inPlace: [true] };
    expect(() => tf.engine().runKernel(OPTIMIZER_STEP, { x0: x, g0: g, s0_0: tf.zeros([2]) }, attrs)).toThrow(/one flag per state tensor \(2\)/);
    tf.dispose([x, g]);
  });
});
