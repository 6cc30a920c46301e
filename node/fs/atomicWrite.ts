// Crash-safe file replacement: write a temp file in the same folder, fsync it, then rename over the target
// (rename is atomic within one filesystem). The previous version is kept as `<name>.bak`.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  /** Keep the file being replaced as `<target>.bak`. */
  backup?: boolean;
  /** Runs after the temp file is durable and before the rename (tests use it to simulate a crash there). */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

export async function atomicWrite(target: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const fh = await fs.open(temp, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await opts.beforeRename?.(temp);
    if (opts.backup) await replaceBackup(target, dir);
    await fs.rename(temp, target);
    renamed = true;
    await syncDir(dir);
  } finally {
    if (!renamed) await fs.rm(temp, { force: true }).catch(() => {});
  }
}

/**
 * `<target>.bak` is replaced atomically as well: a kill mid-copy must not leave a half-written backup
 * (found by main/recovery/crash.test.ts). A hard link shares the old file's data instantly; where links
 * are unsupported, copy to a temp file and rename.
 */
async function replaceBackup(target: string, dir: string): Promise<void> {
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.bak.tmp`);
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

/** Makes the rename itself durable; not every platform can open a directory, so this is best effort. */
async function syncDir(dir: string): Promise<void> {
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
