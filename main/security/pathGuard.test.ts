// File confinement on real folders and symlinks: the project services (directly and through the real web
// host) refuse paths that leave the allowed folders, and nothing outside is read or written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { channels } from '../../src/contract';
import { createDispatcher } from '../transport/dispatch';
import { handlers as projectHandlers } from '../services/project';
import { isInsideAllowedRoots, type HandlerContext } from '../services/context';
import { serializeProjectFile } from '../../src/project/projectFile';
import { smallProjectDoc } from '../../src/project/testDoc';
import { startWebHost, type WebHost } from '../web/server';
import { createWebClient } from '../../src/contract/webClient';
import { confinePath, workspaceRootsFrom } from './pathGuard';
import { assertLoopbackHost } from './loopback';

let base: string;
let root: string;
let outside: string;
const secretText = serializeProjectFile(smallProjectDoc('SECRET outside the root'));
const dispatch = createDispatcher(channels, projectHandlers as any);
const ctxFor = (): HandlerContext => ({ emit: () => {}, allowedRoots: [root], resourcesDir: base, userDataDir: path.join(base, 'userData') });

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'confine-'));
  root = path.join(base, 'root');
  outside = path.join(base, 'outside');
  for (const d of [root, outside, path.join(base, 'root-evil'), path.join(base, 'userData'), path.join(root, 'sub'), path.join(root, '%2e%2e')]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(outside, 'secret.cnnproj'), secretText);
  writeFileSync(path.join(base, 'root-evil', 'secret.cnnproj'), secretText);
  writeFileSync(path.join(root, 'mine.cnnproj'), serializeProjectFile(smallProjectDoc('Mine')));
  symlinkSync(outside, path.join(root, 'link-out'));
  symlinkSync(path.join(outside, 'secret.cnnproj'), path.join(root, 'file-link.cnnproj'));
  symlinkSync(path.join(root, 'sub'), path.join(root, 'link-in'));
  writeFileSync(path.join(root, 'sub', 'inner.cnnproj'), serializeProjectFile(smallProjectDoc('Inner')));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const outsideListing = () => readdirSync(outside).map((f) => [f, readFileSync(path.join(outside, f), 'utf8')]);

// Paths as the page would send them; <root>, <base> filled in at run time.
const refused: [string, string, string][] = [
  ['`..` up and out', '<root>/../outside/secret.cnnproj', 'outside-allowed-folders'],
  ['`..` from a subfolder', '<root>/sub/../../outside/secret.cnnproj', 'outside-allowed-folders'],
  ['a sibling sharing the root’s name as prefix', '<base>/root-evil/secret.cnnproj', 'outside-allowed-folders'],
  ['a symlinked folder pointing out', '<root>/link-out/secret.cnnproj', 'outside-allowed-folders'],
  ['a symlinked file pointing out', '<root>/file-link.cnnproj', 'outside-allowed-folders'],
  ['an absolute system path', '/etc/passwd', 'outside-allowed-folders'],
  ['the root of the filesystem', '/', 'outside-allowed-folders'],
  ['a relative path', 'outside/secret.cnnproj', 'bad-path'],
  ['a NUL byte', '<root>/mine.cnnproj\0.txt', 'bad-path'],
];
const fill = (p: string) => p.replace('<root>', root).replace('<base>', base);

describe('confinePath / isInsideAllowedRoots', () => {
  it.each(refused)('refuses %s', (_n, p, code) => {
    expect(() => confinePath(ctxFor(), fill(p))).toThrow(expect.objectContaining({ code }));
    expect(isInsideAllowedRoots(ctxFor(), fill(p))).toBe(false);
  });

  it.each([
    ['a file in the root', '<root>/mine.cnnproj'],
    ['a new file in the root', '<root>/new.cnnproj'],
    ['a symlink staying inside', '<root>/link-in/inner.cnnproj'],
    ['a literal %2e%2e folder (URL encoding means nothing in a path)', '<root>/%2e%2e/x.cnnproj'],
  ])('allows %s', (_n, p) => {
    expect(confinePath(ctxFor(), fill(p)).startsWith(root)).toBe(true);
    expect(isInsideAllowedRoots(ctxFor(), fill(p))).toBe(true);
  });

  it.each([
    ['a dangling symlink pointing out (a folder to be made there)', 'dangling-out', (o: string) => path.join(o, 'not-yet'), 'outside-allowed-folders'],
    ['a dangling symlink chain pointing out', 'dangling-chain', () => path.join(root, 'dangling-out'), 'outside-allowed-folders'],
  ])('confinePath refuses %s', (_n, name, target, code) => {
    symlinkSync(target(outside), path.join(root, name));
    expect(() => confinePath(ctxFor(), path.join(root, name, 'model.json'), 'export folder')).toThrow(expect.objectContaining({ code, message: expect.stringContaining(`leads to ${path.join(outside, 'not-yet', 'model.json')}`) }));
  });

  it('confinePath allows a dangling symlink that stays inside, answering where it leads', () => {
    symlinkSync(path.join(root, 'sub', 'later'), path.join(root, 'dangling-in'));
    expect(confinePath(ctxFor(), path.join(root, 'dangling-in', 'w'))).toBe(path.join(root, 'sub', 'later', 'w'));
  });

  it('names the resolved target of a symlink and the allowed folders in its message', () => {
    expect(() => confinePath(ctxFor(), path.join(root, 'link-out', 'secret.cnnproj'), 'project file')).toThrow(
      new RegExp(`leads to ${outside}.*outside the folders this app may use \\(${root}\\)`),
    );
  });
});

