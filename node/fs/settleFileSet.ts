// Before reading a folder that is written as a file set (a weights folder, an export): finish or undo a write
// that was killed there, so the reader gets one whole set. The swap leaves its temporaries beside the folder
// (whole-folder mode) or inside it (in-place mode), so both places are looked at. Never throws: a folder the
// reader may not write to is read as it is.
import path from 'node:path';
import { cleanOrphanTemporaries } from './orphanTemporaries';
import { realLocationOf } from './durable';

export async function settleFileSet(dir: string): Promise<void> {
  // A folder behind a symlink is swapped where it really is, so its temporaries are beside the real folder.
  const abs = await realLocationOf(dir).catch(() => path.resolve(dir));
  await cleanOrphanTemporaries(path.dirname(abs)).catch(() => {});
  await cleanOrphanTemporaries(abs).catch(() => {});
}
