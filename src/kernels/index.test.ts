// registerFastKernels / unregisterFastKernels swap kernels in tfjs's global registry and put the originals back.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { registerFastKernels, unregisterFastKernels } from './index';

describe('registerFastKernels', () => {
  it('replaces the cpu kernels, is idempotent, and unregistering restores the very same stock configs', async () => {
    await tf.setBackend('cpu');
    const names = ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'BatchMatMul', 'Sum', 'Tile'];
    const stock = names.map((n) => tf.getKernel(n, 'cpu'));
    expect(stock.every(Boolean)).toBe(true);

    const first = registerFastKernels(tf, { backends: ['cpu'] });
    const second = registerFastKernels(tf, { backends: ['cpu'] });
    expect(second).toEqual(first);
    for (const n of names) expect(first).toContain(`cpu/${n}`);
    names.forEach((n, i) => expect(tf.getKernel(n, 'cpu')).not.toBe(stock[i]));

    // Training still works through our kernels after a double registration (fallbacks point at stock, not at ours).
    const x = tf.randomUniform([2, 6, 6, 1], 0, 1, 'float32', 1);
    const w = tf.randomUniform([3, 3, 1, 2], -1, 1, 'float32', 2);
    const g = tf.grad((f: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same').sum())(w);
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);

    unregisterFastKernels(tf);
    names.forEach((n, i) => expect(tf.getKernel(n, 'cpu')).toBe(stock[i]));
  });

  it('skips backends that are not registered with tfjs', () => {
    expect(tf.findBackendFactory('wasm')).toBeNull();
    expect(registerFastKernels(tf, { backends: ['wasm'] })).toEqual([]);
  });
});
