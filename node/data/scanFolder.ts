// Walks a dataset folder: every regular file with its size and mtime, every directory, and what could not be
// read (permission denied, vanished files, names that are not UTF-8, broken links, symlink loops) as report
// entries instead of exceptions.
// Bounded, whatever the folder holds:
// - every folder is scanned once, known by (device, inode): a folder reached again — through a symbolic link,
//   a bind mount, or a fan-out of links where each level points twice into the next (2^k paths) — is reported
//   once and not entered, so the scan costs the folders that exist, not the paths that lead to them. A folder's
//   own path wins over a link to it: linked folders are followed after the real tree is walked.
// - symbolic links are followed only where they stay inside `allowedRoots` (default: the scanned folder); one
//   leading elsewhere (~/.ssh, /etc) is reported and not followed.
// - the walk checks its AbortSignal at every folder and yields every SLICE_MS, so a cancel stops it within a
//   folder's listing (ScanCancelled), not after the whole tree.
// Each directory is listed by the native addon `@cnn-studio/fast-stat` where it was built (one call per directory,
// fstatat relative to it: ~2× faster than readdirSync + statSync per file, which is most of a cached re-open),
// otherwise by node:fs; both give the same scan (node/data/scanFolder.test.ts).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { SkippedFile } from '../../src/contract/dataset';
import { describeFileError, mayBeMangledName } from '../fs/fileErrors';
import { isWithin } from '../fs/isWithin';

export interface ScannedFile {
  /** Relative to the root, '/'-separated, exactly as on disk. */
  rel: string;
  size: number;
  mtimeMs: number;
}

export interface FolderScan {
  files: ScannedFile[];
  dirs: string[];
  problems: SkippedFile[];
}

export type DirectoryLister = 'native' | 'node';

export interface ScanOptions {
  /** Aborting it makes scanFolder reject with ScanCancelled within one folder's listing. */
  signal?: AbortSignal;
  /** Default: 'native' where the addon loads, else 'node'. */
  lister?: DirectoryLister;
  /**
   * Folders symbolic links may lead into (any path; compared with symlinks resolved). A link whose target is
   * outside all of them is reported as 'outside-allowed-folders' and not followed. Default: the scanned folder.
   */
  allowedRoots?: readonly string[];
}

export class ScanCancelled extends Error {
  constructor() {
    super('The folder scan was cancelled.');
    this.name = 'ScanCancelled';
  }
}

/** One directory: entry i is a regular file, a directory, something else, or an error (errno code), and maybe a link. */
interface Listing {
  names: string[];
  /** 0 file, 1 directory, 2 other, 3 error; +4 when the entry is a symbolic link (the rest describes its target). */
  kinds: Uint8Array;
  sizes: Float64Array;
  mtimes: Float64Array;
  errorCode(i: number): string;
}

const FILE = 0;
const DIR = 1;
const OTHER = 2;
const ERROR = 3;
const LINK = 4;

interface FastStat {
  listDirectory(dir: string): { names: string; kinds: Uint8Array; sizes: Float64Array; mtimes: Float64Array; errors: Int32Array };
}

let fastStat: FastStat | null | undefined;
/** The addon, or null where it was not built (no compiler at install time, Windows) — node:fs then does the work. */
export function loadFastStat(): FastStat | null {
  if (fastStat === undefined) {
    try {
      const id = '@cnn-studio/fast-stat';
      fastStat = createRequire(import.meta.url)(id) as FastStat;
    } catch {
      fastStat = null;
    }
  }
  return fastStat;
}

const errnoNames = new Map(Object.entries(os.constants.errno).map(([name, n]) => [n, name]));

function listNative(addon: FastStat, abs: string): Listing {
  const l = addon.listDirectory(abs);
  return {
    names: l.names === '' && l.kinds.length === 0 ? [] : l.names.split('\0'),
    kinds: l.kinds,
    sizes: l.sizes,
    mtimes: l.mtimes,
    errorCode: (i) => errnoNames.get(l.errors[i]) ?? `errno ${l.errors[i]}`,
  };
}

