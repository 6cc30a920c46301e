// Writing several files that belong together (an export, a weights folder: model.json names its shards) so a
// crash at any moment leaves the complete old set or the complete new set — never a new model.json beside an
// old shard. Every file is first written and fsynced in a staging folder on the target's filesystem; then one
// rename commits the whole set. Two ways to put it in place, chosen per call:
//
//   whole folder  when the target folder does not exist yet, or holds nothing but files of this set (a weights
//                 folder, re-exporting the same files): staging is a sibling `.<dir>.cnn-tmp-K`; the old folder is
//                 renamed to `.<dir>.cnn-old-K`, the staging folder to `<dir>`, then the old one is removed.
//                 Readers only ever see the old folder, the new one, or (for microseconds) none — never a mix.
//   in place      when the folder holds anything else (the user's own files, other exports, a mount point):
//                 staging is `<dir>/.cnn-set.cnn-tmp-K`; renaming it to `.cnn-set.cnn-commit-K` commits the set,
//                 then each file is renamed over its old version — the entry file (model.json) removed first and
//                 put back last, so a reader finds no model rather than a mixed one until the set is complete
//                 (or repaired). The user's other files are never moved.
//
// A kill anywhere is repaired by cleanOrphanTemporaries (node/fs/orphanTemporaries.ts), which every write here
// runs first on the target and its parent, and which hosts run at start: before the commit the old set stands
// and the staging folder is deleted; after it the new set is finished. Only the set's file names are replaced;
// files of an earlier set that this one does not name are left as they are.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { beginOperation, parseTemporaryName, SET_STAGING_NAME, temporaryName } from './temporaryNames';
import { applyCommittedSet, cleanOrphanTemporaries, mergeBackInto } from './orphanTemporaries';
import { lstatOrUndefined, realLocationOf, syncDir, writeNewFileDurably } from './durable';
import { checkOutputFolder, ensureOutputFolder } from './outputFolder';

export type FileSetFiles = Record<string, string | Uint8Array>;

export type FileSetStep = 'staged' | 'committed';

export interface FileSetOptions {
  /**
   * false: always replace in place, never rename the folder itself — for a caller whose confinement covers the
   * folder but not its parent (an allowed root chosen as the output folder). Default true.
   */
  allowWholeFolder?: boolean;
  /**
   * The file readers start from (a tfjs model.json, which names the other files). In place, its old version is
   * removed right after the commit and the new one is moved in last, so between the two a reader finds no set
   * at all rather than this file beside files of another version. Default: the last file of the set.
   */
  entry?: string;
  /** Runs after the step: 'staged' = every file durable in staging, 'committed' = the set is in place or committed (tests crash here). */
  afterStep?: (step: FileSetStep) => void | Promise<void>;
}

export interface FileSetResult {
  /** The written files' paths, in the order given. */
  files: string[];
  bytes: number;
  mode: 'whole-folder' | 'in-place';
}

/** Why a set could not be written (beyond the folder checks of OutputFolderError); nothing was changed. */
export class FileSetError extends Error {
  constructor(
    readonly code: 'bad-name' | 'name-is-a-folder',
    message: string,
  ) {
    super(message);
    this.name = 'FileSetError';
  }
}

let stepObserver: ((step: FileSetStep, target: string) => void) | undefined;
/**
 * Sees the steps of every set this process writes, after the caller's own afterStep: the children of the crash
 * tests (main/recovery/fileSetCrash.test.ts) report with it how far a write got when it is killed.
 */
export function observeFileSetSteps(observer: ((step: FileSetStep, target: string) => void) | undefined): void {
  stepObserver = observer;
}

async function reached(step: FileSetStep, target: string, opts: FileSetOptions): Promise<void> {
  await opts.afterStep?.(step);
  stepObserver?.(step, target);
}

/** One write at a time per folder in this process: two sets renamed into one folder together could interleave. */
const folderQueues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, run: () => Promise<T>): Promise<T> {
  const previous = folderQueues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(run);
  const settled = next.catch(() => {});
  folderQueues.set(key, settled);
  void settled.then(() => folderQueues.get(key) === settled && folderQueues.delete(key));
  return next;
}

function checkNames(names: string[]): void {
  for (const n of names)
    if (!n || n === '.' || n === '..' || /[/\\\0]/.test(n) || parseTemporaryName(n))
      throw new FileSetError('bad-name', `"${n}" is not a plain file name — a file set holds files directly in its folder.`);
}

const byteLength = (d: string | Uint8Array) => (typeof d === 'string' ? Buffer.byteLength(d) : d.byteLength);

async function writeAll(dir: string, files: FileSetFiles): Promise<void> {
  for (const [name, data] of Object.entries(files)) await writeNewFileDurably(path.join(dir, name), data);
  await syncDir(dir);
}

/** The whole folder may be swapped: it is missing, or on its parent's filesystem holding only regular files named in the set. */
async function wholeFolderSwappable(target: string, parent: string, names: Set<string>): Promise<boolean> {
  const st = await lstatOrUndefined(target);
  if (!st) return true;
  if (!st.isDirectory() || st.dev !== (await fs.stat(parent)).dev) return false;
  for (const e of await fs.readdir(target)) {
    if (parseTemporaryName(e)) continue;
    if (!names.has(e) || !(await fs.lstat(path.join(target, e))).isFile()) return false;
  }
  return true;
}

