// BatchMatMul for the wasm backend: its XNNPACK path only covers the plain a·b form; with transposeA/B it drops
// to a scalar loop (measured here: ~0.7 vs ~25 GFLOP/s). Dense-layer gradients are exactly aᵀ·dy and dy·wᵀ, so
// materialise the transposed operand with wasm's own Transpose kernel and run the plain product.
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';

type Tf = typeof tfjs;

export function makeWasmBatchMatMulKernel(tf: Tf, stock: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    if (!stock) throw new Error('BatchMatMul (wasm): the stock wasm kernel is not registered');
    const transposeA = Boolean(attrs?.transposeA);
    const transposeB = Boolean(attrs?.transposeB);
    if (!transposeA && !transposeB) return stock(args);
    const transpose = tf.getKernel('Transpose', 'wasm')?.kernelFunc;
    if (!transpose) return stock(args);
    const swapLastTwo = (t: TensorInfo): TensorInfo => {
      const perm = t.shape.map((_, i) => i);
      const r = perm.length;
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return transpose({ inputs: { x: t }, backend, attrs: { perm } }) as TensorInfo;
    };
    const temps: TensorInfo[] = [];
    let a = inputs.a as TensorInfo;
    let b = inputs.b as TensorInfo;
    if (transposeA) temps.push((a = swapLastTwo(a)));
    if (transposeB) temps.push((b = swapLastTwo(b)));
    const out = stock({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    for (const t of temps) (backend as { disposeData(id: object): boolean }).disposeData(t.dataId);
    return out;
  };
}
