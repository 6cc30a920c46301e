// Normalisation, padding and shape-preserving layers.
import { describe, expect, it } from 'vitest';
import { batchNormalization } from './batchNormalization';
import { localResponseNormalization } from './localResponseNormalization';
import { zeroPadding2d } from './zeroPadding2d';
import { dropout } from './dropout';
import { activation } from './activation';
import { flatten } from './flatten';

describe('BatchNormalization: 2C trainable (γ, β), 2C non-trainable (moving mean, variance)', () => {
  it.each([
    [[112, 112, 64], 128, 128], // ResNet-50 bn_conv1: 256 params in Keras' summary
    [[120], 240, 240],
  ])('%j → %i + %i', (input, trainable, nonTrainable) => {
    const p = batchNormalization.schema.parse({});
    expect(batchNormalization.outputShape(p, [input])).toEqual({ ok: true, shape: input });
    expect(batchNormalization.paramCount(p, [input], input)).toEqual({ trainable, nonTrainable });
  });

  it('defaults to Keras momentum 0.99 and ε = 0.001', () => {
    expect(batchNormalization.schema.parse({})).toEqual({ momentum: 0.99, epsilon: 1e-3 });
  });
});

describe('shape-preserving layers', () => {
  it.each([
    ['LRN', localResponseNormalization, { size: 5 }, [55, 55, 96]],
    ['Dropout', dropout, { rate: 0.5 }, [4096]],
    ['Activation', activation, { activation: 'relu' }, [28, 28, 6]],
  ] as const)('%s keeps %j and has no parameters', (_n, layer, params, shape) => {
    const p = (layer.schema as any).parse(params);
    expect((layer as any).outputShape(p, [shape])).toEqual({ ok: true, shape });
    expect((layer as any).paramCount(p, [shape], shape)).toEqual({ trainable: 0, nonTrainable: 0 });
  });

  it('LRN defaults to AlexNet n = 5, k = 2, α = 1e-4, β = 0.75 and needs a feature map', () => {
    expect(localResponseNormalization.schema.parse({})).toEqual({ size: 5, k: 2, alpha: 1e-4, beta: 0.75 });
    // The window is centred on each channel, so n is odd.
    expect(localResponseNormalization.schema.safeParse({ size: 4 }).success).toBe(false);
    expect(localResponseNormalization.formula!(localResponseNormalization.schema.parse({}), [[55, 55, 96]], [55, 55, 96])[0]).toBe(
      'b_c = a_c / (2 + 0.0001·Σ_{|c′ − c| ≤ 2} a_c′²)^0.75',
    );
    expect(localResponseNormalization.outputShape(localResponseNormalization.schema.parse({}), [[10]])).toMatchObject({ ok: false, problem: { code: 'rank-mismatch' } });
  });

  it('Activation formula states the function', () => {
    const p = activation.schema.parse({ activation: 'leakyRelu', alpha: 0.1 });
    expect(activation.formula!(p, [[4, 4, 2]], [4, 4, 2])).toEqual(['leakyRelu(x) = max(0.1·x, x)', '4×4×2 → 4×4×2', 'params = 0', 'MACs = 0']);
  });
});

describe('ZeroPadding2D and Flatten', () => {
  it.each([
    [[224, 224, 3], 3, [230, 230, 3]], // ResNet-50 conv1_pad
    [[28, 28, 1], 2, [32, 32, 1]], // MNIST → LeNet-5's 32×32
  ])('%j padded by %i → %j', (input, padding, out) => {
    expect(zeroPadding2d.outputShape({ padding }, [input])).toEqual({ ok: true, shape: out });
  });

  it.each([
    [[5, 5, 16], 400], // LeNet-5 C5 input
    [[6, 6, 256], 9216], // AlexNet pool5
    [[7, 7, 512], 25088], // VGG-16 pool5
  ])('Flatten %j → %i', (input, n) => {
    expect(flatten.outputShape({}, [input])).toEqual({ ok: true, shape: [n] });
  });
});
