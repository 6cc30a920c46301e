// Every English UI text has a Korean one, and every layer type in the registry has a translated name
// (layer names and layer-specific parameter labels come from the layer files, see ./layerLabels.ts).
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ko } from './ko';
import { layers } from '../../src/layers/registry';
import { featureNamespaces } from './index';

function leafKeys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? leafKeys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

const get = (obj: unknown, path: string) => path.split('.').reduce<any>((o, k) => o?.[k], obj);

describe('editor texts', () => {
  it('Korean has exactly the English keys, each non-empty', () => {
    expect(leafKeys(ko).sort()).toEqual(leafKeys(en).sort());
    for (const k of leafKeys(ko)) expect(String(get(ko, k)).length, k).toBeGreaterThan(0);
  });

  it('keeps the same {{placeholders}} in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const k of leafKeys(en)) expect(vars(String(get(ko, k))), k).toEqual(vars(String(get(en, k))));
  });

  it.each(layers.map((l) => [l.type, l.category] as const))('%s has a name and a category label in both languages', (type, cat) => {
    for (const m of [en, ko]) {
      expect(get(m, `layer.${type}`)).toBeTruthy();
      expect(get(m, `category.${cat}`)).toBeTruthy();
    }
  });

  it("a parameter labelled by several layers has one label, and the editor shows the layer's", () => {
    for (const l of layers)
      for (const [param, label] of Object.entries(l.paramLabels ?? {})) {
        expect(get(en, `param.${param}`), `${l.type}.${param}`).toBe(label.en);
        expect(get(ko, `param.${param}`), `${l.type}.${param}`).toBe(label.ko);
      }
  });

  it('every parameter of every layer has a label', () => {
    for (const l of layers) {
      const shape = (l.schema as any).shape ?? {};
      for (const name of Object.keys(shape)) for (const m of [en, ko]) expect(get(m, `param.${name}`), `${l.type}.${name}`).toBeTruthy();
    }
  });
});

describe('feature panel texts', () => {
  it.each(Object.entries(featureNamespaces))('%s: Korean has exactly the English keys, each non-empty, with the same {{placeholders}}', (_ns, texts) => {
    const en = texts.en as Record<string, unknown>;
    const ko = texts.ko as Record<string, unknown>;
    expect(leafKeys(ko).sort()).toEqual(leafKeys(en).sort());
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const k of leafKeys(en)) {
      expect(String(get(ko, k)).length, k).toBeGreaterThan(0);
      expect(vars(String(get(ko, k))), k).toEqual(vars(String(get(en, k))));
    }
  });
});
