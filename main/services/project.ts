// Project services: new from template, open (with migrations), atomic save with .bak, recent list,
// templates, and the native file dialogs (web mode answers {supported:false}; the UI then asks for a path).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseProjectFile, serializeProjectFile, MAX_PROJECT_BYTES } from '../../src/project/projectFile';
import { loadTemplates } from '../../src/project/templates';
import { allowRoot, defineHandlers, HostFailure } from './context';
import { projectChannels } from '../../src/contract/project';
import { atomicWrite } from '../../node/fs/atomicWrite';
import { describeFileError } from '../../node/fs/fileErrors';
import { addRecent, readRecent } from './recentProjects';
import { confinePath } from '../security/pathGuard';

export const PROJECT_EXTENSION = '.cnnproj';

function requireAbsolute(p: string): string {
  if (!path.isAbsolute(p)) throw new HostFailure('bad-path', `"${p}" is not a full path — give the whole path, e.g. /home/me/model${PROJECT_EXTENSION}.`);
  return path.normalize(p);
}

/** Reads a project file without changing anything; every failure is a HostFailure naming what was wrong. */
export async function readProjectFile(filePath: string) {
  const p = requireAbsolute(filePath);
  let stat;
  try {
    stat = await fs.stat(p);
  } catch {
    throw new HostFailure('not-found', `There is no file at ${p} — check the path.`);
  }
  if (!stat.isFile()) throw new HostFailure('not-a-file', `${p} is a folder, not a project file — choose a ${PROJECT_EXTENSION} file.`);
  if (stat.size > MAX_PROJECT_BYTES)
    throw new HostFailure('too-large', `${path.basename(p)} is ${(stat.size / 1048576).toFixed(1)} MB, larger than any project (limit ${MAX_PROJECT_BYTES / 1048576} MB) — open a ${PROJECT_EXTENSION} file.`);
  let text: string;
  try {
    text = await fs.readFile(p, 'utf8');
  } catch (e) {
    throw new HostFailure('unreadable', `The project file ${p} ${describeFileError(e, p, 'reading')}`);
  }
  const parsed = parseProjectFile(text);
  if (!parsed.ok) throw new HostFailure(parsed.error.code, `${path.basename(p)}: ${parsed.error.message}`);
  return { doc: parsed.doc, path: p, migratedFrom: parsed.migratedFrom };
}

export const handlers = defineHandlers(projectChannels, {
  'project.new': async ({ templateId }) => {
    const templates = await loadTemplates();
    const t = templates.find((x) => x.id === templateId);
    if (!t) throw new HostFailure('unknown-template', `There is no template "${templateId}" — choose one of: ${templates.map((x) => x.id).join(', ')}.`);
    return { doc: t.makeDoc() };
  },

  'project.open': async ({ path: filePath }, ctx) => {
    confinePath(ctx, requireAbsolute(filePath), 'project file');
    const result = await readProjectFile(filePath);
    allowRoot(ctx, path.dirname(result.path));
    await addRecent(ctx.userDataDir, { path: result.path, name: result.doc.name }).catch(() => {});
    return result;
  },

  'project.save': async ({ path: filePath, doc }, ctx) => {
    const p = requireAbsolute(filePath);
    if (!p.endsWith(PROJECT_EXTENSION))
      throw new HostFailure('bad-path', `Project files end in ${PROJECT_EXTENSION} — save as ${path.basename(p, path.extname(p))}${PROJECT_EXTENSION}.`);
    // Symlinks resolved: a .cnnproj link pointing out of the allowed folders is refused, not written through.
    confinePath(ctx, p, 'project file');
    const dir = path.dirname(p);
    const dirStat = await fs.stat(dir).catch(() => undefined);
    if (!dirStat?.isDirectory()) throw new HostFailure('not-found', `The folder ${dir} does not exist — choose an existing folder.`);
    const text = serializeProjectFile(doc);
    try {
      await atomicWrite(p, text, { backup: true });
    } catch (e: any) {
      throw new HostFailure('write-failed', `Could not save ${p} (${e?.code ?? e?.message ?? e}) — the previous file is unchanged; check the folder is writable and has space.`);
    }
    allowRoot(ctx, dir);
    await addRecent(ctx.userDataDir, { path: p, name: doc.name }).catch(() => {});
    return { path: p, bytes: Buffer.byteLength(text) };
  },

  'project.recent': async (_req, ctx) => ({ items: await readRecent(ctx.userDataDir) }),

  'project.listTemplates': async () => ({
    templates: (await loadTemplates()).map(({ id, name, description, category }) => ({ id, name, description, category })),
  }),

  'dialog.openFile': async (req, ctx) => {
    if (!ctx.dialogs) return { supported: false as const };
    const r = await ctx.dialogs.openFile(req);
    if (r.path) allowRoot(ctx, req.directory ? r.path : path.dirname(r.path));
    return { supported: true as const, ...r };
  },

  'dialog.saveFile': async (req, ctx) => {
    if (!ctx.dialogs) return { supported: false as const };
    return { supported: true as const, ...(await ctx.dialogs.saveFile(req)) };
  },
});
