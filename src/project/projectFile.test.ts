import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseProjectFile, serializeProjectFile, MAX_PROJECT_BYTES, MAX_JSON_DEPTH } from './projectFile';
import { scanJsonText } from './jsonLimits';
import { PROJECT_VERSION } from './schema';
import { smallProjectDoc } from './testDoc';

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'cnnproj-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes text to a real file and reads it back, as the host does. */
function viaFile(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return readFileSync(p, 'utf8');
}

describe('parseProjectFile', () => {
  it('round-trips a document through a file unchanged', () => {
    const doc = smallProjectDoc('Round trip — 한국어');
    const parsed = parseProjectFile(viaFile('rt.cnnproj', serializeProjectFile(doc)));
    expect(parsed).toEqual({ ok: true, doc });
  });

  const good = serializeProjectFile(smallProjectDoc());
  const cases: { name: string; text: string; code: string; says: RegExp }[] = [
    { name: 'empty file', text: '', code: 'empty', says: /empty/ },
    { name: 'whitespace only', text: '  \n', code: 'empty', says: /empty/ },
    { name: 'truncated mid-way', text: good.slice(0, Math.floor(good.length / 2)), code: 'truncated', says: /ends early.*\.bak/ },
    { name: 'corrupt (bad byte in the middle)', text: good.replace('"graph"', '"graph" oops'), code: 'corrupt', says: /not valid JSON/ },
    { name: 'not JSON at all (PNG-like)', text: '\x89PNG\r\n\x1a\n....', code: 'not-a-project', says: /not a CNN Studio project/ },
    { name: 'foreign JSON without format', text: '{"name":"my-package","version":"1.0.0"}', code: 'not-a-project', says: /no "format" field\) — open a \.cnnproj file/ },
    { name: 'foreign JSON with another format', text: '{"format":"keras","version":1}', code: 'not-a-project', says: /format is "keras"/ },
    { name: 'a JSON array', text: '[1,2,3]', code: 'not-a-project', says: /not an object/ },
    { name: 'newer version', text: good.replace(`"version": ${PROJECT_VERSION}`, `"version": ${PROJECT_VERSION + 1}`), code: 'newer-version', says: /newer CNN Studio.*update the app/ },
    { name: 'fractional version', text: good.replace(`"version": ${PROJECT_VERSION}`, '"version": 1.5'), code: 'bad-version', says: /not a whole number/ },
    { name: 'node id of the wrong type', text: good.replace('"id": "c1"', '"id": 7'), code: 'invalid-project', says: /graph\.nodes\.1\.id/ },
    { name: 'too deep', text: '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1), code: 'too-deep', says: new RegExp(`more than ${MAX_JSON_DEPTH} levels`) },
  ];
  it.each(cases)('$name → $code', ({ name, text, code, says }) => {
    const r = parseProjectFile(viaFile(`${name.replace(/\W+/g, '_')}.cnnproj`, text));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(says);
  });

  it('refuses a file over the size limit before parsing it', () => {
    const big = '{"format":"cnn-studio.project","pad":"' + 'x'.repeat(MAX_PROJECT_BYTES) + '"}';
    const r = parseProjectFile(big);
    expect(r.ok || r.error.code).toBe('too-large');
  });

  it('drops __proto__ keys so nothing reaches Object.prototype', () => {
    const text = good.replace('"filters": 6', '"filters": 6, "__proto__": {"polluted": true}');
    expect(text).toContain('__proto__');
    const r = parseProjectFile(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const params = r.doc.graph.nodes[1].params;
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.keys(params)).not.toContain('__proto__');
    expect(({} as any).polluted).toBeUndefined();
  });

  it('fills defaults for fields older files leave out', () => {
    const r = parseProjectFile('{"format":"cnn-studio.project","version":1,"graph":{"nodes":[],"edges":[]}}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.name).toBe('Untitled');
    expect(r.doc.dataset).toEqual({ kind: 'mnist' });
    expect(r.doc.training.optimizer).toBe('adam');
  });
});

describe('scanJsonText measures nesting depth outside strings', () => {
  it.each([
    ['{}', 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['{"s":"[[[[not nesting]]]] \\" {"}', 1],
    ['"just a string"', 0],
  ])('%s → %i', (text, depth) => {
    expect(scanJsonText(text, depth)).toBeUndefined(); // fits at exactly its depth
    if (depth > 0) expect(scanJsonText(text, depth - 1)?.code).toBe('too-deep'); // and not one level less
  });
});
