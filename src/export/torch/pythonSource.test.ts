// Strings into Python source: random hostile strings as literals, docstrings and comments in one module that
// one Python process parses — each literal must evaluate to exactly its string, and no docstring or comment
// may add a statement. Identifiers are checked against the interpreter's own keyword and builtin lists.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PYTHON_BUILTINS, PYTHON_KEYWORDS, PythonNames, pythonComment, pythonDocstring, pythonIdentifier, pythonString } from './pythonSource';
import { hostileString, ISSUE_13_ATTACK } from '../testing/hostileStrings';
import { findPython } from '../../../node/testing/python';

const python = findPython();

// Reads cases.json (what each piece should be) and literals.py (the generated source) and reports, per
// case, what Python made of it: the literal's value, the docstring's value and the function body's shape.
const CHECK = `
import ast, builtins, json, keyword, sys
root = sys.argv[1]
cases = json.load(open(root + "/cases.json", encoding="utf-8"))
src = open(root + "/literals.py", "rb").read()
tree = ast.parse(src)
compile(src, "literals.py", "exec")
values = {}
for node in tree.body:
    if isinstance(node, ast.Assign):
        values[node.targets[0].id] = ast.literal_eval(node.value)
    elif isinstance(node, ast.FunctionDef):
        values[node.name] = {"body": [type(s).__name__ for s in node.body], "doc": node.body[0].value.value}
out = {
    "values": values,
    "statements": [type(s).__name__ for s in tree.body],
    "identifiers": [s.isidentifier() and not keyword.iskeyword(s) for s in cases["identifiers"]],
    "keywords": keyword.kwlist,
    "builtins": [n for n in dir(builtins) if not n.startswith("_")],
}
json.dump(out, open(root + "/result.json", "w", encoding="utf-8"))
`;

describe('pythonSource', () => {
  it.each([
    ['plain', 'LeNet-5', '"LeNet-5"'],
    ['quotes and backslash', 'a"b\\c\'d', '"a\\"b\\\\c\'d"'],
    ['newline, CR, tab, NUL', 'a\nb\rc\td\0', '"a\\nb\\rc\\td\\x00"'],
    ['RTL override, line separator, BOM', '\u202e\u2028\ufeff', '"\\u202e\\u2028\\ufeff"'],
    ['lone surrogate, astral', '\ud800\u{1f600}', '"\\ud800\u{1f600}"'],
    ['\\N{…} stays text', '\\N{BULLET}', '"\\\\N{BULLET}"'],
    ['issue #13', ISSUE_13_ATTACK, '"x\\"\\"\\"\\nimport os; open(\\"PWNED\\", \\"w\\").write(\\"1\\"); print(\\"PAYLOAD-RAN\\")\\n\\"\\"\\""'],
  ])('pythonString: %s', (_label, s, want) => {
    expect(pythonString(s)).toBe(want);
  });

  it.each([
    ['C1', 'C1'],
    ['block1_conv1.bn', 'block1_conv1_bn'],
    ['3x3', 'l_3x3'],
    ['', 'l_'],
    ['__init__', 'l___init__'],
    ['class', 'class_'],
    ['None', 'None_'],
    ['a-b c', 'a_b_c'],
    ['猫', 'l__'],
  ])('pythonIdentifier(%j) = %j', (raw, want) => {
    expect(pythonIdentifier(raw)).toBe(want);
  });

  it('PythonNames: reserved names and repeats get suffixes; results are distinct ASCII identifiers', () => {
    fc.assert(
      fc.property(fc.array(hostileString(3), { maxLength: 30 }), (raws) => {
        const names = new PythonNames(new Set(['x', 'x_2', 'torch']));
        const got = [...raws, 'x', 'x', 'torch'].map((r) => names.take(r));
        expect(new Set(got).size).toBe(got.length);
        for (const n of got) {
          expect(n).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
          expect(PYTHON_KEYWORDS.has(n) || ['x', 'x_2', 'torch'].includes(n)).toBe(false);
        }
      }),
    );
  });

  it('pythonComment keeps any text on one line', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        expect(pythonComment(s)).not.toMatch(/[\n\r\0\u2028\u2029\f\v]/);
        expect(pythonComment(s).startsWith('# ')).toBe(true);
      }),
    );
  });

  it.skipIf(!python)('Python reads every literal back as its string; docstrings and comments add no statement', () => {
    const strings = fc.sample(hostileString(), { numRuns: 300 });
    const docs = fc.sample(fc.array(hostileString(3), { minLength: 1, maxLength: 3 }), { numRuns: 100 });
    const identifiers = fc.sample(hostileString(3), { numRuns: 200 }).map((s) => pythonIdentifier(s, PYTHON_BUILTINS));
    const source = [
      ...strings.map((s, i) => `s${i} = ${pythonString(s)}  ${pythonComment(s)}`),
      ...docs.map((lines, i) => `def doc${i}():\n    ${pythonDocstring(lines)}\n    ${pythonComment(lines.join(''))}\n    return ${i}\n`),
    ].join('\n');
    const dir = mkdtempSync(path.join(tmpdir(), 'cnn-pysrc-'));
    writeFileSync(path.join(dir, 'literals.py'), source);
    writeFileSync(path.join(dir, 'cases.json'), JSON.stringify({ identifiers }));
    writeFileSync(path.join(dir, 'check.py'), CHECK);
    const r = spawnSync(python!, ['check.py', dir], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8'));
    expect(out.statements).toEqual([...strings.map(() => 'Assign'), ...docs.map(() => 'FunctionDef')]);
    strings.forEach((s, i) => expect(out.values[`s${i}`], JSON.stringify(s)).toBe(s));
    docs.forEach((lines, i) => {
      expect(out.values[`doc${i}`].body, JSON.stringify(lines)).toEqual(['Expr', 'Return']);
      expect(out.values[`doc${i}`].doc, JSON.stringify(lines)).toBe(`${lines.join('\n')}\n`);
    });
    expect(out.identifiers.every(Boolean)).toBe(true);
    expect(out.keywords.filter((k: string) => !PYTHON_KEYWORDS.has(k))).toEqual([]);
    expect(out.builtins.filter((b: string) => !PYTHON_BUILTINS.has(b) && !PYTHON_KEYWORDS.has(b))).toEqual([]);
  });
});
