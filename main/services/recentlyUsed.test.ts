import { describe, expect, it } from 'vitest';
import { RecentlyUsed } from './recentlyUsed';

/** Entries that hold some pixels, which may arrive after the entry was added (as a dataset's do). */
const sized = (limits: { maxEntries: number; maxBytes: number }) => new RecentlyUsed<{ pixels?: Uint8Array }>({ ...limits, bytesOf: (v) => v.pixels?.byteLength ?? 0 });

describe('RecentlyUsed', () => {
  it('keeps at most maxEntries, dropping the least recently used; a get counts as a use', () => {
    const m = sized({ maxEntries: 2, maxBytes: Infinity });
    m.set('a', {});
    m.set('b', {});
    expect(m.get('a')).toBeDefined(); // a is now newer than b
    m.set('c', {});
    expect(m.keys()).toEqual(['a', 'c']);
    expect(m.get('b')).toBeUndefined();
  });

  it('keeps the bytes within budget, also when an entry grows after it was added', () => {
    const m = sized({ maxEntries: 10, maxBytes: 100 });
    const a = { pixels: new Uint8Array(60) };
    const b: { pixels?: Uint8Array } = {};
    m.set('a', a);
    m.set('b', b);
    expect(m.keys()).toEqual(['a', 'b']);
    b.pixels = new Uint8Array(60); // b's pixels arrived: 120 bytes held
    m.trim('b');
    expect(m.keys()).toEqual(['b']);
  });

  it('never drops the entry in use, even alone over the budget', () => {
    const m = sized({ maxEntries: 10, maxBytes: 100 });
    m.set('small', { pixels: new Uint8Array(10) });
    m.set('huge', { pixels: new Uint8Array(500) });
    expect(m.keys()).toEqual(['huge']);
    expect(m.get('huge')?.pixels?.byteLength).toBe(500);
  });
});
