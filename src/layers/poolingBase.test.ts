import { describe, expect, it } from 'vitest';
import { maxPooling2d } from './maxPooling2d';
import { averagePooling2d } from './averagePooling2d';
import { l2Pooling2d } from './l2Pooling2d';
import { globalAveragePooling2d } from './globalAveragePooling2d';
import { globalMaxPooling2d } from './globalMaxPooling2d';

const pools = [maxPooling2d, averagePooling2d, l2Pooling2d];

describe.each(pools.map((l) => [l.type, l] as const))('%s: W2 = (W1 − F + 2P)/S + 1, S defaults to F, no parameters', (_t, layer) => {
  it.each([
    // [input, params, output]
    [[28, 28, 6], { poolSize: 2 }, [14, 14, 6]], // LeNet-5 subsampling
    [[224, 224, 64], { poolSize: 2, strides: 2 }, [112, 112, 64]], // VGG-16 pool1
    [[55, 55, 96], { poolSize: 3, strides: 2 }, [27, 27, 96]], // AlexNet overlapping pooling
    [[112, 112, 64], { poolSize: 3, strides: 2, padding: 'same' }, [56, 56, 64]], // ResNet-50 pool1
    [[5, 5, 1], { poolSize: 3, strides: 1, padding: 1 }, [5, 5, 1]],
  ])('%j %j → %j', (input, params, out) => {
    const p = layer.schema.parse(params);
    const r = layer.outputShape(p, [input]);
    expect(r.ok && r.shape).toEqual(out);
    expect(layer.paramCount(p, [input], out)).toEqual({ trainable: 0, nonTrainable: 0 });
  });

  it('a window larger than the input is an error, a ragged stride a warning', () => {
    expect(layer.outputShape(layer.schema.parse({ poolSize: 4 }), [[3, 3, 1]])).toMatchObject({ ok: false, problem: { code: 'non-positive-size', args: { maxF: 3 } } });
    const r = layer.outputShape(layer.schema.parse({ poolSize: 2 }), [[7, 7, 1]]);
    expect(r).toMatchObject({ ok: true, shape: [3, 3, 1] });
    expect(r.ok && r.warnings?.map((w) => [w.code, w.args.axis])).toEqual([['stride-drops-border', 'width'], ['stride-drops-border', 'height']]);
  });

  it('steps the receptive field by F with jump S', () => {
    expect(layer.receptiveField!(layer.schema.parse({ poolSize: 3, strides: 2 }))).toEqual({ kernel: 3, stride: 2 });
    expect(layer.receptiveField!(layer.schema.parse({ poolSize: 2 }))).toEqual({ kernel: 2, stride: 2 });
  });

  it('fills the tooltip formula with the node numbers', () => {
    const p = layer.schema.parse({ poolSize: 2 });
    expect(layer.formula!(p, [[28, 28, 6]], [14, 14, 6])[0]).toBe('W2 = (W1 − F + 2P)/S + 1 = (28 − 2 + 2·0)/2 + 1 = 14');
    expect(layer.summary!(p)).toBe('2×2 /2');
  });
});

describe.each([globalAveragePooling2d, globalMaxPooling2d].map((l) => [l.type, l] as const))('%s: H×W×C → C', (_t, layer) => {
  it.each([
    [[7, 7, 2048], [2048]], // ResNet-50 head
    [[1, 1, 10], [10]],
  ])('%j → %j', (input, out) => {
    expect(layer.outputShape({}, [input])).toEqual({ ok: true, shape: out });
  });

  it('needs a feature map', () => {
    expect(layer.outputShape({}, [[128]])).toMatchObject({ ok: false, problem: { code: 'rank-mismatch' } });
  });
});
