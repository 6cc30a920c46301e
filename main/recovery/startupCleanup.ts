// At host start (Electron main, the web host): repair what writes killed in an earlier run left behind in the
// places this app writes to — the user data folder and its recovery folder, and for each recent project its
// folder (project saves, whole-folder swaps of <project>.weights) and its weights folder (in-place swaps).
// Interrupted set swaps are finished or undone, abandoned temporaries removed (node/fs/orphanTemporaries.ts);
// temporaries of writers still running (a CLI export in another terminal) are left alone. Runs in the
// background: a slow or unreachable folder never delays the window, and a failure only leaves the leftovers.
import path from 'node:path';
import { cleanOrphanTemporaries, type CleanReport } from '../../node/fs/orphanTemporaries';
import { readRecent } from '../services/recentProjects';
import { weightsDirFor } from '../services/train';
import { RECOVERY_DIR } from './recoveryStore';

/** The folders looked at, most important first, without repeats. */
export async function foldersToClean(userDataDir: string): Promise<string[]> {
  const recent = await readRecent(userDataDir).catch(() => []);
  const folders = [userDataDir, path.join(userDataDir, RECOVERY_DIR), ...recent.flatMap((r) => [path.dirname(r.path), weightsDirFor(r.path)])];
  return [...new Set(folders.map((f) => path.resolve(f)))];
}

/** Cleans every folder of foldersToClean; returns what was done, all folders together. */
export async function cleanAtStart(userDataDir: string): Promise<CleanReport> {
  const total: CleanReport = { removed: [], completed: [], restored: [] };
  for (const folder of await foldersToClean(userDataDir)) {
    const r = await cleanOrphanTemporaries(folder).catch(() => undefined);
    if (!r) continue;
    total.removed.push(...r.removed);
    total.completed.push(...r.completed);
    total.restored.push(...r.restored);
  }
  return total;
}
