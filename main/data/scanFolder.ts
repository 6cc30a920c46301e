// Walks a dataset folder: every regular file with its size and mtime, every directory, and what could not be
// read (permission denied, broken links, symlink loops) as report entries instead of exceptions.
// Symlinked folders are followed once: a link back to a folder already on the current path is a loop.
import fs from 'node:fs';
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

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));
/** Directory entries stat'ed between yields: keeps the host responsive while scanning 100k files. */
const STATS_PER_SLICE = 4000;

export async function scanFolder(root: string, signal?: AbortSignal): Promise<FolderScan> {
  const files: ScannedFile[] = [];
  const dirs: string[] = [];
  const problems: SkippedFile[] = [];
  let sinceYield = 0;

  async function walk(abs: string, rel: string, ancestors: Set<string>) {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(abs, { withFileTypes: true });
    } catch (e: any) {
      problems.push({ path: rel || '.', code: 'unreadable', reason: `Folder could not be read (${e?.code ?? e}) — check its permissions.` });
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of names) {
      if (d.name.startsWith('.')) continue; // .DS_Store, .git, editor droppings
      if (++sinceYield >= STATS_PER_SLICE) {
        sinceYield = 0;
        await yieldToLoop();
        if (signal?.aborted) return;
      }
      const childAbs = path.join(abs, d.name);
      const childRel = rel ? `${rel}/${d.name}` : d.name;
      let isDir = d.isDirectory();
      let stat: fs.Stats | undefined;
      if (d.isSymbolicLink()) {
        try {
          stat = fs.statSync(childAbs);
          isDir = stat.isDirectory();
        } catch (e: any) {
          const code = e?.code === 'ELOOP' ? 'symlink-loop' : 'unreadable';
          problems.push({ path: childRel, code, reason: code === 'symlink-loop' ? 'Symbolic link that points to itself.' : `Broken link (${e?.code ?? e}).` });
          continue;
        }
      }
      if (isDir) {
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
      if (!d.isFile() && !d.isSymbolicLink()) continue; // sockets, FIFOs, devices
      try {
        stat ??= fs.statSync(childAbs);
        if (stat.isFile()) files.push({ rel: childRel, size: stat.size, mtimeMs: Math.floor(stat.mtimeMs) });
      } catch (e: any) {
        problems.push({ path: childRel, code: 'unreadable', reason: `File could not be read (${e?.code ?? e}).` });
      }
    }
  }

  const rootReal = fs.realpathSync(root);
  await walk(root, '', new Set([rootReal]));
  return { files, dirs, problems };
}
