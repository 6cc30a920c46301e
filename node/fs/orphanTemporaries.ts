// Cleaning up after writers that were killed: the temporaries of node/fs/temporaryNames.ts whose writer is gone
// are finished or removed, so a kill never leaves a half-swapped set or tens of MB of temp files behind.
//   .<N>.cnn-old-K   a folder swapped out by a file set: if <N> is missing the swap was interrupted — the
//                    staging folder .<N>.cnn-tmp-K (complete, or the swap would not have begun) becomes <N>,
//                    else the old folder is put back; then what is left of the old folder is merged back.
//   .<N>.cnn-commit-K  a committed set: its remaining files are moved into the folder that holds it.
//   .<N>.cnn-tmp-K   anything still being written when its writer died: removed.
// Older atomicWrite temp files (`.<N>.<12 hex>.tmp`) carry no pid; they go once older than the age limit.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isActiveHere, parseLegacyTemporary, parseTemporaryName, temporaryName, type TemporaryName } from './temporaryNames';
import { lstatOrUndefined, syncDir } from './durable';

/** A temporary whose writer still runs is left alone unless it has not changed for this long (its pid was reused). */
export const ORPHAN_AGE_MS = 30 * 60 * 1000;

export interface CleanReport {
  /** Temporaries deleted (abandoned writes). */
  removed: string[];
  /** Interrupted swaps finished: the new set is in place. */
  completed: string[];
  /** Interrupted swaps undone: the old set is back. */
  restored: string[];
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: any) {
    return e?.code === 'EPERM'; // exists, owned by someone else
  }
}

/** Newest modification time of `p` and, for a folder, of its entries: a file still being written keeps it fresh. */
async function newestChange(p: string): Promise<number> {
  const st = await lstatOrUndefined(p);
  if (!st) return 0;
  let newest = st.mtimeMs;
  if (st.isDirectory())
    for (const e of await fs.readdir(p).catch(() => [] as string[])) newest = Math.max(newest, (await lstatOrUndefined(path.join(p, e)))?.mtimeMs ?? 0);
  return newest;
}

/**
 * True when nobody will finish this temporary: not an operation of this process, and its writer's pid is gone,
 * or it is older than `maxAgeMs`. Our own pid without an active token is judged by age only: it may be another
 * thread's write, or a previous process that had the same pid (pid 1 in containers).
 */
async function isAbandoned(t: TemporaryName, p: string, maxAgeMs: number): Promise<boolean> {
  if (isActiveHere(t.token)) return false;
  if (t.pid !== process.pid && !pidAlive(t.pid)) return true;
  return Date.now() - (await newestChange(p)) > maxAgeMs;
}

/**
 * Moves every entry of `from` into `into` unless `into` already has that name (then `from`'s copy is the older
 * version and is deleted), then removes `from`. Used for a swapped-out folder: the files of the old set that the
 * new one replaces go, anything else in it (a file made during the swap) is kept.
 */
export async function mergeBackInto(from: string, into: string): Promise<void> {
  for (const e of await fs.readdir(from)) {
    const src = path.join(from, e);
    if (await lstatOrUndefined(path.join(into, e))) await fs.rm(src, { recursive: true, force: true });
    else await fs.rename(src, path.join(into, e));
  }
  await fs.rmdir(from);
  await syncDir(into);
}

/** Moves the files of a committed set into the folder that holds it (replacing what is there), then removes the set's folder. */
export async function applyCommittedSet(commitDir: string, names?: string[]): Promise<void> {
  const into = path.dirname(commitDir);
  for (const name of names ?? (await fs.readdir(commitDir))) {
    try {
      await fs.rename(path.join(commitDir, name), path.join(into, name));
    } catch (e: any) {
      if (e?.code !== 'ENOENT') throw e; // already moved (an earlier, interrupted run got this far)
    }
  }
  await syncDir(into);
  await fs.rmdir(commitDir);
  await syncDir(into);
}

/**
 * Finishes or removes the abandoned temporaries directly inside `dir` (see the top of this file); returns what it
 * did. A missing `dir` is fine. Errors on single entries are skipped, so one odd file never blocks a write.
 */
export async function cleanOrphanTemporaries(dir: string, opts: { maxAgeMs?: number } = {}): Promise<CleanReport> {
  const maxAgeMs = opts.maxAgeMs ?? ORPHAN_AGE_MS;
  const report: CleanReport = { removed: [], completed: [], restored: [] };
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch {
    return report;
  }
  const ours = entries.flatMap((e) => {
    const t = parseTemporaryName(e);
    return t ? [{ entry: e, t }] : [];
  });
  const handled = new Set<string>();
  const order = { old: 0, commit: 1, tmp: 2 } as const;
  ours.sort((a, b) => order[a.t.kind] - order[b.t.kind]);
  for (const { entry, t } of ours) {
    if (handled.has(entry)) continue;
    const p = path.join(dir, entry);
    try {
      if (!(await lstatOrUndefined(p)) || !(await isAbandoned(t, p, maxAgeMs))) continue;
      if (t.kind === 'old') {
        const target = path.join(dir, t.name);
        const stagingEntry = temporaryName(t.name, 'tmp', t.token);
        const staging = path.join(dir, stagingEntry);
        handled.add(stagingEntry);
        if (!(await lstatOrUndefined(target))) {
          if (await lstatOrUndefined(staging)) {
            await fs.rename(staging, target);
            report.completed.push(target);
          } else {
            await fs.rename(p, target);
            report.restored.push(target);
          }
          await syncDir(dir);
        }
        if (await lstatOrUndefined(p)) await mergeBackInto(p, target);
        if (await lstatOrUndefined(staging)) {
          await fs.rm(staging, { recursive: true, force: true });
          report.removed.push(staging);
        }
      } else if (t.kind === 'commit') {
        await applyCommittedSet(p);
        report.completed.push(dir);
      } else {
        await fs.rm(p, { recursive: true, force: true });
        report.removed.push(p);
      }
    } catch {
      /* left for the next time; never block the caller's write */
    }
  }
  for (const entry of entries) {
    const forFile = parseLegacyTemporary(entry);
    if (!forFile || !entries.includes(forFile)) continue; // only beside the file it was for: surely ours
    const p = path.join(dir, entry);
    if (Date.now() - (await newestChange(p)) <= maxAgeMs) continue;
    await fs.rm(p, { force: true }).then(
      () => report.removed.push(p),
      () => {},
    );
  }
  if (report.removed.length) await syncDir(dir);
  return report;
}
