// One kernel call for a whole optimizer step: every variable, its gradient and its slots (momentum, Adam's
// moments) go in together and are updated in one pass, where tfjs' optimizers run 2–14 small ops per variable
// (node_modules/@tensorflow/tfjs-core/dist/optimizers/*.js). Each of those ops rounds to float32, so every
// intermediate here is rounded the same way (Math.fround), in the same order: the results are tfjs' to the bit.
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { TrainingSettings } from '../../train/settings';
import type { TensorIO } from '../tensorIO';

export const OPTIMIZER_STEP = 'CnnStudioOptimizerStep';
/** Backends whose step kernel can update a state tensor in its own buffer (webgpu writes every one anew). */
export const UPDATES_IN_PLACE: readonly string[] = ['cpu', 'wasm'];

export type OptimizerKind = TrainingSettings['optimizer'];

/** One step's update rule and hyperparameters; Adam's accBeta1/2 are β₁ᵗ, β₂ᵗ as float32 (tfjs keeps them in variables). */
export type OptimizerRule =
  | { kind: 'sgd'; learningRate: number }
  | { kind: 'momentum' | 'nesterov'; learningRate: number; momentum: number }
  | { kind: 'rmsprop'; learningRate: number; decay: number; epsilon: number }
  | { kind: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number; accBeta1: number; accBeta2: number };

/**
 * The per-variable state each rule keeps, in tfjs' slot names and the kernel's input order. RMSprop as the app
 * runs it (momentum 0, not centered) needs no moment slot: tfjs' 0·moment + Δ is Δ for any finite moment.
 */
export const SLOTS: Record<OptimizerKind, readonly string[]> = {
  sgd: [],
  momentum: ['momentum'],
  nesterov: ['momentum'],
  rmsprop: ['rms'],
  adam: ['m', 'v'],
};

/** The kernel's input names: variable i, its gradient, and its k-th slot. */
export const stepInput = {
  variable: (i: number) => `x${i}`,
  gradient: (i: number) => `g${i}`,
  slot: (k: number, i: number) => `s${k}_${i}`,
};

/** The attributes the kernel takes: the rule's fields, the variable count, and which state tensors to update in place. */
export type OptimizerStepAttrs = OptimizerRule & {
  count: number;
  /** One flag per state tensor, variables first, then slot k of every variable for k = 0, 1, …; false: a new output. */
  inPlace: boolean[];
};

const f = Math.fround;

/** The rule as tfjs computes it, elementwise: reads x, g and slots, writes xOut and slotsOut (which may be the same arrays). */
export function applyRule(rule: OptimizerRule, x: Float32Array, g: Float32Array, slots: Float32Array[], xOut: Float32Array, slotsOut: Float32Array[]): void {
  const n = x.length;
  const c = f(-rule.learningRate); // tfjs SGD/momentum/Adam: scalar(−lr) added as value + c·Δ
  switch (rule.kind) {
    case 'sgd':
      for (let i = 0; i < n; i++) xOut[i] = f(c * g[i]) + x[i];
      return;
    case 'momentum':
    case 'nesterov': {
      // a ← m·a + g; x ← x + c·a, or Nesterov x ← x + c·(g + m·a) (tfjs MomentumOptimizer).
      const m = f(rule.momentum);
      const [acc] = slots;
      const [accOut] = slotsOut;
      const nesterov = rule.kind === 'nesterov';
      for (let i = 0; i < n; i++) {
        const a = f(f(m * acc[i]) + g[i]);
        accOut[i] = a;
        xOut[i] = (nesterov ? f(c * f(g[i] + f(a * m))) : f(c * a)) + x[i];
      }
      return;
    }
    case 'rmsprop': {
      // ms ← ρ·ms + (1−ρ)·g²; x ← x − lr·g / √(ms + ε) (Tieleman & Hinton 2012; tfjs RMSPropOptimizer, uncentered).
      const rho = f(rule.decay);
      const oneMinusRho = f(1 - rule.decay);
      const lr = f(rule.learningRate);
      const eps = f(rule.epsilon);
      const [ms] = slots;
      const [msOut] = slotsOut;
      for (let i = 0; i < n; i++) {
        const gi = g[i];
        const s = f(f(ms[i] * rho) + f(f(gi * gi) * oneMinusRho));
        msOut[i] = s;
        xOut[i] = x[i] - f(f(gi * lr) / f(Math.sqrt(f(s + eps))));
      }
      return;
    }
    case 'adam': {
      // Kingma & Ba 2015 Alg. 1 as tfjs AdamOptimizer: m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), x ← x − lr·m̂/(√v̂ + ε).
      const b1 = f(rule.beta1);
      const b2 = f(rule.beta2);
      const oneMinusB1 = f(1 - rule.beta1);
      const oneMinusB2 = f(1 - rule.beta2);
      const bias1 = f(1 - rule.accBeta1);
      const bias2 = f(1 - rule.accBeta2);
      const eps = f(rule.epsilon);
      const [m, v] = slots;
      const [mOut, vOut] = slotsOut;
      for (let i = 0; i < n; i++) {
        const gi = g[i];
        const m1 = f(f(m[i] * b1) + f(gi * oneMinusB1));
        const v1 = f(f(v[i] * b2) + f(f(gi * gi) * oneMinusB2));
        mOut[i] = m1;
        vOut[i] = v1;
        const mHat = f(m1 / bias1);
        const vHat = f(v1 / bias2);
        xOut[i] = f(f(mHat / f(f(Math.sqrt(vHat)) + eps)) * c) + x[i];
      }
      return;
    }
  }
}

