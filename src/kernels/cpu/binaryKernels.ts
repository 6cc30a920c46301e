// Add / Sub / Multiply / RealDiv for float32 when one operand equals the output shape and the other is a
// scalar or a trailing-suffix broadcast (bias [C] against [N,H,W,C]). Straight loops without the stock
// kernel's per-element modulo; every other broadcast goes to the previously registered kernel.
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { TensorIO } from '../tensorIO';

type Tf = typeof tfjs;
type Op = 'Add' | 'Sub' | 'Multiply' | 'RealDiv';
export const BINARY_OPS: Op[] = ['Add', 'Sub', 'Multiply', 'RealDiv'];

/** True when `small` is a (possibly shorter) suffix of `big`, so big's flat index mod small.length addresses it. */
function isSuffix(small: number[], big: number[]): boolean {
  if (small.length > big.length) return false;
  const off = big.length - small.length;
  return small.every((d, i) => d === big[off + i]);
}

export function makeBinaryKernel(tf: Tf, io: TensorIO, op: Op, stock: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend } = args;
    const a = inputs.a as TensorInfo;
    const b = inputs.b as TensorInfo;
    const outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const aFull = a.shape.length === outShape.length && isSuffix(a.shape, outShape);
    const bFull = b.shape.length === outShape.length && isSuffix(b.shape, outShape);
    const aSuffix = isSuffix(trimOnes(a.shape), outShape);
    const bSuffix = isSuffix(trimOnes(b.shape), outShape);
    const fast = a.dtype === 'float32' && b.dtype === 'float32' && ((aFull && bSuffix) || (bFull && aSuffix));
    if (!fast) {
      if (!stock) throw new Error(`${op}: this broadcast is not implemented and no stock kernel is registered`);
      return stock(args);
    }
    const { info, values: out } = io.allocate(backend, outShape);
    const av = io.read(backend, a);
    const bv = io.read(backend, b);
    const n = out.length;
    if (av.length === n && bv.length === n) sameShape(op, av, bv, out);
    else if (av.length === n) broadcastRight(op, av, bv, out);
    else broadcastLeft(op, av, bv, out);
    return info;
  };
}

/** Leading 1s do not change which flat index an element sits at. */
function trimOnes(shape: number[]): number[] {
  let i = 0;
  while (i < shape.length && shape[i] === 1) i++;
  return shape.slice(i);
}

function sameShape(op: Op, a: Float32Array, b: Float32Array, out: Float32Array): void {
  const n = out.length;
  if (op === 'Add') for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
  else if (op === 'Sub') for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
  else if (op === 'Multiply') for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
  else for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
}

/** out = a ∘ b with b repeating every b.length elements. */
function broadcastRight(op: Op, a: Float32Array, b: Float32Array, out: Float32Array): void {
  const n = out.length;
  const m = b.length;
  for (let at = 0; at < n; at += m) {
    if (op === 'Add') for (let j = 0; j < m; j++) out[at + j] = a[at + j] + b[j];
    else if (op === 'Sub') for (let j = 0; j < m; j++) out[at + j] = a[at + j] - b[j];
    else if (op === 'Multiply') for (let j = 0; j < m; j++) out[at + j] = a[at + j] * b[j];
    else for (let j = 0; j < m; j++) out[at + j] = a[at + j] / b[j];
  }
}

/** out = a ∘ b with a repeating every a.length elements. */
function broadcastLeft(op: Op, a: Float32Array, b: Float32Array, out: Float32Array): void {
  const n = out.length;
  const m = a.length;
  for (let at = 0; at < n; at += m) {
    if (op === 'Add') for (let j = 0; j < m; j++) out[at + j] = a[j] + b[at + j];
    else if (op === 'Sub') for (let j = 0; j < m; j++) out[at + j] = a[j] - b[at + j];
    else if (op === 'Multiply') for (let j = 0; j < m; j++) out[at + j] = a[j] * b[at + j];
    else for (let j = 0; j < m; j++) out[at + j] = a[j] / b[at + j];
  }
}
