// Identity and same-dtype Cast on wasm share the buffer (stock copies it): the result is a second reference,
// either may be disposed first, the last one frees the heap memory, a real change of dtype still converts, and
// gradients through the tape (which clones every tensor it saves; tfjs' Relu and Identity gradients cast
// float32 to float32) are the stock kernels' to the bit with no copies made.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from '../index';

interface WasmBackendRefs {
  refCount(dataId: object): number;
  numDataIds(): number;
}
const backend = () => tf.backend() as unknown as WasmBackendRefs;
const KERNELS = ['Identity', 'Cast'] as const;
type Shared = (typeof KERNELS)[number];
const OPS: Record<Shared, (x: tf.Tensor) => tf.Tensor> = { Identity: (x) => tf.clone(x), Cast: (x) => tf.cast(x, 'float32') };
/** The stock kernels, captured before ours replace them. */
const stock = {} as Record<Shared, tf.KernelFunc>;

beforeAll(async () => {
  setWasmPaths(new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
  expect(await tf.setBackend('wasm')).toBe(true);
  unregisterFastKernels(tf);
  for (const k of KERNELS) stock[k] = tf.getKernel(k, 'wasm')!.kernelFunc;
  registerFastKernels(tf, { backends: ['wasm'] });
});
afterAll(async () => {
  registerFastKernels(tf, { backends: ['wasm'] });
  await tf.setBackend('cpu');
});

/** Runs `kernels` through `wrap` (ours when it is the identity) for the duration of `f`. */
function withKernels<T>(wrap: (name: Shared, ours: tf.KernelFunc) => tf.KernelFunc, f: () => T): T {
  const configs = KERNELS.map((k) => tf.getKernel(k, 'wasm')!);
  for (const c of configs) {
    tf.unregisterKernel(c.kernelName, 'wasm');
    tf.registerKernel({ ...c, kernelFunc: wrap(c.kernelName as Shared, c.kernelFunc) });
  }
  try {
    return f();
  } finally {
    for (const c of configs) {
      tf.unregisterKernel(c.kernelName, 'wasm');
      tf.registerKernel(c);
    }
  }
}

describe.each(KERNELS)('wasm %s', (name) => {
  it.each([
    ['ours', true],
    ['stock', false],
  ])('%s: shares the heap buffer (or copies it); either reference may be disposed first', (_, ours) => {
    withKernels((k, own) => (ours ? own : stock[k]), () => {
      const x = tf.tensor([1, -2, 3, 4], [2, 2]);
      const before = backend().numDataIds();
      const y = OPS[name](x);
      expect(backend().numDataIds()).toBe(ours ? before : before + 1);
      expect(y.dataId === x.dataId).toBe(ours);
      if (ours) expect(backend().refCount(x.dataId)).toBe(2);
      x.dispose();
      expect(Array.from(y.dataSync())).toEqual([1, -2, 3, 4]);
      y.dispose();
      expect(backend().numDataIds()).toBe(before - 1);
    });
  });
});

describe('a change of dtype', () => {
  it('still converts (Cast float32 → int32 → float32 on a new buffer)', () => {
    const x = tf.tensor([1.7, -2.2, 3.5]);
    const i = tf.cast(x, 'int32');
    const back = tf.cast(i, 'float32');
    expect(i.dtype).toBe('int32');
    expect(i.dataId).not.toBe(x.dataId);
    expect(Array.from(back.dataSync())).toEqual([1, -2, 3]);
    tf.dispose([x, i, back]);
  });
});

/** dx, dw of a small conv → relu → add-with-a-clone → dense chain (Identity and float32 Casts run in its gradient). */
function tapeGradients(): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomUniform([2, 6, 6, 3], -1, 1, 'float32', 5);
    const w = tf.randomUniform([3, 3, 3, 4], -1, 1, 'float32', 6);
    const d = tf.randomUniform([64, 5], -1, 1, 'float32', 7);
    const f = (a: tf.Tensor, b: tf.Tensor) => {
      const h = tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid'));
      return tf.add(h, tf.clone(h)).reshape([2, 64]).matMul(d).square().sum();
    };
    return tf.grads(f)([x, w]).map((g) => g.dataSync() as Float32Array);
  });
}

describe('gradients through the tape', () => {
  it('equal the stock kernels’ to the bit, and ours make no copies', () => {
    let copies = 0;
    const counting = (f: tf.KernelFunc): tf.KernelFunc => (args) => {
      const out = f(args) as tf.TensorInfo;
      if (out.dataId !== (args.inputs.x as tf.TensorInfo).dataId) copies++;
      return out;
    };
    const byStock = withKernels((k) => counting(stock[k]), tapeGradients);
    const stockCopies = copies;
    copies = 0;
    const byOurs = withKernels((_, own) => counting(own), tapeGradients);
    expect(stockCopies).toBeGreaterThan(3);
    expect(copies).toBe(0);
    byOurs.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(byStock[i])));
  });
});
