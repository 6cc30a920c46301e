// SGD, momentum, Nesterov, RMSprop and Adam as a tfjs Optimizer whose step is ONE kernel call over all its
// variables (src/kernels/optimizer/optimizerStep.ts), where tfjs' own run 2–14 ops per variable: a ResNet-20
// step drops from ~900 optimizer kernel calls to 1. The weights are tfjs' to the bit (same float32 rounding).
// Only where that kernel is registered for the current backend (cpu, wasm: src/kernels/index.ts); the
// learning rate is a plain number read at every step, so schedules just set it.
import type * as tfjs from '@tensorflow/tfjs';
import {
  OPTIMIZER_STEP,
  SLOTS,
  UPDATES_IN_PLACE,
  stepInput,
  type OptimizerRule,
  type OptimizerStepAttrs,
} from '../kernels/optimizer/optimizerStep';
import type { TrainingSettings } from './settings';

type Tf = typeof tfjs;
/** What applyGradients takes: a name → gradient map, or tfjs' NamedTensor list (not re-exported by @tensorflow/tfjs). */
type Gradients = Parameters<tfjs.Optimizer['applyGradients']>[0];
type NamedGradient = Exclude<Gradients, tfjs.NamedTensorMap>[number];
export type OptimizerSettings = Pick<TrainingSettings, 'optimizer' | 'learningRate' | 'momentum'>;

/** What the trainer steps: a tfjs Optimizer whose learning rate can change between steps. */
export type SteppedOptimizer = tfjs.Optimizer & { learningRate: number; setLearningRate(lr: number): void };

/** tfjs' defaults, which the app trains with (stock and fused alike): RMSprop ρ, Adam β₁ and β₂. */
export const RMSPROP_DECAY = 0.9;
export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;

/** True when the current backend has the fused step kernel. */
export function hasFusedOptimizer(tf: Tf): boolean {
  return tf.getKernel(OPTIMIZER_STEP, tf.getBackend()) !== undefined;
}

const classes = new WeakMap<Tf, new (s: OptimizerSettings) => SteppedOptimizer>();

/** A fused optimizer for the current backend (check hasFusedOptimizer first: its steps fail where the kernel is missing). */
export function makeFusedOptimizer(tf: Tf, s: OptimizerSettings): SteppedOptimizer {
  let FusedOptimizer = classes.get(tf);
  if (!FusedOptimizer) {
    FusedOptimizer = defineFusedOptimizer(tf);
    classes.set(tf, FusedOptimizer);
  }
  return new FusedOptimizer(s);
}

