// A CLI argument naming a project: a .cnnproj path, or a template id (e.g. `lenet5`).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseProjectFile, MAX_PROJECT_BYTES } from '../../src/project/projectFile';
import { loadTemplates } from '../../src/project/templates';
import type { ProjectDoc } from '../../src/project/schema';

/** The argument every command takes first. */
export const PROJECT_ARGUMENT = { name: 'project|template', description: 'a project file (.cnnproj) or a template id (e.g. lenet5, resnet20)' } as const;

export type Loaded = { ok: true; doc: ProjectDoc; source: string } | { ok: false; message: string };

export async function loadProjectArg(arg: string): Promise<Loaded> {
  const file = path.resolve(arg);
  const stat = await fs.stat(file).catch(() => undefined);
  if (stat?.isFile()) {
    if (stat.size > MAX_PROJECT_BYTES) return { ok: false, message: `${arg}: larger than any project (${(stat.size / 1048576).toFixed(1)} MB) — give a .cnnproj file.` };
    const parsed = parseProjectFile(await fs.readFile(file, 'utf8'));
    return parsed.ok ? { ok: true, doc: parsed.doc, source: arg } : { ok: false, message: `${arg}: ${parsed.error.message}` };
  }
  if (stat?.isDirectory()) return { ok: false, message: `${arg} is a folder — give a .cnnproj file or a template id.` };
  const templates = await loadTemplates().catch(() => []);
  const t = templates.find((x) => x.id === arg);
  if (t) return { ok: true, doc: t.makeDoc(), source: `template ${t.id}` };
  const ids = templates.map((x) => x.id).join(', ');
  return { ok: false, message: `No file or template named "${arg}" — give a path to a .cnnproj file${ids ? ` or one of the templates: ${ids}` : ''}.` };
}