/** The same listing from node:fs: directories are not stat'ed (their size and mtime are not used). */
function listNode(abs: string): Listing {
  const dirents = fs.readdirSync(abs, { withFileTypes: true });
  const n = dirents.length;
  const names = new Array<string>(n);
  const kinds = new Uint8Array(n);
  const sizes = new Float64Array(n);
  const mtimes = new Float64Array(n);
  const errors: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = dirents[i];
    names[i] = d.name;
    if (d.name.startsWith('.')) continue; // skipped by the walk: not worth a stat
    const link = d.isSymbolicLink() ? LINK : 0;
    if (!link && d.isDirectory()) {
      kinds[i] = DIR;
      continue;
    }
    if (!link && !d.isFile()) {
      kinds[i] = OTHER;
      continue;
    }
    try {
      const s = fs.statSync(path.join(abs, d.name));
      kinds[i] = (s.isFile() ? FILE : s.isDirectory() ? DIR : OTHER) + link;
      sizes[i] = s.size;
      mtimes[i] = Math.floor(s.mtimeMs);
    } catch (e: any) {
      kinds[i] = ERROR + link;
      errors[i] = e?.code ?? String(e);
    }
  }
  return { names, kinds, sizes, mtimes, errorCode: (i) => errors[i] };
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));
/** Longest stretch of walking between yields: keeps the host responsive (and a cancel heard) while scanning 100k files. */
const SLICE_MS = 20;

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** A symbolic link's text, for messages ("points to ../x, which does not exist"). */
function linkText(p: string): string {
  try {
    return fs.readlinkSync(p);
  } catch {
    return '?';
  }
}

