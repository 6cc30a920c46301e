// Pure path helpers of the file browser, for paths the host gave (its separator): the breadcrumb segments
// below an allowed root, a file name joined to a folder, and the extension a save must end in.

export interface Crumb {
  label: string;
  path: string;
}

/** The root itself (shown whole, e.g. /home/me), then each folder below it down to `path`. */
export function breadcrumbs(path: string, root: string, sep: string): Crumb[] {
  const crumbs: Crumb[] = [{ label: root, path: root }];
  if (path === root || !path.startsWith(root)) return crumbs;
  let at = root;
  for (const part of path.slice(root.length).split(sep).filter(Boolean)) {
    at = at.endsWith(sep) ? `${at}${part}` : `${at}${sep}${part}`;
    crumbs.push({ label: part, path: at });
  }
  return crumbs;
}

export const joinPath = (folder: string, name: string, sep: string) => (folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`);

/** True for a path the host can resolve on its own (POSIX /…, Windows C:\… or \\server\…). */
export const isFullPath = (p: string) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');

/** `name` with the first of `extensions` appended unless it already ends in one of them (case-insensitive). */
export function withExtension(name: string, extensions: readonly string[] | undefined): string {
  if (!extensions?.length || extensions.includes('*')) return name;
  const lower = name.toLowerCase();
  return extensions.some((e) => lower.endsWith(`.${e.toLowerCase()}`)) ? name : `${name}.${extensions[0]}`;
}

/** The folder and the name of a full path (either separator), for a default path given to the browser. */
export function splitPath(p: string): { folder: string; name: string } {
  const at = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  if (at < 0) return { folder: '', name: p };
  return { folder: at === 0 ? p.slice(0, 1) : p.slice(0, at), name: p.slice(at + 1) };
}
