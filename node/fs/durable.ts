// The small durable-write steps the atomic writers share: a new file written and fsynced, a folder's entries
// fsynced (so a rename survives power loss), a path's existence asked without throwing.
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Writes a new file (it must not exist) and fsyncs it before returning. */
export async function writeNewFileDurably(file: string, data: string | Uint8Array): Promise<void> {
  const fh = await fs.open(file, 'wx', 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Makes renames and creations in `dir` durable; not every platform can open a directory, so this is best effort. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await fs.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* Windows cannot fsync a directory */
  }
}

/** lstat, or undefined where nothing is there. */
export async function lstatOrUndefined(p: string) {
  try {
    return await fs.lstat(p);
  } catch (e: any) {
    if (e?.code === 'ENOENT' || e?.code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/**
 * Where `p` really is, symlinks resolved, also while it does not exist: a missing folder's real parent plus its
 * name, and a dangling symlink's target (a folder behind a link is missing for a moment mid-swap).
 */
export async function realLocationOf(p: string): Promise<string> {
  const abs = path.resolve(p);
  try {
    return await fs.realpath(abs);
  } catch {
    /* missing, or a dangling link */
  }
  const parent = await fs.realpath(path.dirname(abs)).catch(() => path.dirname(abs));
  const here = path.join(parent, path.basename(abs));
  const st = await lstatOrUndefined(here).catch(() => undefined);
  return st?.isSymbolicLink() ? path.resolve(parent, await fs.readlink(here)) : here;
}
