import { describe, expect, it } from 'vitest';
import { layoutShortcutOf } from './layoutShortcuts';

const press = (key: string, code: string, mods: { ctrl?: boolean; meta?: boolean; alt?: boolean; shift?: boolean } = {}) => ({
  key,
  code,
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  altKey: !!mods.alt,
  shiftKey: !!mods.shift,
});

describe('layoutShortcutOf', () => {
  it.each([
    ['Ctrl+B', press('b', 'KeyB', { ctrl: true }), 'palette'],
    ['Cmd+B', press('b', 'KeyB', { meta: true }), 'palette'],
    ['Ctrl+Alt+B', press('b', 'KeyB', { ctrl: true, alt: true }), 'inspector'],
    ['Cmd+Alt+B on a Mac (types ∫)', press('∫', 'KeyB', { meta: true, alt: true }), 'inspector'],
    ['Ctrl+J', press('j', 'KeyJ', { ctrl: true }), 'bottom'],
    ['Ctrl+J on a non-QWERTY layout', press('j', 'KeyC', { ctrl: true }), 'bottom'],
    ['B alone', press('b', 'KeyB'), undefined],
    ['Ctrl+Shift+B (bookmarks bar)', press('B', 'KeyB', { ctrl: true, shift: true }), undefined],
    ['Ctrl+Alt+J', press('j', 'KeyJ', { ctrl: true, alt: true }), undefined],
    ['Ctrl+Z', press('z', 'KeyZ', { ctrl: true }), undefined],
  ])('%s', (_name, e, expected) => {
    expect(layoutShortcutOf(e)).toBe(expected);
  });
});
