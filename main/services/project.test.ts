import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectChannels } from '../../src/contract/project';
import { createDispatcher } from '../transport/dispatch';
import { handlers } from './project';
import type { HandlerContext } from './context';
import { smallProjectDoc } from '../../src/project/testDoc';
import { serializeProjectFile } from '../../src/project/projectFile';
import { PROJECT_VERSION } from '../../src/project/schema';

let dir: string;
let ctx: HandlerContext;
const dispatch = createDispatcher(projectChannels, handlers);
const call = (channel: string, req: unknown) => dispatch(channel, req, ctx);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'project-svc-'));
  mkdirSync(path.join(dir, 'userData'));
  ctx = { emit: () => {}, allowedRoots: [dir], resourcesDir: dir, userDataDir: path.join(dir, 'userData') };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('project services', () => {
  it('saves and opens a project, keeping the previous version as .bak', async () => {
    const file = path.join(dir, 'net.cnnproj');
    const first = smallProjectDoc('First');
    const second = smallProjectDoc('Second');
    expect(await call('project.save', { path: file, doc: first })).toMatchObject({ ok: true, value: { path: file } });
    expect(await call('project.save', { path: file, doc: second })).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(file + '.bak', 'utf8')).name).toBe('First');
    const opened = await call('project.open', { path: file });
    expect(opened).toEqual({ ok: true, value: { doc: second, path: file } });
    expect(ctx.allowedRoots).toEqual([dir]);
  });

  it('opens a version-0 file and says it was migrated', async () => {
    const file = path.join(dir, 'old.cnnproj');
    writeFileSync(file, JSON.stringify({ version: 0, nodes: [{ id: 'in', type: 'Input', x: 1, y: 2 }], edges: [] }));
    const r = await call('project.open', { path: file });
    expect(r.ok && (r.value as any).migratedFrom).toBe(0);
  });

  const good = serializeProjectFile(smallProjectDoc());
  const failures: { name: string; content: string | null; code: string; says: RegExp }[] = [
    { name: 'missing file', content: null, code: 'not-found', says: /no file at/ },
    { name: 'truncated file', content: good.slice(0, 200), code: 'truncated', says: /bad\.cnnproj: The file ends early/ },
    { name: 'foreign JSON', content: '{"compilerOptions":{}}', code: 'not-a-project', says: /no "format" field/ },
    { name: 'newer version', content: good.replace(`"version": ${PROJECT_VERSION}`, '"version": 99'), code: 'newer-version', says: /update the app/ },
    { name: 'too large', content: 'x'.repeat(21 * 1024 * 1024), code: 'too-large', says: /larger than any project/ },
  ];
  it.each(failures)('refuses a $name with code $code and changes nothing', async ({ content, code, says }) => {
    const file = path.join(dir, 'bad.cnnproj');
    if (content !== null) writeFileSync(file, content);
    const r = await call('project.open', { path: file });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(says);
    }
    expect(ctx.allowedRoots).toEqual([dir]);
    expect((await call('project.recent', {})) as any).toEqual({ ok: true, value: { items: [] } });
    if (content !== null) expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it.each([
    ['a relative path', 'net.cnnproj', 'bad-path', /not a full path/],
    ['another extension', '/tmp/evil.sh', 'bad-path', /end in \.cnnproj/],
    ['a missing folder', '<dir>/nonexistent-folder-xyz/net.cnnproj', 'not-found', /does not exist/],
    ['a folder outside the allowed ones', '/nonexistent-folder-xyz/net.cnnproj', 'outside-allowed-folders', /outside the folders this app may use/],
  ])('refuses to save to %s', async (_n, p, code, says) => {
    const r = await call('project.save', { path: p.replace('<dir>', dir), doc: smallProjectDoc() });
    expect(r.ok ? '' : r.error.code).toBe(code);
    expect(r.ok ? '' : r.error.message).toMatch(says);
  });

  it('keeps the 10 most recent projects, newest first, without duplicates', async () => {
    for (let i = 0; i < 12; i++) await call('project.save', { path: path.join(dir, `p${i}.cnnproj`), doc: smallProjectDoc(`P${i}`) });
    await call('project.open', { path: path.join(dir, 'p5.cnnproj') });
    const r = (await call('project.recent', {})) as any;
    const names = r.value.items.map((i: any) => i.name);
    expect(names).toEqual(['P5', 'P11', 'P10', 'P9', 'P8', 'P7', 'P6', 'P4', 'P3', 'P2']);
  });

  it('survives a damaged recent list', async () => {
    writeFileSync(path.join(ctx.userDataDir, 'recent-projects.json'), '{"items":[{"path":1},');
    expect(await call('project.recent', {})).toEqual({ ok: true, value: { items: [] } });
    await call('project.save', { path: path.join(dir, 'a.cnnproj'), doc: smallProjectDoc('A') });
    expect(((await call('project.recent', {})) as any).value.items.map((i: any) => i.name)).toEqual(['A']);
  });

  it('answers dialogs with {supported:false} when the host has none (web mode)', async () => {
    expect(await call('dialog.openFile', {})).toEqual({ ok: true, value: { supported: false } });
    expect(await call('dialog.saveFile', { defaultPath: '/tmp/x.cnnproj' })).toEqual({ ok: true, value: { supported: false } });
  });

  it('uses native dialogs when the host has them, and allows the chosen folder', async () => {
    const chosen = path.join(dir, 'data', 'x.cnnproj');
    ctx.allowedRoots = [];
    ctx.dialogs = { openFile: async () => ({ canceled: false, path: chosen }), saveFile: async () => ({ canceled: true }) };
    expect(await call('dialog.openFile', {})).toEqual({ ok: true, value: { supported: true, canceled: false, path: chosen } });
    expect(ctx.allowedRoots).toEqual([path.dirname(chosen)]);
    expect(await call('dialog.saveFile', {})).toEqual({ ok: true, value: { supported: true, canceled: true } });
  });

  it.runIf(existsSync(path.join(import.meta.dirname, '../../src/templates/index.ts')))('lists templates and makes a valid project from each', async () => {
    const list = (await call('project.listTemplates', {})) as any;
    expect(list.ok).toBe(true);
    expect(list.value.templates.length).toBeGreaterThan(0);
    for (const t of list.value.templates) {
      const r = (await call('project.new', { templateId: t.id })) as any;
      expect(r.ok, `${t.id}: ${JSON.stringify(r.error)}`).toBe(true);
      expect(r.value.doc.graph.nodes.length).toBeGreaterThan(1);
    }
    const missing = (await call('project.new', { templateId: 'no-such-template' })) as any;
    expect(missing.error.code).toBe('unknown-template');
  });
});
