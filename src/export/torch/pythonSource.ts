// The one place where strings become Python source (model.py, train.py). Anything from the project — its
// name, class names, layer names — goes through these: text into literals or comments by escaping,
// names into identifiers by a whitelist, so no input can end a string, a comment or a line.

/** Python's hard keywords (3.x): never valid as a name. */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** Python's builtins (3.8–3.13): a local of that name would hide the builtin from the rest of the function. */
export const PYTHON_BUILTINS: ReadonlySet<string> = new Set(
  (
    'ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError BytesWarning ' +
    'ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis ' +
    'EncodingWarning EnvironmentError Exception ExceptionGroup FileExistsError FileNotFoundError FloatingPointError FutureWarning GeneratorExit ' +
    'IOError ImportError ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError ' +
    'MemoryError ModuleNotFoundError NameError NotADirectoryError NotImplemented NotImplementedError OSError OverflowError ' +
    'PendingDeprecationWarning PermissionError ProcessLookupError PythonFinalizationError RecursionError ReferenceError ResourceWarning ' +
    'RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError ' +
    'TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ' +
    'ValueError Warning ZeroDivisionError abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile ' +
    'complex copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash ' +
    'help hex id input int isinstance issubclass iter len license list locals map max memoryview min next object oct open ord pow print ' +
    'property quit range repr reversed round set setattr slice sorted staticmethod str sum super tuple type vars zip'
  ).split(' '),
);

// Printable as itself inside a literal or comment: letters, marks, digits, punctuation, symbols and the
// plain space. Everything else (controls, NUL, line and paragraph separators, bidi overrides, lone
// surrogates, other spaces) is written as an escape, so the source shows exactly what the value holds.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChars(s: string): string {
  let out = '';
  // for…of walks code points; a lone surrogate comes out as one unit and is escaped as \udXXX.
  for (const ch of s) {
    const short = SHORT_ESCAPES[ch];
    if (short) out += short;
    else if (PRINTABLE.test(ch)) out += ch;
    else {
      const cp = ch.codePointAt(0)!;
      const hex = cp.toString(16);
      out += cp < 0x100 ? `\\x${hex.padStart(2, '0')}` : cp < 0x10000 ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
    }
  }
  return out;
}

/** A double-quoted Python str literal that evaluates to exactly `s` (lone surrogates included). */
export const pythonString = (s: string): string => `"${escapeChars(s)}"`;

/**
 * A triple-quoted docstring, one escaped line per entry: every `"` and `\` inside is escaped, so no line
 * can close the string, and a newline inside an entry stays `\n` rather than starting a line of code.
 */
export const pythonDocstring = (lines: readonly string[]): string => `"""${lines.map(escapeChars).join('\n')}\n"""`;

/** `# text` on one line: newlines and other controls come out as visible escapes, so nothing ends the comment. */
export const pythonComment = (text: string): string => `# ${escapeChars(text)}`;

/**
 * A valid Python identifier from any string by a whitelist: [A-Za-z0-9_] kept, anything else `_`, a leading
 * digit or underscore prefixed (`3x3` → l_3x3, keeping clear of dunder and private names), and a keyword or
 * `reserved` name suffixed with `_`. Not unique by itself: PythonNames is.
 */
export function pythonIdentifier(raw: string, reserved: ReadonlySet<string> = PYTHON_KEYWORDS): string {
  let id = raw.replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z]/.test(id)) id = `l_${id}`;
  while (PYTHON_KEYWORDS.has(id) || reserved.has(id)) id = `${id}_`;
  return id;
}

/** Unique identifiers in one Python scope: taken names and `reserved` (plus the keywords) never come back. */
export class PythonNames {
  private readonly used = new Set<string>();
  constructor(private readonly reserved: ReadonlySet<string>) {}

  take(raw: string): string {
    const base = pythonIdentifier(raw, this.reserved);
    let name = base;
    for (let k = 2; this.used.has(name) || this.reserved.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.used.has(name);
  }
}
