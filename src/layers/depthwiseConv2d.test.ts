import { describe, expect, it } from 'vitest';
import { depthwiseConv2d } from './depthwiseConv2d';

describe('DepthwiseConv2D: one F×F filter per channel × m, params F·F·C·m + C·m', () => {
  it.each([
    // [input, params, output, params] — MobileNet v1 (Howard et al. 2017, Table 1; Keras uses no bias there)
    [[112, 112, 32], { kernelSize: 3, useBias: false }, [112, 112, 32], 288],
    [[112, 112, 64], { kernelSize: 3, strides: 2, useBias: false }, [56, 56, 64], 576],
    [[8, 8, 3], { kernelSize: 3, depthMultiplier: 2 }, [8, 8, 6], 3 * 3 * 3 * 2 + 6],
    [[9, 9, 4], { kernelSize: 3, padding: 'valid' }, [7, 7, 4], 3 * 3 * 4 + 4],
  ])('%j %j → %j with %i params', (input, params, out, count) => {
    const p = depthwiseConv2d.schema.parse(params);
    const r = depthwiseConv2d.outputShape(p, [input]);
    expect(r.ok && r.shape).toEqual(out);
    expect(depthwiseConv2d.paramCount(p, [input], out)).toEqual({ trainable: count, nonTrainable: 0 });
  });

  it('costs F·F MACs per output value, a K-th of a full convolution', () => {
    const p = depthwiseConv2d.schema.parse({ kernelSize: 3 });
    expect(depthwiseConv2d.macs(p, [[112, 112, 32]], [112, 112, 32])).toBe(112 * 112 * 32 * 9);
  });

  it('refuses dilation, which the tfjs DepthwiseConv2D layer would silently ignore', () => {
    const r = depthwiseConv2d.outputShape(depthwiseConv2d.schema.parse({ dilation: 2 }), [[9, 9, 1]]);
    expect(r).toMatchObject({ ok: false, problem: { code: 'invalid-params', args: { param: 'dilation' } } });
  });

  it('errors with the arithmetic when the kernel does not fit', () => {
    const r = depthwiseConv2d.outputShape(depthwiseConv2d.schema.parse({ kernelSize: 5, padding: 'valid' }), [[3, 3, 8]]);
    expect(r).toMatchObject({ ok: false, problem: { code: 'non-positive-size', args: { formula: '(3 − 5 + 2·0)/1 + 1', value: '−1', maxF: 3 } } });
  });
});