describe('project services stay inside the allowed folders', () => {
  it.each(refused)('project.open refuses %s and reads nothing', async (_n, p, code) => {
    const ctx = ctxFor();
    const r = await dispatch('project.open', { path: fill(p) }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code } });
    expect(JSON.stringify(r)).not.toContain('SECRET');
    expect(ctx.allowedRoots).toEqual([root]); // a refused path grants nothing
  });

  it.each(refused.filter(([, p]) => p.endsWith('.cnnproj')))('project.save refuses %s and writes nothing outside', async (_n, p, code) => {
    const before = outsideListing();
    const r = await dispatch('project.save', { path: fill(p), doc: smallProjectDoc('Overwrite') }, ctxFor());
    expect(r).toMatchObject({ ok: false, error: { code } });
    expect(outsideListing()).toEqual(before);
  });

  it('an encoded `..` is just a folder name: opening it finds nothing and reaches nothing outside', async () => {
    const r = await dispatch('project.open', { path: path.join(root, '%2e%2e', 'outside', 'secret.cnnproj') }, ctxFor());
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('opens and saves inside the root, through a symlink that stays inside', async () => {
    const r = await dispatch('project.open', { path: path.join(root, 'link-in', 'inner.cnnproj') }, ctxFor());
    expect(r).toMatchObject({ ok: true, value: { doc: { name: 'Inner' } } });
    expect(await dispatch('project.save', { path: path.join(root, 'saved.cnnproj'), doc: smallProjectDoc('Saved') }, ctxFor())).toMatchObject({ ok: true });
  });
});

describe('through the web host', () => {
  let web: WebHost;
  beforeAll(async () => {
    web = await startWebHost({ userDataDir: path.join(base, 'userData'), resourcesDir: base, dispatch, allowedRoots: [root] });
  });
  afterAll(() => web?.close());

  it.each(refused.filter(([, , code]) => code === 'outside-allowed-folders'))('refuses to open %s', async (_n, p) => {
    const client = createWebClient({ baseUrl: web.origin, token: web.token });
    await expect(client.invoke('project.open', { path: fill(p) })).rejects.toMatchObject({ code: 'outside-allowed-folders' });
  });

  it('opens a project inside its root', async () => {
    const client = createWebClient({ baseUrl: web.origin, token: web.token });
    expect((await client.invoke('project.open', { path: path.join(root, 'mine.cnnproj') })).doc.name).toBe('Mine');
  });
});

describe('listening and roots', () => {
  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '::ffff:0.0.0.0', ''])('refuses to listen on %j', async (host) => {
    expect(() => assertLoopbackHost(host)).toThrow(/must stay on this computer/);
    await expect(startWebHost({ userDataDir: base, resourcesDir: base, dispatch, bindHost: host })).rejects.toThrow(/Refusing to listen/);
  });

  it('listens on 127.0.0.1 for "localhost"', async () => {
    const web = await startWebHost({ userDataDir: base, resourcesDir: base, dispatch, bindHost: 'localhost' });
    expect(web.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await web.close();
  });

  it('takes workspace roots from --root flags and CNN_STUDIO_ROOTS, else home + temp', () => {
    expect(workspaceRootsFrom(['/data/a', '/data/a/'], `/data/b${path.delimiter}/data/c`)).toEqual(['/data/a', '/data/b', '/data/c']);
    const defaults = workspaceRootsFrom([], '');
    expect(defaults).toContain(path.resolve(tmpdir()));
    expect(defaults).not.toContain('/');
  });
});
