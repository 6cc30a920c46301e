// Test support: names an attacker (or an unlucky user) could give a project, a node or a class. Pieces that
// end strings, comments and lines in Python, XML and terminals, payloads that leave a marker when they run,
// and raw code points (controls, NUL, lone surrogates, RTL overrides, astral characters) mixed at random.
import fc from 'fast-check';

/** A payload that ran leaves this file in its working folder … */
export const MARKER_FILE = 'PWNED';
/** … and prints this. */
export const MARKER_TEXT = 'PAYLOAD-RAN';

const RUN = `import os; open("${MARKER_FILE}", "w").write("1"); print("${MARKER_TEXT}")`;

/** The attack from issue #13: a project name that closes model.py's docstring, runs code, and opens a new one. */
export const ISSUE_13_ATTACK = `x"""\n${RUN}\n"""`;

export const HOSTILE_PIECES: readonly string[] = [
  ISSUE_13_ATTACK,
  `'''\n${RUN}\n'''`,
  `"\n${RUN}\n"`,
  `"+__import__("os").system("touch ${MARKER_FILE}")+"`,
  `'); ${RUN} #`,
  `\\\n${RUN}`,
  `\r${RUN}\r`,
  `{__import__("os").system("touch ${MARKER_FILE}")}`,
  '"""',
  "'''",
  '"',
  "'",
  '\\',
  '\\N{BULLET}',
  '\\x41\\u0041\\U00000041',
  '\\0',
  '#',
  '# -*- coding: latin-1 -*-',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\f\v',
  '\0',
  '\x1b[2J\x1b]0;title\x07',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066\u2069',
  '\u200f',
  '\ufeff',
  '\ufffe\uffff',
  '\ud800',
  '\udfff',
  '\udfff\ud800',
  '\u{1f600}',
  '👨‍👩‍👧',
  'ä é ß',
  'مرحبا',
  '猫',
  '</script>',
  '<script>alert(1)</script>',
  '<svg onload=alert(1)>',
  '"><svg onload=alert(1)>',
  "' onload='alert(1)",
  ']]>',
  '<![CDATA[',
  '<!--',
  '&amp;',
  '&#0;',
  '&bogus;',
  '${x}',
  '%s%n',
  'self',
  'forward',
  'None',
];

// Any UTF-16 code units: 'binary' strings never hold a lone surrogate, these do.
const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 4 }).map((units) => String.fromCharCode(...units));

/** A name built from hostile pieces and random code points (any of them, lone surrogates included). */
export const hostileString = (maxPieces = 5): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 }), codeUnits), {
      maxLength: maxPieces,
    })
    .map((parts) => parts.join(''));
