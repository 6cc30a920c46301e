// Walks a dataset folder: every regular file with its size and mtime, every directory, and what could not be
// read (permission denied, broken links, symlink loops) as report entries instead of exceptions.
// Symlinked folders are followed once: a link back to a folder already on the current path is a loop.
// Each directory is listed by the native addon `@cnn-studio/fast-stat` where it was built (one call per directory,
// fstatat relative to it: ~2× faster than readdirSync + statSync per file, which is most of a cached re-open),
// otherwise by node:fs; both give the same scan (node/data/scanFolder.test.ts).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { SkippedFile } from '../../src/contract/dataset';

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
  signal?: AbortSignal;
  /** Default: 'native' where the addon loads, else 'node'. */
  lister?: DirectoryLister;
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
/** Directory entries handled between yields: keeps the host responsive while scanning 100k files. */
const ENTRIES_PER_SLICE = 4000;

export async function scanFolder(root: string, options: ScanOptions = {}): Promise<FolderScan> {
  const { signal } = options;
  const addon = options.lister === 'node' ? null : loadFastStat();
  if (options.lister === 'native' && !addon) throw new Error('scanFolder: the native lister (@cnn-studio/fast-stat) is not built here.');
  const list = (abs: string) => (addon ? listNative(addon, abs) : listNode(abs));
  const files: ScannedFile[] = [];
  const dirs: string[] = [];
  const problems: SkippedFile[] = [];
  let sinceYield = 0;

  async function walk(abs: string, rel: string, ancestors: Set<string>) {
    let l: Listing;
    try {
      l = list(abs);
    } catch (e: any) {
      problems.push({ path: rel || '.', code: 'unreadable', reason: `Folder could not be read (${e?.code ?? e}) — check its permissions.` });
      return;
    }
    const order = l.names.map((_, i) => i).sort((a, b) => (l.names[a] < l.names[b] ? -1 : l.names[a] > l.names[b] ? 1 : 0));
    for (const i of order) {
      const name = l.names[i];
      if (name.startsWith('.')) continue; // .DS_Store, .git, editor droppings
      if (++sinceYield >= ENTRIES_PER_SLICE) {
        sinceYield = 0;
        await yieldToLoop();
        if (signal?.aborted) return;
      }
      const childRel = rel ? `${rel}/${name}` : name;
      const kind = l.kinds[i] & 3;
      const isLink = (l.kinds[i] & LINK) !== 0;
      if (kind === ERROR) {
        const code = l.errorCode(i);
        if (isLink) {
          const loop = code === 'ELOOP';
          problems.push({ path: childRel, code: loop ? 'symlink-loop' : 'unreadable', reason: loop ? 'Symbolic link that points to itself.' : `Broken link (${code}).` });
        } else problems.push({ path: childRel, code: 'unreadable', reason: `File could not be read (${code}).` });
        continue;
      }
      if (kind === DIR) {
        const childAbs = path.join(abs, name);
        let real: string;
        try {
          real = fs.realpathSync(childAbs);
        } catch (e: any) {
          problems.push({ path: childRel, code: 'unreadable', reason: `Folder could not be resolved (${e?.code ?? e}).` });
          continue;
        }
        if (ancestors.has(real)) {
          problems.push({ path: childRel, code: 'symlink-loop', reason: 'Link back to a folder that contains it — skipped to avoid an endless loop.' });
          continue;
        }
        dirs.push(childRel);
        ancestors.add(real);
        await walk(childAbs, childRel, ancestors);
        ancestors.delete(real);
        continue;
      }
      if (kind === FILE) files.push({ rel: childRel, size: l.sizes[i], mtimeMs: l.mtimes[i] });
      // OTHER: sockets, FIFOs, devices
    }
  }

  const rootReal = fs.realpathSync(root);
  await walk(root, '', new Set([rootReal]));
  return { files, dirs, problems };
}
