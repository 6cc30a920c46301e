import { describe, expect, it } from 'vitest';
import { layers } from '../../src/layers/registry';
import { en } from '../i18n/en';
import { ko } from '../i18n/ko';
import { searchLayers } from './quickAddSearch';

const entries = (m: typeof en) => layers.map((l) => ({ type: l.type, label: (m.layer as Record<string, string>)[l.type] }));

describe('quick-add search', () => {
  it.each([
    ['conv', 'Conv2D'],
    ['Conv2D', 'Conv2D'],
    ['dense', 'Dense'],
    ['max', 'MaxPooling2D'],
    ['flat', 'Flatten'],
    ['gap', 'GlobalAveragePooling2D'],
    ['bn', 'BatchNormalization'],
    ['res', 'ResidualBlock'],
    ['pool', 'MaxPooling2D'],
  ])('"%s" → %s first (English labels)', (q, type) => expect(searchLayers(q, entries(en))[0]?.type).toBe(type));

  it.each([
    ['합성곱', 'Conv2D'],
    ['평탄', 'Flatten'],
    ['드롭', 'Dropout'],
  ])('"%s" → %s first (Korean labels)', (q, type) => expect(searchLayers(q, entries(ko))[0]?.type).toBe(type));

  it('finds nothing for an empty or unknown query', () => {
    expect(searchLayers('  ', entries(en))).toEqual([]);
    expect(searchLayers('transformer', entries(en))).toEqual([]);
  });
});
