// The in-app file browser's host side on real folders: the allowed roots, folders with their image counts,
// files filtered by extension, a file or a new name picked out of its folder, and every way out of the
// allowed folders refused (.., absolute paths elsewhere, links) — through the real dispatcher.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { channels } from '../../src/contract';
import { createDispatcher } from '../transport/dispatch';
import { allHandlers } from './index';
import { LISTING_LIMITS } from './files';
import type { HandlerContext } from './context';

let base: string;
let root: string;
let outside: string;
let ctx: HandlerContext;
const dispatch = createDispatcher(channels, allHandlers);
const list = (req: unknown): Promise<any> => dispatch('files.list', req, ctx);
const names = (r: any) => r.value.entries.map((e: any) => `${e.kind === 'folder' ? '/' : ''}${e.name}`);

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'files-svc-'));
  root = path.join(base, 'root');
  outside = path.join(base, 'outside');
  const files: Record<string, string> = {
    'digits/cat/1.png': 'x',
    'digits/cat/2.JPG': 'x',
    'digits/cat/notes.txt': 'x',
    'digits/dog/1.webp': 'x',
    'digits/dog/2.bmp': 'x',
    'digits/dog/3.gif': 'x',
    'digits/dog/4.jpeg': 'x',
    'digits/empty/.keep': '',
    'net.cnnproj': '{}',
    'model.onnx': 'onnx',
    'readme.md': 'hello',
    '.hidden.cnnproj': '{}',
    'folder 10/a.png': 'x',
    'folder 9/a.png': 'x',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  mkdirSync(path.join(root, 'many'));
  for (let i = 0; i < 30; i++) writeFileSync(path.join(root, 'many', `${i}.png`), 'x');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.cnnproj'), '{}');
  symlinkSync(outside, path.join(root, 'link-out'));
  symlinkSync(path.join(outside, 'secret.cnnproj'), path.join(root, 'secret-link.cnnproj'));
  symlinkSync(path.join(root, 'digits'), path.join(root, 'link-in'));
  ctx = { emit: () => {}, allowedRoots: [root, path.join(root, 'digits')], resourcesDir: base, userDataDir: base };
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('files.list', () => {
  it('without a path lists the allowed folders, leaving out those inside another', async () => {
    const r = await list({});
    expect(r.ok).toBe(true);
    expect(r.value.entries.map((e: any) => e.path)).toEqual([root]);
    expect(r.value.path).toBeUndefined();
  });

  it('lists folders first with their image counts, then files of the asked extensions; hidden ones and links out left out', async () => {
    const r = await list({ path: root, extensions: ['cnnproj'] });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(names(r)).toEqual(['/digits', '/folder 9', '/folder 10', '/link-in', '/many', 'net.cnnproj']);
    const byName = Object.fromEntries(r.value.entries.map((e: any) => [e.name, e]));
    expect(byName['net.cnnproj']).toMatchObject({ kind: 'file', size: 2, path: path.join(root, 'net.cnnproj') });
    expect(byName['net.cnnproj'].modifiedMs).toBeGreaterThan(Date.now() - 600_000);
    expect(byName.many.images).toEqual({ count: 30, more: false });
    expect(byName.digits.images).toEqual({ count: 0, more: false });
    expect(r.value).toMatchObject({ path: root, root, parent: undefined, truncated: false });
  });

  it.each([
    ['every file', undefined, ['/digits', '/folder 9', '/folder 10', '/link-in', '/many', 'model.onnx', 'net.cnnproj', 'readme.md']],
    ['folders only', [], ['/digits', '/folder 9', '/folder 10', '/link-in', '/many']],
    ['.json or .onnx', ['json', '.onnx'], ['/digits', '/folder 9', '/folder 10', '/link-in', '/many', 'model.onnx']],
  ])('filters files: %s', async (_label, extensions, want) => {
    expect(names(await list({ path: root, extensions }))).toEqual(want);
  });

  it('counts png/jpg/jpeg/bmp/gif/webp in any case, and shows hidden files when asked', async () => {
    const r = await list({ path: path.join(root, 'digits'), extensions: [] });
    expect(r.value.entries.map((e: any) => [e.name, e.images])).toEqual([
      ['cat', { count: 2, more: false }],
      ['dog', { count: 4, more: false }],
      ['empty', { count: 0, more: false }],
    ]);
    expect(r.value.parent).toBe(root);
    expect(r.value.root).toBe(root);
    expect(names(await list({ path: root, extensions: ['cnnproj'], showHidden: true }))).toContain('.hidden.cnnproj');
  });

  it('bounds the counting and the listing', async () => {
    const saved = { ...LISTING_LIMITS };
    try {
      LISTING_LIMITS.countPerFolder = 10;
      LISTING_LIMITS.entries = 3;
      const r = await list({ path: root, extensions: ['cnnproj'] });
      expect(names(r)).toEqual(['/digits', '/folder 9', '/folder 10']);
      expect(r.value.truncated).toBe(true);
      expect((await list({ path: root, extensions: [] })).value.entries.length).toBe(3);
      LISTING_LIMITS.entries = saved.entries;
      const many = (await list({ path: root, extensions: [] })).value.entries.find((e: any) => e.name === 'many');
      expect(many.images).toEqual({ count: expect.any(Number), more: true });
      expect(many.images.count).toBeLessThanOrEqual(10);
    } finally {
      Object.assign(LISTING_LIMITS, saved);
    }
  });

  it.each([
    ['an existing file', 'net.cnnproj', { name: 'net.cnnproj', exists: true, kind: 'file' }],
    ['a name not there yet (Save As)', 'new.cnnproj', { name: 'new.cnnproj', exists: false }],
  ])('a path to %s lists its folder with the name picked out', async (_label, name, target) => {
    const r = await list({ path: path.join(root, name), extensions: ['cnnproj'] });
    expect(r.value.path).toBe(root);
    expect(r.value.target).toEqual(target);
  });

  it.each([
    ['a folder elsewhere', () => outside, 'outside-allowed-folders', /outside the folders this app may use/],
    ['/etc', () => '/etc', 'outside-allowed-folders', /The folder \/etc is outside the folders this app may use/],
    ['a .. out of the root', () => path.join(root, '..', 'outside'), 'outside-allowed-folders', /outside the folders/],
    ['a link out of the root', () => path.join(root, 'link-out'), 'outside-allowed-folders', /it leads to .*outside/],
    ['a file link out of the root', () => path.join(root, 'secret-link.cnnproj'), 'outside-allowed-folders', /it leads to .*secret\.cnnproj/],
    ['a relative path', () => 'digits', 'bad-path', /not a full path/],
    ['a missing folder', () => path.join(root, 'nope', 'deeper'), 'not-found', /There is no folder .*nope/],
  ])('refuses %s', async (_label, p, code, message) => {
    const r = await list({ path: p() });
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(message);
    expect(r.error.message).not.toMatch(/Open dialog/);
  });

  it('follows a link that stays inside, to its real folder', async () => {
    const r = await list({ path: path.join(root, 'link-in'), extensions: [] });
    expect(r.value.path).toBe(path.join(root, 'digits'));
    expect(names(r)).toEqual(['/cat', '/dog', '/empty']);
  });
});