// A class per tfjs namespace: src/ gets tfjs injected, so the Optimizer base class is only known at run time.
function defineFusedOptimizer(tf: Tf): new (s: OptimizerSettings) => SteppedOptimizer {
  return class FusedOptimizer extends tf.Optimizer {
    static get className() {
      return 'CnnStudioFusedOptimizer';
    }
    learningRate: number;
    readonly kind: OptimizerSettings['optimizer'];
    readonly momentum: number;
    /** tfjs takes ε from the backend at construction (1e-7 on float32 backends). */
    readonly epsilon = tf.backend().epsilon();
    /** β₁ᵗ, β₂ᵗ of the coming step, rounded to float32 as tfjs' accBeta variables are. */
    accBeta1 = Math.fround(ADAM_BETA1);
    accBeta2 = Math.fround(ADAM_BETA2);
    /** Each variable's slots (SLOTS[kind]), by variable name; created at its first gradient, zero as in tfjs. */
    readonly slots = new Map<string, tfjs.Tensor[]>();

    constructor(s: OptimizerSettings) {
      super();
      this.learningRate = s.learningRate;
      this.kind = s.optimizer;
      this.momentum = s.momentum;
    }

    setLearningRate(lr: number): void {
      this.learningRate = lr;
    }

    rule(): OptimizerRule {
      const learningRate = this.learningRate;
      switch (this.kind) {
        case 'sgd':
          return { kind: 'sgd', learningRate };
        case 'momentum':
        case 'nesterov':
          return { kind: this.kind, learningRate, momentum: this.momentum };
        case 'rmsprop':
          return { kind: 'rmsprop', learningRate, decay: RMSPROP_DECAY, epsilon: this.epsilon };
        case 'adam':
          return { kind: 'adam', learningRate, beta1: ADAM_BETA1, beta2: ADAM_BETA2, epsilon: this.epsilon, accBeta1: this.accBeta1, accBeta2: this.accBeta2 };
      }
    }

    override applyGradients(variableGradients: Gradients): void {
      const named = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
      const given = named.filter((e) => e.tensor != null); // tfjs skips a variable whose gradient is null
      if (given.length) this.step(given);
      if (this.kind === 'adam') {
        this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(ADAM_BETA1));
        this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(ADAM_BETA2));
      }
      this.incrementIterations();
    }

    step(given: NamedGradient[]): void {
      const registered = tf.engine().registeredVariables;
      const vars = given.map(({ name }) => {
        const v = registered[name];
        if (!v) throw new Error(`Fused optimizer: no variable named ${name}`);
        return v;
      });
      const slotNames = SLOTS[this.kind];
      const slots = vars.map((v) => this.slotsOf(v));
      const count = vars.length;
      // State order as the kernel takes it: the variables, then slot k of every variable for each k.
      const state: tfjs.Tensor[] = [...vars, ...slotNames.flatMap((_, k) => slots.map((s) => s[k]))];
      // Slots in place when nothing else holds their buffer (refCount 1); variables always get new buffers,
      // assigned: tfjs-cpu's dataSync()/data() hand out the very array (a reader's copy of last step's weights
      // would change under it), and tfjs-wasm's XNNPACK matmul/conv cache weights packed per tensor, so a
      // weight changed in its own buffer is multiplied stale (seen: every template's weights off from step 2 on).
      const backend = tf.backend();
      // Slots nothing else holds are updated in their own buffers where the backend can (cpu, wasm; not webgpu).
      const inPlaceHere = UPDATES_IN_PLACE.includes(tf.getBackend());
      const inPlace = state.map((t, j) => inPlaceHere && j >= count && backend.refCount(t.dataId) === 1);
      const inputs: tfjs.NamedTensorMap = {};
      vars.forEach((v, i) => {
        inputs[stepInput.variable(i)] = v;
        inputs[stepInput.gradient(i)] = given[i].tensor;
        slots[i].forEach((s, k) => (inputs[stepInput.slot(k, i)] = s));
      });
      const attrs: OptimizerStepAttrs = { ...this.rule(), count, inPlace };
      const outputs = tf.engine().runKernel<tfjs.Tensor[]>(OPTIMIZER_STEP, inputs, attrs);
      let next = 0;
      state.forEach((_, j) => {
        if (inPlace[j]) return;
        const out = outputs[next++];
        if (j < count) {
          vars[j].assign(out);
          out.dispose();
        } else {
          const i = (j - count) % count;
          const k = Math.floor((j - count) / count);
          slots[i][k].dispose();
          slots[i][k] = tf.keep(out);
        }
      });
    }

    slotsOf(v: tfjs.Variable): tfjs.Tensor[] {
      let s = this.slots.get(v.name);
      if (!s) {
        // tf.zeros writes a fresh array (no kernel call); kept, as tfjs keeps its slot variables.
        s = SLOTS[this.kind].map(() => tf.keep(tf.zeros(v.shape)));
        this.slots.set(v.name, s);
      }
      return s;
    }

    override dispose(): void {
      for (const s of this.slots.values()) tf.dispose(s);
      this.slots.clear();
      super.dispose();
    }

    override getConfig(): tfjs.serialization.ConfigDict {
      return { learningRate: this.learningRate, kind: this.kind, momentum: this.momentum, epsilon: this.epsilon };
    }
  };
}
