// The inspector's form is generated from the real layer schemas: check the specs and the field validation.
import { describe, expect, it } from 'vitest';
import { getLayer, layers } from '../../src/layers/registry';
import { fieldError, fieldSpecs, fieldValue, parseFieldInput, type FieldSpec } from './fieldSpec';

const specsOf = (type: string) => Object.fromEntries(fieldSpecs(getLayer(type)!.schema).map((s) => [s.name, s]));

describe('fieldSpecs from layer schemas', () => {
  it('reads Conv2D: integer bounds, padding union, enum, boolean, defaults', () => {
    const s = specsOf('Conv2D');
    expect(s.filters).toMatchObject({ kind: 'number', int: true, min: 1 });
    expect(s.padding).toMatchObject({ kind: 'enumOrNumber', options: ['valid', 'same'], int: true, min: 0 });
    expect(s.useBias).toMatchObject({ kind: 'boolean', default: true });
    expect(s.activation.kind).toBe('enum');
    expect((s.activation as Extract<FieldSpec, { kind: 'enum' }>).options).toContain('relu');
  });

  it.each(layers.map((l) => [l.type]))('%s: each default passes the layer schema', (type) => {
    const def = getLayer(type)!;
    const defaults = def.schema.parse({}) as Record<string, unknown>;
    for (const spec of fieldSpecs(def.schema)) expect(spec.default, `${type}.${spec.name}`).toEqual(defaults[spec.name]);
  });

  it.each([
    ['Conv2D', 'filters', '0', true],
    ['Conv2D', 'filters', '16', false],
    ['Conv2D', 'kernelSize', '2.5', true],
    ['Conv2D', 'padding', 'same', false],
    ['Conv2D', 'padding', '2', false],
    ['Conv2D', 'padding', '-1', true],
    ['Conv2D', 'padding', 'full', true],
    ['Dropout', 'rate', '1.5', true],
    ['Dropout', 'rate', '0.25', false],
  ] as const)('%s.%s = %s → error %s', (type, name, raw, hasError) => {
    const def = getLayer(type)!;
    const spec = fieldSpecs(def.schema).find((s) => s.name === name)!;
    const err = fieldError(def.schema, name, parseFieldInput(spec, raw));
    expect(err !== undefined).toBe(hasError);
  });
});

describe('derived params (shown empty, with the value they stand for)', () => {
  const derived = layers.flatMap((l) => Object.entries(l.derivedParams ?? {}).map(([name, d]) => [l.type, name, d] as const));

  it('pooling layers declare their stride as derived from the pool size', () =>
    expect(derived.map(([type, name]) => `${type}.${name}`).sort()).toEqual(['AveragePooling2D.strides', 'L2Pooling2D.strides', 'MaxPooling2D.strides']));

  it.each(derived)("%s.%s: the unset value is the schema's default, valid, and stands for the effective value", (type, name, d) => {
    const def = getLayer(type)!;
    const spec = fieldSpecs(def.schema).find((s) => s.name === name)!;
    expect(spec.default).toBe(d.unset);
    expect(fieldError(def.schema, name, d.unset)).toBeUndefined();
    const p = def.schema.parse({ poolSize: 3 });
    expect(d.effective(p)).toBe(3);
    expect(d.label.en).not.toBe(d.label.ko);
  });
});

describe("fieldValue: what a field's text stands for", () => {
  const strides = fieldSpecs(getLayer('MaxPooling2D')!.schema).find((s) => s.name === 'strides')!;
  const filters = fieldSpecs(getLayer('Conv2D')!.schema).find((s) => s.name === 'filters')!;
  it.each([
    ['pool stride, empty', strides, '', { unset: 0 }, 0],
    ['pool stride, 0', strides, '0', { unset: 0 }, 0],
    ['pool stride, 3', strides, ' 3 ', { unset: 0 }, 3],
    ['filters, 40', filters, '40', undefined, 40],
    ['filters, empty: the default applies', filters, '', undefined, undefined],
    ['filters, text stays text for zod to refuse', filters, '4x', undefined, '4x'],
  ] as const)('%s', (_name, spec, raw, derived, expected) => expect(fieldValue(spec, raw, derived)).toBe(expected));
});
