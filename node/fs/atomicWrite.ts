// Crash-safe file replacement: write a temp file in the same folder, fsync it, then rename over the target
// (rename is atomic within one filesystem). The previous version is kept as `<name>.bak`. Temp files are named
// `.<name>.cnn-tmp-<pid>-<rand>` (node/fs/temporaryNames.ts), so a killed write's leftovers are found and removed
// by cleanOrphanTemporaries — on the next write to the folder, or at host start. Several files that belong
// together go through node/fs/fileSet.ts instead.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beginOperation, temporaryName } from './temporaryNames';
import { syncDir, writeNewFileDurably } from './durable';
import { cleanOrphanTemporaries } from './orphanTemporaries';

export interface AtomicWriteOptions {
  /** Keep the file being replaced as `<target>.bak`. */
  backup?: boolean;
  /** Runs after the temp file is durable and before the rename (tests use it to simulate a crash there). */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

export async function atomicWrite(target: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(target);
  // Whatever an earlier, killed write left in this folder goes first (a readdir when there is nothing to do).
  await cleanOrphanTemporaries(dir);
  const op = beginOperation();
  const temp = path.join(dir, temporaryName(path.basename(target), 'tmp', op.token));
  let renamed = false;
  try {
    await writeNewFileDurably(temp, data);
    await opts.beforeRename?.(temp);
    if (opts.backup) await replaceBackup(target, dir, op.token);
    await fs.rename(temp, target);
    renamed = true;
    await syncDir(dir);
  } finally {
    if (!renamed) await fs.rm(temp, { force: true }).catch(() => {});
    op.release();
  }
}

/**
 * `<target>.bak` is replaced atomically as well: a kill mid-copy must not leave a half-written backup
 * (found by main/recovery/crash.test.ts). A hard link shares the old file's data instantly; where links
 * are unsupported, copy to a temp file and rename.
 */
async function replaceBackup(target: string, dir: string, token: string): Promise<void> {
  const temp = path.join(dir, temporaryName(`${path.basename(target)}.bak`, 'tmp', token));
  try {
    try {
      await fs.link(target, temp);
    } catch (e: any) {
      if (e?.code === 'ENOENT') return; // nothing to back up yet
      await fs.copyFile(target, temp);
    }
    await fs.rename(temp, `${target}.bak`);
  } finally {
    await fs.rm(temp, { force: true }).catch(() => {});
  }
}