/**
 * Writes `files` (name → contents) into `targetDir` as one set — made with its parents if missing, after the
 * checks of checkOutputFolder — and returns their paths. See the top of this file for how.
 */
export async function writeFileSetAtomically(targetDir: string, files: FileSetFiles, opts: FileSetOptions = {}): Promise<FileSetResult> {
  const names = Object.keys(files);
  checkNames(names);
  await checkOutputFolder(targetDir);
  await ensureOutputFolder(path.dirname(path.resolve(targetDir)));
  // The real folder is written (and, whole-folder, swapped beside where it really is); a symlink to it stays.
  const target = await realLocationOf(targetDir);
  if (target !== path.resolve(targetDir)) {
    await checkOutputFolder(target); // where the link leads must pass the same checks
    await ensureOutputFolder(path.dirname(target));
  }
  return oneAtATime(target, async () => {
    const parent = path.dirname(target);
    await cleanOrphanTemporaries(parent);
    await cleanOrphanTemporaries(target);
    const existing = await lstatOrUndefined(target);
    if (existing && !existing.isDirectory()) await checkOutputFolder(target); // throws: a file, not a folder
    const op = beginOperation();
    try {
      const swappable = opts.allowWholeFolder !== false && (await wholeFolderSwappable(target, parent, new Set(names)));
      const mode = swappable ? await swapWholeFolder(target, files, op.token, opts) : 'in-place';
      if (mode === 'in-place') {
        await ensureOutputFolder(target);
        await replaceInPlace(target, files, op.token, opts);
      }
      return { files: names.map((n) => path.join(target, n)), bytes: Object.values(files).reduce((a, d) => a + byteLength(d), 0), mode };
    } finally {
      op.release();
    }
  });
}

/**
 * The whole-folder swap. Returns 'in-place' without changing anything when the parent folder refuses the staging
 * folder or the old folder cannot be renamed (no write access to the parent, a folder in use on Windows).
 */
async function swapWholeFolder(target: string, files: FileSetFiles, token: string, opts: FileSetOptions): Promise<'whole-folder' | 'in-place'> {
  const parent = path.dirname(target);
  const base = path.basename(target);
  const staging = path.join(parent, temporaryName(base, 'tmp', token));
  const backup = path.join(parent, temporaryName(base, 'old', token));
  const old = await lstatOrUndefined(target);
  try {
    await fs.mkdir(staging, old ? old.mode & 0o7777 : 0o777);
  } catch (e: any) {
    if (old && ['EACCES', 'EPERM', 'EROFS'].includes(e?.code)) return 'in-place';
    throw e;
  }
  try {
    if (old) await fs.chmod(staging, old.mode & 0o7777).catch(() => {}); // mkdir's mode passes through the umask
    await writeAll(staging, files);
    await reached('staged', target, opts);
    if (old) {
      try {
        await fs.rename(target, backup);
      } catch {
        await fs.rm(staging, { recursive: true, force: true });
        return 'in-place';
      }
    }
    try {
      await fs.rename(staging, target);
    } catch (e) {
      if (old) await fs.rename(backup, target).catch(() => {}); // put the old set back; cleanOrphanTemporaries would too
      throw e;
    }
    await syncDir(parent);
    await reached('committed', target, opts);
    if (old) await mergeBackInto(backup, target);
    await syncDir(parent);
    return 'whole-folder';
  } finally {
    await fs.rm(staging, { recursive: true, force: true }).catch(() => {});
  }
}

/** The in-place replacement: staging inside the folder, committed by one rename, then each file renamed over its old version. */
async function replaceInPlace(target: string, files: FileSetFiles, token: string, opts: FileSetOptions): Promise<void> {
  const staging = path.join(target, temporaryName(SET_STAGING_NAME, 'tmp', token));
  const committed = path.join(target, temporaryName(SET_STAGING_NAME, 'commit', token));
  await fs.mkdir(staging);
  try {
    await writeAll(staging, files);
    await reached('staged', target, opts);
    // A file cannot replace a folder: found now, while nothing has changed yet.
    for (const name of Object.keys(files))
      if ((await lstatOrUndefined(path.join(target, name)))?.isDirectory())
        throw new FileSetError('name-is-a-folder', `${path.join(target, name)} is a folder, and this set has a file of that name — move the folder away or choose another output folder.`);
    await fs.rename(staging, committed);
  } catch (e) {
    await fs.rm(staging, { recursive: true, force: true }).catch(() => {});
    throw e;
  }
  await syncDir(target);
  await reached('committed', target, opts);
  // Committed: from here an interrupted run is finished by cleanOrphanTemporaries, never undone.
  const names = Object.keys(files);
  const entry = opts.entry !== undefined && names.includes(opts.entry) ? opts.entry : names[names.length - 1];
  await fs.rm(path.join(target, entry), { force: true });
  await applyCommittedSet(committed, [...names.filter((n) => n !== entry), entry]);
}
