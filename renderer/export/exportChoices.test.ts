import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, formatNeedsWeights } from '../../src/export/formats';
import { defaultExportDir, formatBytes } from './exportChoices';
import texts from './i18n';

describe('export panel choices', () => {
  it.each([
    ['/home/me/nets/digits.cnnproj', 'LeNet-5', 'onnx', '/home/me/nets/lenet-5-onnx'],
    ['C:\\nets\\a.cnnproj', 'My Net', 'tfjs', 'C:\\nets\\my-net-tfjs'],
    [undefined, 'x', 'svg', ''],
  ] as const)('default folder for %s (%s, %s) is %s', (p, name, f, want) => {
    expect(defaultExportDir(p, name, f)).toBe(want);
  });

  it('pictures need no weights; every other format does', () => {
    expect(EXPORT_FORMATS.filter((f) => !formatNeedsWeights(f))).toEqual(['svg', 'png']);
  });

  it('formats sizes', () => {
    expect([formatBytes(900), formatBytes(2048), formatBytes(5 * 1048576)]).toEqual(['900 B', '2.0 KB', '5.0 MB']);
  });

  it('every format has a label in English and Korean, with the same placeholders', () => {
    for (const f of EXPORT_FORMATS) for (const lang of ['en', 'ko'] as const) expect((texts[lang].formats as any)[f]).toBeTruthy();
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(texts.en) as (keyof typeof texts.en)[])
      if (typeof texts.en[k] === 'string') expect(vars(texts.ko[k] as string), k).toEqual(vars(texts.en[k] as string));
  });
});