export async function scanFolder(root: string, options: ScanOptions = {}): Promise<FolderScan> {
  const { signal } = options;
  const addon = options.lister === 'node' ? null : loadFastStat();
  if (options.lister === 'native' && !addon) throw new Error('scanFolder: the native lister (@cnn-studio/fast-stat) is not built here.');
  const list = (abs: string) => (addon ? listNative(addon, abs) : listNode(abs));
  const files: ScannedFile[] = [];
  const dirs: string[] = [];
  const problems: SkippedFile[] = [];
  let rootReal: string;
  try {
    rootReal = fs.realpathSync(root);
  } catch (e) {
    throw new Error(`The dataset folder ${root} ${describeFileError(e, root, 'opening')}`);
  }
  const allowed = (options.allowedRoots ?? [rootReal]).map(realOrSelf);
  /** (device, inode) of every folder entered → its path in the scan ('' for the root). */
  const scanned = new Map<string, string>();
  /** Linked folders met on the way, entered once the real tree is done. */
  const linked: { abs: string; rel: string; real: string; parentReal: string }[] = [];

  let lastYield = performance.now();
  let sinceClock = 0;
  const checkpoint = async () => {
    if (signal?.aborted) throw new ScanCancelled();
    if (performance.now() - lastYield < SLICE_MS) return;
    await yieldToLoop();
    lastYield = performance.now();
    if (signal?.aborted) throw new ScanCancelled();
  };

  /** Enters a folder unless it was scanned already (by device and inode); `link`: reached through one. */
  async function enter(abs: string, rel: string, real: string, link?: { parentReal: string }) {
    let id: string;
    try {
      const st = fs.statSync(abs, { bigint: true });
      id = `${st.dev}:${st.ino}`;
    } catch (e) {
      problems.push({ path: rel || '.', code: 'unreadable', reason: `The folder ${describeFileError(e, rel)}` });
      return;
    }
    const first = scanned.get(id);
    if (first !== undefined) {
      if (link && isWithin(real, link.parentReal)) problems.push({ path: rel, code: 'symlink-loop', reason: 'Link back to a folder that contains it — skipped to avoid an endless loop.' });
      else problems.push({ path: rel, code: 'already-scanned', reason: `The same folder as ${first ? `"${first}"` : 'the dataset folder itself'}, already scanned — skipped so its files count once.` });
      return;
    }
    scanned.set(id, rel);
    if (rel) dirs.push(rel);
    await walk(abs, rel, real);
  }

  async function walk(abs: string, rel: string, real: string) {
    await checkpoint();
    let l: Listing;
    try {
      l = list(abs);
    } catch (e: any) {
      problems.push({ path: rel || '.', code: 'unreadable', reason: `The folder ${describeFileError(e, rel)}` });
      return;
    }
    const order = l.names.map((_, i) => i).sort((a, b) => (l.names[a] < l.names[b] ? -1 : l.names[a] > l.names[b] ? 1 : 0));
    for (const i of order) {
      const name = l.names[i];
      if (name.startsWith('.')) continue; // .DS_Store, .git, editor droppings
      // The clock is read every 256 entries, and paths are joined only for folders, links and odd names:
      // a plain file costs what it did before these checks (the cached re-open is mostly this loop).
      if (signal?.aborted || ((++sinceClock & 255) === 0 && performance.now() - lastYield >= SLICE_MS)) await checkpoint();
      const childRel = rel ? `${rel}/${name}` : name;
      const kind = l.kinds[i] & 3;
      const isLink = (l.kinds[i] & LINK) !== 0;
      // readdir gave U+FFFD for bytes that are not UTF-8: that string does not open the file (a name really
      // holding U+FFFD still does).
      if (mayBeMangledName(name) && !fs.lstatSync(path.join(abs, name), { throwIfNoEntry: false })) {
        problems.push({ path: childRel, code: 'unreadable', reason: `The ${kind === DIR ? 'folder' : 'file'} ${describeFileError({ code: 'EILSEQ' }, name)}` });
        continue;
      }
      if (kind === ERROR) {
        const code = l.errorCode(i);
        if (isLink && code === 'ELOOP') problems.push({ path: childRel, code: 'symlink-loop', reason: 'Symbolic link that points to itself.' });
        else if (isLink && code === 'ENOENT') problems.push({ path: childRel, code: 'unreadable', reason: `Broken link: it points to ${linkText(path.join(abs, name))}, which does not exist.` });
        else problems.push({ path: childRel, code: 'unreadable', reason: `The ${isLink ? 'link' : 'file'} ${describeFileError({ code }, childRel)}` });
        continue;
      }
      if (kind !== FILE && kind !== DIR) continue; // sockets, FIFOs, devices
      if (kind === FILE && !isLink) {
        files.push({ rel: childRel, size: l.sizes[i], mtimeMs: l.mtimes[i] });
        continue;
      }
      const childAbs = path.join(abs, name);
      let childReal = path.join(real, name);
      if (isLink) {
        try {
          childReal = fs.realpathSync(childAbs);
        } catch (e) {
          problems.push({ path: childRel, code: 'unreadable', reason: `The link ${describeFileError(e, childRel)}` });
          continue;
        }
        if (!allowed.some((r) => isWithin(r, childReal))) {
          problems.push({ path: childRel, code: 'outside-allowed-folders', reason: `Link to ${childReal}, outside the folders this app may read — not followed.` });
          continue;
        }
      }
      if (kind === DIR) {
        if (isLink) linked.push({ abs: childAbs, rel: childRel, real: childReal, parentReal: real });
        else await enter(childAbs, childRel, childReal);
        continue;
      }
      files.push({ rel: childRel, size: l.sizes[i], mtimeMs: l.mtimes[i] });
    }
  }

  await enter(root, '', rootReal);
  for (let k = 0; k < linked.length; k++) {
    const { abs, rel, real, parentReal } = linked[k];
    await enter(abs, rel, real, { parentReal });
  }
  return { files, dirs, problems };
}
