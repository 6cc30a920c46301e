// Every registered layer explains itself in every UI language: a palette line, what it does, when to use it,
// and help for each of its parameters (a new layer file without them fails here).
import { describe, expect, it } from 'vitest';
import { layers } from '../layers/registry';
import { layerSummaryText } from './layerSummary';

const LANGS = ['en', 'ko'] as const;
const hangul = /[\uac00-\ud7a3]/;

describe.each(layers.map((l) => [l.type, l] as const))('%s', (type, def) => {
  it.each(LANGS)('has about texts in %s', (lang) => {
    for (const part of [def.explain.summary, def.explain.what, def.explain.when]) {
      expect(part[lang].length, `${type} ${lang}`).toBeGreaterThan(20);
      expect(hangul.test(part[lang]), `${type} ${lang}: ${part[lang]}`).toBe(lang === 'ko');
    }
  });

  it('has help for exactly its parameters, in every language', () => {
    const names = Object.keys((def.schema as unknown as { shape: Record<string, unknown> }).shape);
    expect(Object.keys(def.explain.params).sort()).toEqual([...names].sort());
    for (const name of names)
      for (const lang of LANGS) {
        const help = def.explain.params[name][lang];
        expect(help.length, `${type}.${name} ${lang}`).toBeGreaterThan(10);
        expect(hangul.test(help), `${type}.${name} ${lang}`).toBe(lang === 'ko');
      }
  });

  it('has a palette line that says more than its name', () => {
    for (const lang of LANGS) {
      const line = layerSummaryText(type, lang);
      expect(line).toBe(def.explain.summary[lang]);
      expect(line).not.toBe(def.labels[lang]);
      expect(line).not.toBe(type);
    }
  });
});

it('an unknown type gets its own name as the palette line', () => expect(layerSummaryText('NoSuchLayer', 'ko')).toBe('NoSuchLayer'));
