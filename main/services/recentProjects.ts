// The recent-projects list (most recent first, at most 10), kept in userDataDir as JSON.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { RecentProjectSchema, type RecentProject } from '../../src/contract/project';
import { atomicWrite } from '../../node/fs/atomicWrite';

export const MAX_RECENT = 10;
const RecentFileSchema = z.object({ items: z.array(z.unknown()) });

const fileOf = (userDataDir: string) => path.join(userDataDir, 'recent-projects.json');

export async function readRecent(userDataDir: string): Promise<RecentProject[]> {
  let text: string;
  try {
    text = await fs.readFile(fileOf(userDataDir), 'utf8');
  } catch {
    return [];
  }
  try {
    const parsed = RecentFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return [];
    // A damaged entry is dropped rather than failing the whole list.
    return parsed.data.items.flatMap((i) => {
      const r = RecentProjectSchema.safeParse(i);
      return r.success ? [r.data] : [];
    }).slice(0, MAX_RECENT);
  } catch {
    return [];
  }
}

export async function addRecent(userDataDir: string, entry: { path: string; name: string }): Promise<RecentProject[]> {
  const items = [
    { path: entry.path, name: entry.name, openedAt: new Date().toISOString() },
    ...(await readRecent(userDataDir)).filter((r) => r.path !== entry.path),
  ].slice(0, MAX_RECENT);
  await fs.mkdir(userDataDir, { recursive: true });
  await atomicWrite(fileOf(userDataDir), JSON.stringify({ items }, null, 2));
  return items;
}
