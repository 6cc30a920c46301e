import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LAYOUT_PREFS,
  INSPECTOR,
  LAYOUT_PREFS_KEY,
  PALETTE,
  parseLayoutPrefs,
  readLayoutPrefs,
  withKnownTab,
  writeLayoutPrefs,
  type LayoutPrefs,
} from './layoutPrefs';

const chosen: LayoutPrefs = {
  paletteWidth: 260,
  inspectorWidth: 340,
  bottomPercent: 61.5,
  paletteCollapsed: true,
  inspectorCollapsed: false,
  bottomCollapsed: false,
  bottomMaximised: true,
  activeTab: 'training',
};

describe('parseLayoutPrefs', () => {
  it.each<[string, string | null, Partial<LayoutPrefs>]>([
    ['nothing stored', null, {}],
    ['not JSON', '{oops', {}],
    ['JSON null', 'null', {}],
    ['an array', '[1,2]', {}],
    ['a number', '42', {}],
    ['an empty object', '{}', {}],
    ['a palette too narrow', JSON.stringify({ ...chosen, paletteWidth: 3 }), { ...chosen, paletteWidth: PALETTE.defaultPx }],
    ['an inspector too wide', JSON.stringify({ ...chosen, inspectorWidth: 99999 }), { ...chosen, inspectorWidth: INSPECTOR.defaultPx }],
    ['a size as a string', JSON.stringify({ ...chosen, bottomPercent: '50' }), { ...chosen, bottomPercent: 44 }],
    ['a bottom panel of 100 %', JSON.stringify({ ...chosen, bottomPercent: 100 }), { ...chosen, bottomPercent: 44 }],
    ['a flag as a string', JSON.stringify({ ...chosen, bottomMaximised: 'yes' }), { ...chosen, bottomMaximised: false }],
    ['an empty tab id', JSON.stringify({ ...chosen, activeTab: '' }), { ...chosen, activeTab: 'problems' }],
    ['unknown extra keys', JSON.stringify({ ...chosen, theme: 'x' }), chosen],
    ['a valid record', JSON.stringify(chosen), chosen],
  ])('%s', (_name, text, expected) => {
    expect(parseLayoutPrefs(text)).toEqual({ ...DEFAULT_LAYOUT_PREFS, ...expected });
  });

  it('has generous defaults: the bottom panel about 40–45 % of the height, nothing collapsed', () => {
    expect(DEFAULT_LAYOUT_PREFS.bottomPercent).toBeGreaterThanOrEqual(40);
    expect(DEFAULT_LAYOUT_PREFS.bottomPercent).toBeLessThanOrEqual(45);
    expect([DEFAULT_LAYOUT_PREFS.paletteCollapsed, DEFAULT_LAYOUT_PREFS.inspectorCollapsed, DEFAULT_LAYOUT_PREFS.bottomCollapsed, DEFAULT_LAYOUT_PREFS.bottomMaximised]).toEqual([false, false, false, false]);
  });
});

describe('withKnownTab', () => {
  it.each([
    ['training', ['problems', 'training'], 'training'],
    ['gone', ['problems', 'training'], 'problems'],
  ])('tab %s among %j → %s', (tab, ids, expected) => {
    expect(withKnownTab({ ...chosen, activeTab: tab }, ids).activeTab).toBe(expected);
  });
});

describe('stored prefs', () => {
  const memory = () => {
    const map = new Map<string, string>();
    return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
  };

  it('round-trip through storage', () => {
    const storage = memory();
    writeLayoutPrefs(storage, chosen);
    expect(storage.map.has(LAYOUT_PREFS_KEY)).toBe(true);
    expect(readLayoutPrefs(storage)).toEqual(chosen);
  });

  it('fall back to defaults when storage throws, and writing to it does not throw', () => {
    const denied = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readLayoutPrefs(denied)).toEqual(DEFAULT_LAYOUT_PREFS);
    expect(() => writeLayoutPrefs(denied, chosen)).not.toThrow();
    expect(readLayoutPrefs(undefined)).toEqual(DEFAULT_LAYOUT_PREFS);
  });
});
