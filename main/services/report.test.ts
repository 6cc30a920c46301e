// The report channels through the host's dispatcher: an HTML report lands where asked (the file replaced is kept
// as .bak); the wrong extension, a hidden folder, a missing folder, a folder in the way and a path outside the
// allowed folders are refused in words and write nothing; PDF is printed by the host's printer where it has one
// (Electron), and refused as unsupported where it has none (the web host).
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reportChannels } from '../../src/contract/report';
import type { HandlerContext } from './context';
import { handlers } from './report';
import { createDispatcher } from '../transport/dispatch';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cnn-report-svc-'));
const allowed = path.join(tmp, 'work');
mkdirSync(path.join(allowed, '.config'), { recursive: true });
mkdirSync(path.join(allowed, 'taken.html'));
const ctx: HandlerContext = { emit: () => {}, allowedRoots: [allowed], resourcesDir: tmp, userDataDir: path.join(tmp, 'user') };
const call = createDispatcher(reportChannels, handlers);
const html = '<!DOCTYPE html><html><body><h1>Evaluation</h1><p>acc 97.5%</p></body></html>';
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('report channels', () => {
  it('report.save writes the HTML where asked, keeping the file it replaces as .bak', async () => {
    const target = path.join(allowed, 'lenet-evaluation.html');
    const first = await call('report.save', { path: target, html }, ctx);
    expect(first).toEqual({ ok: true, value: { path: target, bytes: Buffer.byteLength(html) } });
    expect(readFileSync(target, 'utf8')).toBe(html);
    await call('report.save', { path: target, html: `${html}\n` }, ctx);
    expect(readFileSync(target, 'utf8')).toBe(`${html}\n`);
    expect(readFileSync(`${target}.bak`, 'utf8')).toBe(html);
  });

  it.each([
    ['another extension', path.join(allowed, 'report.txt'), 'bad-path', /saved as a \.html file — save it as report\.html/],
    ['a hidden folder', path.join(allowed, '.config', 'r.html'), 'bad-path', /not saved inside hidden folders \(\.config\)/],
    ['a folder that does not exist', path.join(allowed, 'nope', 'r.html'), 'not-found', /does not exist/],
    ['a folder in the way', path.join(allowed, 'taken.html'), 'bad-path', /is a folder or a special file/],
    ['outside the allowed folders', path.join(tmp, 'r.html'), 'outside-allowed-folders', /outside the folders this app may use/],
    ['a relative path', 'r.html', 'bad-path', /not a full path/],
  ])('report.save refuses %s', async (_why, target, code, message) => {
    const before = readdirSync(allowed).sort();
    const r = await call('report.save', { path: target, html }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(message);
    }
    expect(readdirSync(allowed).sort()).toEqual(before);
  });

  it('report.savePdf writes what the host prints, and is unsupported without a printer', async () => {
    const target = path.join(allowed, 'lenet-evaluation.pdf');
    const without = await call('report.savePdf', { path: target, html }, ctx);
    expect(without.ok ? undefined : without.error.code).toBe('unsupported');
    expect(existsSync(target)).toBe(false);
    const printed: string[] = [];
    const pdf = new TextEncoder().encode('%PDF-1.7 test');
    const r = await call('report.savePdf', { path: target, html }, { ...ctx, printPdf: async (h) => (printed.push(h), pdf) });
    expect(r).toEqual({ ok: true, value: { path: target, bytes: pdf.byteLength } });
    expect(printed).toEqual([html]);
    expect(new Uint8Array(readFileSync(target))).toEqual(pdf);
    const wrong = await call('report.savePdf', { path: path.join(allowed, 'x.html'), html }, { ...ctx, printPdf: async () => pdf });
    expect(wrong.ok ? undefined : wrong.error.message).toMatch(/saved as a \.pdf file/);
  });
});
