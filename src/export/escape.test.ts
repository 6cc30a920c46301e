// Markup and plain-text escaping: any string placed as text or as an attribute of an element leaves exactly
// that element (checked by a strict XML parse), and reads back as itself but for what XML cannot hold.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { textLine, xmlAttr, xmlText } from './escape';
import { xmlElements } from './testing/xmlElements';
import { hostileString } from './testing/hostileStrings';

/** What XML can carry of `s`: characters it does not allow become U+FFFD. */
const xmlCarried = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

describe('xmlText / xmlAttr', () => {
  it.each([
    ['<svg onload=alert(1)>', '&lt;svg onload=alert(1)&gt;', '&lt;svg onload=alert(1)&gt;'],
    ['"><script>', '"&gt;&lt;script&gt;', '&quot;&gt;&lt;script&gt;'],
    ["a'b&c", "a'b&amp;c", 'a&#39;b&amp;c'],
    ['a\0b\ud800', 'a\ufffdb\ufffd', 'a\ufffdb\ufffd'],
    ['a\r\nb', 'a&#13;\nb', 'a&#13;&#10;b'],
  ])('%j', (s, text, attr) => {
    expect(xmlText(s)).toBe(text);
    expect(xmlAttr(s)).toBe(attr);
  });

  it('any string as text and as both-quoted attributes: one element, values read back', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const els = xmlElements(`<r a="${xmlAttr(s)}" b='${xmlAttr(s)}'>${xmlText(s)}</r>`);
        expect(els.map((e) => e.name)).toEqual(['r']);
        expect(els[0].attributes).toEqual({ a: xmlCarried(s), b: xmlCarried(s) });
        expect(els[0].text).toBe(xmlCarried(s));
      }),
      { numRuns: 500 },
    );
  });
});

describe('textLine', () => {
  it('no controls, format characters, separators or lone surrogates remain; the rest is kept', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const line = textLine(s);
        expect(line).not.toMatch(/(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
        expect([...line].length).toBe([...s].length);
      }),
      { numRuns: 500 },
    );
    expect(textLine('Katze 猫 👨‍👩‍👧\x1b[2J\u202e\n')).toBe('Katze 猫 👨‍👩‍👧\ufffd[2J\ufffd\ufffd');
  });
});
