// The files service: what the in-app file and folder browser shows (web mode has no native dialog). It lists
// only inside the host's allowed folders: every asked path is confined (symlinks resolved) first, and a link
// in a listed folder that leads out of them is left out. Work is bounded: entries per listing, directory
// entries read per image count, and a time budget for counting and stat'ing.
import { promises as fs, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { defineHandlers, HostFailure, isInsideAllowedRoots, type HandlerContext } from './context';
import { filesChannels, IMAGE_EXTENSIONS, MAX_LISTED_ENTRIES, type FileEntry, type FolderListing } from '../../src/contract/files';
import { confinePath } from '../security/pathGuard';
import { isWithin, realPathLoose } from '../security/realPath';
import { describeFileError } from '../../node/fs/fileErrors';

/** Bounds of one listing; tests make them small. */
export const LISTING_LIMITS = {
  /** Entries returned (folders first). */
  entries: MAX_LISTED_ENTRIES,
  /** Directory entries read from the listed folder before the rest is cut. */
  scanned: 200_000,
  /** Directory entries read inside one subfolder to count its images ("20,000+ images" beyond). */
  countPerFolder: 20_000,
  /** Time for all the image counts of one listing; folders not reached by then get no count. */
  countBudgetMs: 1500,
  /** Time for the sizes and dates; entries not reached by then have none. */
  statBudgetMs: 2000,
};

const IMAGE_SET = new Set<string>(IMAGE_EXTENSIONS);
const extensionOf = (name: string) => path.extname(name).slice(1).toLowerCase();
const byName = (a: FileEntry, b: FileEntry) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });
const separator = path.sep === '\\' ? '\\' : '/';

/** The allowed folders that exist, real paths, without those inside another (a project folder inside home). */
async function rootFolders(ctx: Pick<HandlerContext, 'allowedRoots'>): Promise<string[]> {
  const real = [...new Set(ctx.allowedRoots.map((r) => realPathLoose(r)))];
  const top = real.filter((r) => !real.some((o) => o !== r && isWithin(o, r)));
  const existing = await Promise.all(top.map(async (r) => ((await fs.stat(r).catch(() => undefined))?.isDirectory() ? r : undefined)));
  return existing.filter((r): r is string => !!r);
}

/** Images directly inside `dir`, reading at most `limit` entries and stopping at `deadline`. */
async function countImages(dir: string, deadline: number, limit: number): Promise<FileEntry['images']> {
  let count = 0;
  let scanned = 0;
  try {
    const handle = await fs.opendir(dir, { bufferSize: 256 });
    for await (const d of handle) {
      if ((d.isFile() || d.isSymbolicLink()) && IMAGE_SET.has(extensionOf(d.name))) count++;
      if (++scanned >= limit || Date.now() > deadline) return { count, more: true }; // leaving the loop closes the handle
    }
  } catch {
    return undefined; // unreadable: no count rather than a wrong one
  }
  return { count, more: false };
}

/** Runs `work` over `items`, `width` at a time, until `deadline`. */
async function eachUntil<T>(items: T[], width: number, deadline: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && Date.now() <= deadline) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

/** What a directory entry is, a link followed: undefined for what the browser does not show (sockets, links out). */
async function entryKind(ctx: Pick<HandlerContext, 'allowedRoots'>, full: string, d: Dirent): Promise<FileEntry['kind'] | undefined> {
  if (d.isDirectory()) return 'folder';
  if (d.isFile()) return 'file';
  if (!d.isSymbolicLink()) return undefined;
  if (!isInsideAllowedRoots(ctx, full)) return undefined; // never shown: it leads out of the allowed folders
  const st = await fs.stat(full).catch(() => undefined);
  return st?.isDirectory() ? 'folder' : st?.isFile() ? 'file' : undefined;
}

async function readFolder(ctx: Pick<HandlerContext, 'allowedRoots'>, dir: string, opts: { extensions?: string[]; showHidden?: boolean }) {
  const wanted = opts.extensions && new Set(opts.extensions.map((e) => e.replace(/^\./, '').toLowerCase()));
  const entries: FileEntry[] = [];
  let truncated = false;
  let scanned = 0;
  let handle;
  try {
    handle = await fs.opendir(dir, { bufferSize: 256 });
  } catch (e) {
    throw new HostFailure('unreadable', `The folder ${dir} ${describeFileError(e, dir, 'opening')}`);
  }
  for await (const d of handle) {
    if (++scanned > LISTING_LIMITS.scanned) {
      truncated = true;
      break;
    }
    if (!opts.showHidden && d.name.startsWith('.')) continue;
    const full = path.join(dir, d.name);
    const kind = await entryKind(ctx, full, d);
    if (!kind || (kind === 'file' && wanted && !wanted.has(extensionOf(d.name)))) continue;
    entries.push({ name: d.name, path: full, kind });
  }
  const folders = entries.filter((e) => e.kind === 'folder').sort(byName);
  const files = entries.filter((e) => e.kind === 'file').sort(byName);
  const shown = [...folders, ...files];
  if (shown.length > LISTING_LIMITS.entries) truncated = true;
  return { entries: shown.slice(0, LISTING_LIMITS.entries), truncated };
}

/** Adds sizes, dates and image counts, within the time budgets. */
async function describeEntries(entries: FileEntry[]): Promise<void> {
  const started = Date.now();
  await eachUntil(entries, 16, started + LISTING_LIMITS.statBudgetMs, async (e) => {
    const st: Stats | undefined = await fs.stat(e.path).catch(() => undefined);
    if (!st) return;
    e.modifiedMs = Math.round(st.mtimeMs);
    if (e.kind === 'file') e.size = st.size;
  });
  const countDeadline = Date.now() + LISTING_LIMITS.countBudgetMs;
  await eachUntil(
    entries.filter((e) => e.kind === 'folder'),
    8,
    countDeadline,
    async (e) => {
      const images = await countImages(e.path, countDeadline, LISTING_LIMITS.countPerFolder);
      if (images) e.images = images;
    },
  );
}

export async function listFolder(ctx: Pick<HandlerContext, 'allowedRoots'>, req: { path?: string; extensions?: string[]; showHidden?: boolean }): Promise<FolderListing> {
  const roots = await rootFolders(ctx);
  if (!req.path) {
    const entries: FileEntry[] = roots.map((r) => ({ name: r, path: r, kind: 'folder' }));
    await describeEntries(entries);
    return { separator, entries, truncated: false };
  }
  const real = confinePath(ctx, req.path, 'folder');
  const st = await fs.stat(real).catch(() => undefined);
  let dir = real;
  let target: FolderListing['target'];
  if (!st?.isDirectory()) {
    // A file, or a name not there yet (Save As): its folder, with the name picked out.
    dir = path.dirname(real);
    const parent = await fs.stat(dir).catch(() => undefined);
    if (!parent?.isDirectory() || !isInsideAllowedRoots(ctx, dir)) throw new HostFailure('not-found', `There is no folder ${path.dirname(path.normalize(req.path))} — check the path.`);
    target = { name: path.basename(real), exists: !!st, kind: st ? 'file' : undefined };
  }
  const root = roots.filter((r) => isWithin(r, dir)).sort((a, b) => b.length - a.length)[0] ?? dir;
  const { entries, truncated } = await readFolder(ctx, dir, req);
  await describeEntries(entries);
  return { path: dir, root, parent: dir === root ? undefined : path.dirname(dir), separator, entries, truncated, target };
}

export const handlers = defineHandlers(filesChannels, {
  'files.list': async (req, ctx) => listFolder(ctx, req),
});
