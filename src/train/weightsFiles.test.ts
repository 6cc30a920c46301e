import { describe, expect, it } from 'vitest';
import { expectedBytes, modelJsonText, parseModelJson, type WeightSpec } from './weightsFiles';

const specs: WeightSpec[] = [
  { name: 'conv/kernel', shape: [3, 3, 1, 8], dtype: 'float32' },
  { name: 'conv/bias', shape: [8], dtype: 'float32' },
];
const meta = { graphHash: 'abc', trainedAt: '2024-06-01T00:00:00Z', metrics: { valAcc: 0.9 }, normalization: { mean: [0.29], std: [0.35] } };

describe('model.json', () => {
  it('round-trips the specs and the CNN Studio metadata', () => {
    const back = parseModelJson(modelJsonText({ class_name: 'Model' }, specs, meta));
    expect(back).toEqual({ weightSpecs: specs, meta, modelTopology: { class_name: 'Model' } });
    expect(expectedBytes(back.weightSpecs)).toBe((72 + 8) * 4);
  });

  it('refuses a damaged weight list, naming the field', () => {
    const text = modelJsonText(null, specs, meta).replace('"float32"', '"float99"');
    expect(() => parseModelJson(text)).toThrow(/damaged weight list \(weights\.0\.dtype/);
  });

  it('keeps the sound metadata when one field is not (a NaN metric written as null)', () => {
    const text = modelJsonText(null, specs, { ...meta, metrics: { valLoss: NaN } });
    expect(parseModelJson(text).meta).toEqual({ graphHash: 'abc', trainedAt: meta.trainedAt, metrics: undefined, normalization: meta.normalization });
  });

  it('reads a model.json tfjs wrote itself (no CNN Studio metadata) with an empty graph hash', () => {
    const text = JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['w.bin'], weights: specs }] });
    expect(parseModelJson(text).meta).toEqual({ graphHash: '' });
  });
});
