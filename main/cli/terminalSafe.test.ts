// Control characters from names and paths are shown, not obeyed: each row is what a hostile project file can
// put in a name, and what the terminal is given instead.
import { describe, expect, it } from 'vitest';
import { terminalSafe, terminalSafeIO } from './terminalSafe';

describe('terminalSafe', () => {
  it.each([
    ['an OSC title change', '\x1b]0;pwned\x07net', '\\x1b]0;pwned\\x07net'],
    ['a clear-screen CSI', '\x1b[2Jconv', '\\x1b[2Jconv'],
    ['a carriage return faking a ✓', 'bad\r✓ ok', 'bad\\x0d✓ ok'],
    ['a right-to-left override', 'out\u202Etxt.exe', 'out\\u202etxt.exe'],
    ['the bidi isolates', 'a\u2066b\u2069c', 'a\\u2066b\\u2069c'],
    ['an 8-bit CSI (C1)', 'x\u009b31my', 'x\\u009b31my'],
    ['DEL and backspace', 'ab\x08\x7f', 'ab\\x08\\u007f'],
    ['newlines and tabs (layout, kept)', 'a\tb\nc', 'a\tb\nc'],
    ['plain text, Korean and box drawing (kept)', 'conv3: 출력 너비 ✓ ── 6×6×2', 'conv3: 출력 너비 ✓ ── 6×6×2'],
  ])('%s', (_name, raw, shown) => {
    expect(terminalSafe(raw)).toBe(shown);
  });

  it('keeps --json output valid JSON that decodes to the same strings', () => {
    const name = 'out\u202E\u009b\x7f\x1b[2J';
    const line = terminalSafe(JSON.stringify({ name }));
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(line).name).toBe(name);
  });

  it('wraps both streams of an IO', () => {
    const got: string[] = [];
    const io = terminalSafeIO({ out: (t) => got.push(`out ${t}`), err: (t) => got.push(`err ${t}`) });
    io.out('\x1b[2J');
    io.err('\r');
    expect(got).toEqual(['out \\x1b[2J', 'err \\x0d']);
  });
});
