// Activations ONNX has no single op for before opset 20 (swish/SiLU, mish, GELU), as torch.onnx.export and
// CNN Studio's own exporter write them — a few element-wise nodes around the input x:
//   swish  x·σ(x)                      Sigmoid(x) → Mul(x, ·)
//   mish   x·tanh(softplus(x))         Softplus(x) → Tanh → Mul(x, ·)                   (Misra 2019)
//   gelu   x·½(1 + erf(x/√2))          Div(x, √2) | Mul(x, 1/√2) → Erf → Add(·, 1) → then Mul(x, ·), Mul(·, ½)
//                                      in either order                                  (Hendrycks & Gimpel 2016)
// Read as one Activation layer; each inner node must feed only the next, so nothing else sees the parts.
import type { OnnxConstant } from '../layerReaders';

interface ProtoNodeLike {
  opType: string;
  input?: string[];
  output: string[];
}

export interface ChainContext {
  /** The one node reading `tensor` (undefined when none, or several, or it is the model output). */
  soleConsumer(tensor: string): ProtoNodeLike | undefined;
  constant(tensor: string): OnnxConstant | undefined;
}

export interface ActivationChain {
  activation: 'swish' | 'mish' | 'gelu';
  /** The chain's nodes after the first, to be marked read; the last one's output is the activation's. */
  rest: ProtoNodeLike[];
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

/** A scalar constant (any rank with one element) equal to v. */
const scalarIs = (c: OnnxConstant | undefined, v: number) => !!c && c.data.length === 1 && near(Number(c.data[0]), v);

/** `m` reads exactly `a` and `b`, in either order. */
const readsBoth = (m: ProtoNodeLike | undefined, a: string, b: string) => !!m && m.input?.length === 2 && ((m.input[0] === a && m.input[1] === b) || (m.input[0] === b && m.input[1] === a));

/** `m` multiplies `t` by the scalar constant v (either operand order). */
const timesConstant = (ctx: ChainContext, m: ProtoNodeLike | undefined, t: string, v: number) => {
  if (!m || m.opType !== 'Mul' || m.input?.length !== 2) return false;
  const other = m.input[0] === t ? m.input[1] : m.input[1] === t ? m.input[0] : undefined;
  return other !== undefined && scalarIs(ctx.constant(other), v);
};

/** The chain starting at `n` (whose first input is the graph tensor x), or undefined when `n` starts none. */
export function activationChain(n: ProtoNodeLike, ctx: ChainContext): ActivationChain | undefined {
  const x = n.input?.[0];
  if (!x) return undefined;
  const after = (node: ProtoNodeLike) => ctx.soleConsumer(node.output[0]);
  switch (n.opType) {
    case 'Sigmoid': {
      const m = after(n);
      return m?.opType === 'Mul' && readsBoth(m, x, n.output[0]) ? { activation: 'swish', rest: [m] } : undefined;
    }
    case 'Softplus': {
      const t = after(n);
      const m = t?.opType === 'Tanh' ? after(t) : undefined;
      return t && m?.opType === 'Mul' && readsBoth(m, x, t.output[0]) ? { activation: 'mish', rest: [t, m] } : undefined;
    }
    case 'Div':
    case 'Mul': {
      const k = ctx.constant(n.input?.[1] ?? '');
      if (!(n.opType === 'Div' ? scalarIs(k, Math.SQRT2) : scalarIs(k, Math.SQRT1_2))) return undefined;
      const erf = after(n);
      const add = erf?.opType === 'Erf' ? after(erf) : undefined;
      if (!erf || add?.opType !== 'Add' || add.input?.length !== 2) return undefined;
      const one = add.input[0] === erf.output[0] ? add.input[1] : add.input[0];
      if (!scalarIs(ctx.constant(one), 1)) return undefined;
      const m1 = after(add);
      const m2 = m1 ? after(m1) : undefined;
      if (!m1 || !m2) return undefined;
      // x·(1 + erf) then ·½ (PyTorch), or (1 + erf)·½ then x· (CNN Studio).
      const ok = (readsBoth(m1, x, add.output[0]) && timesConstant(ctx, m2, m1.output[0], 0.5)) || (timesConstant(ctx, m1, add.output[0], 0.5) && readsBoth(m2, x, m1.output[0]));
      return ok ? { activation: 'gelu', rest: [erf, add, m1, m2] } : undefined;
    }
    default:
      return undefined;
  }
}
