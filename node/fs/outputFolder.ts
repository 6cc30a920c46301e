// Making sure an output folder can exist before anything is written (or trained) for it. Checks the nearest
// existing ancestor — a folder, on a filesystem that stores files, writable — then creates the missing
// levels one `mkdir` at a time. Node 20's `mkdir(…, { recursive: true })` spins forever where mkdir answers
// ENOENT although the parent exists (/proc/nope: procfs), so it is never used for a path the user gave.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

/** Why an output folder cannot be used; the message names the path and what to do. */
export class OutputFolderError extends Error {
  constructor(
    readonly code: 'not-a-folder' | 'system-filesystem' | 'not-writable' | 'cannot-create',
    message: string,
  ) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

/** Linux filesystems that hold kernel state, not files (statfs f_type magic numbers, linux/magic.h). */
const PSEUDO_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0x65735543, 'fusectl'],
  [0x1cd1, 'devpts'],
  [0x42494e4d, 'binfmt_misc'],
  [0x19800202, 'mqueue'],
  [0x50495045, 'pipefs'],
  [0x534f434b, 'sockfs'],
  [0xf97cff8c, 'selinuxfs'],
  [0x43415d53, 'smackfs'],
  [0x6e736673, 'nsfs'],
  [0x444d4142, 'dmabuf'],
]);

/** Linux trees of devices and kernel state, whatever filesystem a container mounts there (/dev/shm is real storage). */
const SYSTEM_TREES = ['/proc', '/sys', '/dev'];
const SYSTEM_TREE_EXCEPTIONS = ['/dev/shm'];

const within = (root: string, p: string) => p === root || p.startsWith(root + '/');

async function statOrUndefined(p: string) {
  try {
    return await fs.stat(p);
  } catch (e: any) {
    if (e?.code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The deepest part of `dir` that exists (following symlinks), and the names below it that do not. */
async function nearestExisting(dir: string): Promise<{ existing: string; missing: string[] }> {
  let existing = path.resolve(dir);
  const missing: string[] = [];
  for (;;) {
    let st;
    try {
      st = await statOrUndefined(existing);
    } catch (e: any) {
      // ENOTDIR: a file somewhere on the way; EACCES, ELOOP: cannot look further.
      if (e?.code === 'ENOTDIR') {
        missing.unshift(path.basename(existing));
        existing = path.dirname(existing);
        continue;
      }
      throw new OutputFolderError('not-writable', `Cannot look at ${existing} (${e?.code ?? e}) — choose another folder.`);
    }
    if (st) return { existing, missing };
    const parent = path.dirname(existing);
    if (parent === existing) return { existing, missing };
    missing.unshift(path.basename(existing));
    existing = parent;
  }
}

/**
 * Throws an OutputFolderError unless `dir` exists as a writable folder or could be created as one: its nearest
 * existing ancestor must be a folder, writable, and on a filesystem that stores files. Creates nothing.
 */
export async function checkOutputFolder(dir: string): Promise<void> {
  const { existing } = await nearestExisting(dir);
  const shown = path.resolve(dir);
  const st = await fs.stat(existing);
  if (!st.isDirectory()) {
    const where = existing === shown ? '' : `, so ${shown} cannot be made there`;
    throw new OutputFolderError('not-a-folder', `${existing} is a file, not a folder${where} — choose another output folder.`);
  }
  if (process.platform === 'linux') {
    const real = await fs.realpath(existing);
    const tree = SYSTEM_TREES.find((t) => within(t, real) && !SYSTEM_TREE_EXCEPTIONS.some((x) => within(x, real)));
    const kind = PSEUDO_FILESYSTEMS.get((await fs.statfs(real).catch(() => undefined))?.type ?? -1);
    if (tree || kind)
      throw new OutputFolderError('system-filesystem', `${shown} is inside ${tree ?? real}, a ${kind ?? 'system'} filesystem that holds kernel state, not files — choose a folder in your home or project folder.`);
  }
  try {
    await fs.access(existing, constants.W_OK | constants.X_OK);
  } catch (e: any) {
    const why = e?.code === 'EROFS' ? 'its filesystem is read-only' : `no permission to write there, ${e?.code ?? e}`;
    throw new OutputFolderError('not-writable', `Cannot write in ${existing} (${why}) — choose a folder you can write to.`);
  }
}

/** Makes `dir` (and missing parents) after checkOutputFolder's checks; each level is one plain mkdir, so it ends fast. */
export async function ensureOutputFolder(dir: string): Promise<void> {
  await checkOutputFolder(dir);
  const { existing, missing } = await nearestExisting(dir);
  let at = existing;
  for (const name of missing) {
    at = path.join(at, name);
    try {
      await fs.mkdir(at);
    } catch (e: any) {
      // Made meanwhile by someone else is fine, as long as it is a folder.
      if (e?.code === 'EEXIST' && (await statOrUndefined(at))?.isDirectory()) continue;
      const why = e?.code === 'EEXIST' || e?.code === 'ENOTDIR' ? `${at} is a file, not a folder` : `${e?.code ?? e}`;
      throw new OutputFolderError('cannot-create', `Cannot create ${at} (${why}) — choose a writable folder.`);
    }
  }
}
