// Autosaved documents in <userData>/recovery/<id>.json: the project file itself plus a "recoveryOf" field
// (when and from where), written with atomicWrite so a crash mid-autosave leaves the previous autosave.
// Reading goes through the project parser, so a damaged recovery file is refused like a damaged project.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MAX_PROJECT_BYTES, parseProjectFile, serializeProjectFile } from '../../src/project/projectFile';
import type { ProjectDoc } from '../../src/project/schema';
import { RecoveryIdSchema, type RecoveryItem } from '../../src/contract/recovery';
import { atomicWrite } from '../../node/fs/atomicWrite';

export const RECOVERY_DIR = 'recovery';
export const MAX_RECOVERY_ITEMS = 50;
const MetaSchema = z.object({ savedAt: z.string().max(100), projectPath: z.string().max(4096).optional() });

const dirOf = (userDataDir: string) => path.join(userDataDir, RECOVERY_DIR);
const fileOf = (userDataDir: string, id: string) => path.join(dirOf(userDataDir), `${RecoveryIdSchema.parse(id)}.json`);

export async function writeRecovery(userDataDir: string, entry: { id: string; doc: ProjectDoc; projectPath?: string }, now = new Date()) {
  const savedAt = now.toISOString();
  const docText = serializeProjectFile(entry.doc);
  const meta = JSON.stringify({ savedAt, projectPath: entry.projectPath });
  // The meta goes first so a reader sees it without parsing the whole document.
  const text = `{"recoveryOf":${meta},${docText.trimStart().slice(1)}`;
  await fs.mkdir(dirOf(userDataDir), { recursive: true });
  await atomicWrite(fileOf(userDataDir, entry.id), text);
  return { id: entry.id, savedAt, bytes: Buffer.byteLength(text) };
}

export async function readRecoveryFile(file: string): Promise<Omit<RecoveryItem, 'id'> | undefined> {
  const st = await fs.stat(file);
  if (!st.isFile() || st.size > MAX_PROJECT_BYTES) return undefined;
  const text = await fs.readFile(file, 'utf8');
  const parsed = parseProjectFile(text);
  if (!parsed.ok) return undefined;
  const meta = MetaSchema.safeParse((JSON.parse(text) as { recoveryOf?: unknown }).recoveryOf);
  if (!meta.success) return undefined;
  return { name: parsed.doc.name, savedAt: meta.data.savedAt, projectPath: meta.data.projectPath, doc: parsed.doc };
}

/** Every readable autosave, newest first; unreadable ones are counted and left on disk for inspection. */
export async function listRecovery(userDataDir: string): Promise<{ items: RecoveryItem[]; damaged: number }> {
  let names: string[];
  try {
    names = await fs.readdir(dirOf(userDataDir));
  } catch {
    return { items: [], damaged: 0 };
  }
  const items: RecoveryItem[] = [];
  let damaged = 0;
  for (const name of names) {
    // Temp files of an interrupted atomicWrite start with '.', and are not autosaves.
    const id = name.endsWith('.json') ? name.slice(0, -5) : '';
    if (!RecoveryIdSchema.safeParse(id).success) continue;
    const item = await readRecoveryFile(path.join(dirOf(userDataDir), name)).catch(() => undefined);
    if (item) items.push({ id, ...item });
    else damaged++;
  }
  items.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  return { items: items.slice(0, MAX_RECOVERY_ITEMS), damaged };
}

export async function discardRecovery(userDataDir: string, id: string): Promise<boolean> {
  try {
    await fs.rm(fileOf(userDataDir, id));
    return true;
  } catch (e: any) {
    if (e?.code === 'ENOENT') return false;
    throw e;
  }
}
