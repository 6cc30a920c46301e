import { describe, expect, it } from 'vitest';
import { distinctNonAscii, koreanUiCharacters, loadKoreanFaces } from './koreanFont';

describe('distinctNonAscii', () => {
  it.each<[string[], string]>([
    [[], ''],
    [['Layers', 'Export'], ''],
    [['학습', '학습 시작'], '학습시작'],
    [['CNN 스튜디오', '28×28'], '스튜디오×'],
  ])('%j → %j', (texts, expected) => {
    expect(distinctNonAscii(texts)).toBe(expected);
  });
});

describe('koreanUiCharacters', () => {
  it('holds the Hangul of every namespace (menu, workbench, training) and no ASCII', () => {
    const chars = koreanUiCharacters();
    for (const ch of '파일스튜디오학습최대화복원') expect(chars).toContain(ch);
    expect(/[\x00-\x7f]/.test(chars)).toBe(false);
  });
});

describe('loadKoreanFaces', () => {
  it('asks for both bundled weights, and settles when a load fails', async () => {
    const asked: string[] = [];
    const fonts = { load: async (font: string) => (asked.push(font), font.startsWith('700') ? Promise.reject(new Error('offline')) : []) } as unknown as FontFaceSet;
    await expect(loadKoreanFaces('학습', fonts)).resolves.toBeUndefined();
    expect(asked).toEqual(['400 16px "Noto Sans KR"', '700 16px "Noto Sans KR"']);
  });
});
