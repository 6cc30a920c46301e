// The form's text → the spec, with each problem at the field it was typed in.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FIELDS, specFromFields, type PatternFields } from './patternForm';

const fields = (patch: Partial<PatternFields>): PatternFields => ({ ...DEFAULT_FIELDS, ...patch });

describe('specFromFields', () => {
  it('reads comma lists and the input size', () => {
    const r = specFromFields(fields({ k: '1', m: '2', n: '2', filters: '6, 16', fcSizes: '120,84', height: '32', width: '32', padding: 'valid', kernelSize: '5' }));
    expect(r.spec).toMatchObject({ k: 1, m: 2, n: 2, filters: [6, 16], fcSizes: [120, 84], kernelSize: 5, padding: 'valid', input: { height: 32, width: 32, channels: 1 } });
  });

  it.each([
    [{ k: '' }, 'k'],
    [{ k: '0' }, 'k'],
    [{ m: '2.5' }, 'm'],
    [{ filters: '6, x' }, 'filters'],
    [{ filters: '' }, 'filters'],
    [{ fcSizes: '', n: '1' }, 'fcSizes'],
    [{ dropout: '1' }, 'dropout'],
    [{ width: '0' }, 'width'],
    [{ channels: 'three' }, 'channels'],
  ] as const)('%j is a problem at %s', (patch, field) => {
    const r = specFromFields(fields(patch));
    expect(r.spec).toBeUndefined();
    expect(Object.keys(r.errors)).toEqual([field]);
  });

  it('n = 0 needs no FC sizes', () => {
    expect(specFromFields(fields({ n: '0', fcSizes: '' })).spec?.n).toBe(0);
  });
});
