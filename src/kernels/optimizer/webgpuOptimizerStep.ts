// CnnStudioOptimizerStep on webgpu: the whole optimizer step as one kernel call, each state tensor (a variable
// or one of its slots) written by one WGSL dispatch that reads the old values — where tfjs' optimizers run 2–14
// ops per variable, each an engine call with its own JavaScript cost (~0.2 ms apiece measured on an H100: at
// ~2,250 ops a step that alone capped ResNet-20 near 300 samples/s). The arithmetic is the rule's
// (src/kernels/optimizer/optimizerStep.ts applyRule) in f32; WebGPU gives no in-place writes to an input, so
// every state tensor comes back new (OptimizerStepAttrs.inPlace must be all false here).
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WebGpuBackendLike } from '../webgpu/webgpuBackend';
import { OPTIMIZER_STEP, readStepCall, SLOTS, stepInput, type OptimizerRule } from './optimizerStep';

const WORKGROUP = 128;

/** What a program writes: the variable (0) or slot k + 1. */
type Target = number;

/** The rule's numbers as uniforms, named p0…p5 in the shader (float32, as tfjs' scalars are). */
function ruleUniforms(rule: OptimizerRule): number[] {
  const c = -rule.learningRate; // tfjs adds scalar(−lr)·Δ
  switch (rule.kind) {
    case 'sgd':
      return [c];
    case 'momentum':
    case 'nesterov':
      return [c, rule.momentum];
    case 'rmsprop':
      return [rule.learningRate, rule.decay, 1 - rule.decay, rule.epsilon];
    case 'adam':
      return [c, rule.beta1, rule.beta2, 1 - rule.beta1, 1 - rule.beta2, 1 - rule.accBeta1, 1 - rule.accBeta2, rule.epsilon];
  }
}

/** WGSL for one target of one rule: X the variable, G its gradient, S0/S1 its slots, p0… the uniforms. */
function body(kind: OptimizerRule['kind'], target: Target): string {
  switch (kind) {
    case 'sgd':
      return 'value = uniforms.p0 * g + X[index];';
    case 'momentum':
    case 'nesterov': {
      // a ← m·a + g; x ← x + c·a (Nesterov: x + c·(g + m·a)).
      const a = 'let a = uniforms.p1 * S0[index] + g;';
      if (target === 1) return `${a} value = a;`;
      return `${a} value = ${kind === 'nesterov' ? 'uniforms.p0 * (g + a * uniforms.p1)' : 'uniforms.p0 * a'} + X[index];`;
    }
    case 'rmsprop': {
      // ms ← ρ·ms + (1−ρ)·g²; x ← x − lr·g / √(ms + ε).
      const s = 'let s = S0[index] * uniforms.p1 + (g * g) * uniforms.p2;';
      return target === 1 ? `${s} value = s;` : `${s} value = X[index] - (g * uniforms.p0) / sqrt(s + uniforms.p3);`;
    }
    case 'adam': {
      // Kingma & Ba 2015 Alg. 1: m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), x ← x − lr·m̂/(√v̂ + ε).
      const m = 'let m = S0[index] * uniforms.p1 + g * uniforms.p3;';
      const v = 'let v = S1[index] * uniforms.p2 + (g * g) * uniforms.p4;';
      if (target === 1) return `${m} value = m;`;
      if (target === 2) return `${v} value = v;`;
      return `${m} ${v} value = ((m / uniforms.p5) / (sqrt(v / uniforms.p6) + uniforms.p7)) * uniforms.p0 + X[index];`;
    }
  }
}

/**
 * The tensors a target's shader reads, G (the gradient) first: a pipeline's bind group holds only the buffers its
 * shader uses, so an unread input may not be bound. Adam's m and v each need their own slot; its variable both.
 */
function reads(kind: OptimizerRule['kind'], target: Target): ('X' | 'S0' | 'S1')[] {
  if (target === 0) return ['X', ...SLOTS[kind].map((_, k) => `S${k}` as 'S0' | 'S1')];
  return [`S${target - 1}` as 'S0' | 'S1'];
}

/** One state tensor's update as a tfjs-webgpu program: flat over its elements, 128 a workgroup. */
class OptimizerStepProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;
  readonly uniforms: string;

  constructor(
    private readonly kind: OptimizerRule['kind'],
    private readonly target: Target,
    shape: number[],
    uniformCount: number,
  ) {
    this.variableNames = ['G', ...reads(kind, target)];
    this.outputShape = shape;
    this.dispatchLayout = { x: shape.map((_, i) => i) };
    const n = shape.reduce((a, b) => a * b, 1);
    this.dispatch = [Math.ceil(n / WORKGROUP), 1, 1];
    this.uniforms = Array.from({ length: uniformCount }, (_, i) => `p${i} : f32,`).join(' ');
    this.shaderKey = `cnnStudioOptimizerStep_${kind}_${target}`;
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let g = G[index];
          var value : f32;
          ${body(this.kind, this.target)}
          setOutputAtIndex(index, value);
        }
      }`;
  }
}

export function makeWebgpuOptimizerStepKernel(): KernelFunc {
  return ({ inputs, attrs = {}, backend }) => {
    const { rule, count, slotCount, inPlace, input } = readStepCall(inputs, attrs);
    if (inPlace.some((b) => b)) throw new Error(`${OPTIMIZER_STEP} on webgpu writes every state tensor anew: inPlace must be all false`);
    const gpu = backend as WebGpuBackendLike;
    const values = ruleUniforms(rule);
    const uniforms = values.map((v) => ({ type: 'float32' as const, data: [v] }));
    const tensorOf = (name: 'X' | 'S0' | 'S1', i: number) => input(name === 'X' ? stepInput.variable(i) : stepInput.slot(Number(name[1]), i));
    const outputs: TensorInfo[] = [];
    // In state order (variables, then slot 0 of every variable, …), as the caller assigns them.
    for (let target = 0; target <= slotCount; target++)
      for (let i = 0; i < count; i++) {
        const ins = [input(stepInput.gradient(i)), ...reads(rule.kind, target).map((name) => tensorOf(name, i))];
        outputs.push(gpu.runWebGPUProgram(new OptimizerStepProgram(rule.kind, target, [...ins[0].shape], values.length), ins, 'float32', uniforms));
      }
    return outputs;
  };
}