function numberAttr(attrs: NamedAttrMap, name: string): number {
  const v = attrs[name];
  if (typeof v !== 'number') throw new Error(`${OPTIMIZER_STEP}: attribute ${name} must be a number`);
  return v;
}

/** The rule back from the kernel's attributes, checked (they arrive as tfjs' untyped attribute map). */
export function ruleFromAttrs(attrs: NamedAttrMap): OptimizerRule {
  const learningRate = numberAttr(attrs, 'learningRate');
  const num = (name: string) => numberAttr(attrs, name);
  switch (attrs.kind) {
    case 'sgd':
      return { kind: 'sgd', learningRate };
    case 'momentum':
      return { kind: 'momentum', learningRate, momentum: num('momentum') };
    case 'nesterov':
      return { kind: 'nesterov', learningRate, momentum: num('momentum') };
    case 'rmsprop':
      return { kind: 'rmsprop', learningRate, decay: num('decay'), epsilon: num('epsilon') };
    case 'adam':
      return { kind: 'adam', learningRate, beta1: num('beta1'), beta2: num('beta2'), epsilon: num('epsilon'), accBeta1: num('accBeta1'), accBeta2: num('accBeta2') };
    default:
      throw new Error(`${OPTIMIZER_STEP}: unknown rule ${String(attrs.kind)}`);
  }
}

/**
 * The kernel: inputs named by stepInput, attributes OptimizerStepAttrs. State tensors flagged inPlace are updated
 * in their own buffers; for each other one (in state order) it returns a new tensor, which the caller assigns.
 */
/** One call of the kernel read and checked, for every backend's kernel: its rule, counts, in-place flags and inputs. */
export function readStepCall(inputs: NamedTensorInfoMap, attrs: NamedAttrMap) {
  const rule = ruleFromAttrs(attrs);
  const count = numberAttr(attrs, 'count');
  if (!Number.isInteger(count) || count < 0) throw new Error(`${OPTIMIZER_STEP}: attribute count must be a whole number`);
  const slotCount = SLOTS[rule.kind].length;
  const inPlace = attrs.inPlace;
  if (!Array.isArray(inPlace) || inPlace.length !== count * (1 + slotCount) || !inPlace.every((b) => typeof b === 'boolean'))
    throw new Error(`${OPTIMIZER_STEP}: inPlace must hold one flag per state tensor (${count * (1 + slotCount)})`);
  const input = (name: string): TensorInfo => {
    const t = inputs[name];
    if (!t) throw new Error(`${OPTIMIZER_STEP}: missing input ${name}`);
    if (t.dtype !== 'float32') throw new Error(`${OPTIMIZER_STEP}: ${name} is ${t.dtype}, not float32`);
    return t;
  };
  return { rule, count, slotCount, inPlace: inPlace as boolean[], input };
}

/**
 * A faster update of one variable on one backend (wasm: our SIMD module's Adam): computes exactly applyRule's
 * results into xOut and slotsOut (which may be the inputs) and returns true, or returns false to leave the
 * variable to applyRule. It may not allocate.
 */
export type FastRule = (backend: object, rule: OptimizerRule, x: TensorInfo, g: TensorInfo, slots: TensorInfo[], xOut: TensorInfo, slotsOut: TensorInfo[]) => boolean;

export function makeOptimizerStepKernel(io: TensorIO, fastRule?: FastRule): KernelFunc {
  return ({ inputs, attrs = {}, backend }) => {
    const { rule, count, slotCount, inPlace, input } = readStepCall(inputs, attrs);
    const state: TensorInfo[] = [];
    for (let i = 0; i < count; i++) state.push(input(stepInput.variable(i)));
    for (let k = 0; k < slotCount; k++) for (let i = 0; i < count; i++) state.push(input(stepInput.slot(k, i)));
    // Every new output first: on wasm an allocation may grow the heap and detach views taken before it.
    const outputs = state.map((t, j) => (inPlace[j] ? undefined : io.allocate(backend, t.shape).info));
    const written = state.map((t, j) => outputs[j] ?? t);
    const target = written.map((t) => io.update(backend, t));
    const source = state.map((t, j) => (inPlace[j] ? target[j] : io.read(backend, t)));
    for (let i = 0; i < count; i++) {
      const slot = <T>(all: T[]) => Array.from({ length: slotCount }, (_, k) => all[count + k * count + i]);
      const gradient = input(stepInput.gradient(i));
      if (fastRule?.(backend, rule, state[i], gradient, slot(state), written[i], slot(written))) continue;
      applyRule(rule, source[i], io.read(backend, gradient), slot(source), target[i], slot(target));
    }
    return outputs.filter((o): o is TensorInfo => o !== undefined);
  };
}
