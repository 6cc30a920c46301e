// The report's English and Korean texts have the same keys, none empty, and the same placeholders per key.
import { describe, expect, it } from 'vitest';
import reportTexts, { reportText } from './reportTexts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('reportTexts', () => {
  it('en and ko have the same keys', () => {
    expect(Object.keys(reportTexts.ko).sort()).toEqual(Object.keys(reportTexts.en).sort());
  });

  it.each(Object.keys(reportTexts.en))('%s: both non-empty, same placeholders', (key) => {
    const k = key as keyof typeof reportTexts.en;
    expect(reportTexts.en[k].trim()).not.toBe('');
    expect(reportTexts.ko[k].trim()).not.toBe('');
    expect(placeholders(reportTexts.ko[k])).toEqual(placeholders(reportTexts.en[k]));
  });

  it('reportText fills placeholders and leaves unknown ones', () => {
    expect(reportText('en', 'generated', { date: '2026-12-02' })).toBe('Generated 2026-12-02');
    expect(reportText('ko', 'generated', { date: '2026-12-02' })).toBe('생성: 2026-12-02');
    expect(reportText('en', 'generated')).toBe('Generated {date}');
  });
});
