// File confinement for every service that takes a path from the page: the path must be absolute and,
// with symlinks resolved, lie inside a folder the user opened or one of the host's workspace roots.
// `..`, symlinks pointing out (dangling ones too) and absolute paths elsewhere (/etc, C:\Windows) are refused.
// Output paths (an export folder, <project>.weights) go through the same check: the real path of their nearest
// existing parent decides, and the writers then write to that real path.
import os from 'node:os';
import path from 'node:path';
import { HostFailure, type HandlerContext } from '../services/context';
import { isWithin, realPathLoose, TooManyLinksError } from './realPath';

/** The user's own folders, where projects and datasets normally live (the OS temp folder is for imports and tests). */
export function defaultWorkspaceRoots(): string[] {
  return [...new Set([os.homedir(), os.tmpdir()].map((p) => path.resolve(p)))];
}

/** `--root` flags or CNN_STUDIO_ROOTS (path-list separated) replace the defaults in the web host. */
export function workspaceRootsFrom(flags: string[], env = process.env.CNN_STUDIO_ROOTS): string[] {
  const fromEnv = env ? env.split(path.delimiter).filter(Boolean) : [];
  const chosen = [...flags, ...fromEnv];
  return chosen.length ? [...new Set(chosen.map((p) => path.resolve(p)))] : defaultWorkspaceRoots();
}

/**
 * The real path of `p` when it is inside an allowed root; otherwise a HostFailure that says which folders
 * are allowed. `what` names the thing for the message ("project file", "dataset folder").
 */
export function confinePath(ctx: Pick<HandlerContext, 'allowedRoots'>, p: string, what = 'file'): string {
  if (typeof p !== 'string' || p.includes('\0')) throw new HostFailure('bad-path', `The ${what} path contains a NUL character — give an ordinary path.`);
  if (!path.isAbsolute(p)) throw new HostFailure('bad-path', `"${p}" is not a full path — give the whole path to the ${what}.`);
  let real: string;
  try {
    real = realPathLoose(p);
  } catch (e) {
    if (e instanceof TooManyLinksError) throw new HostFailure('bad-path', e.message);
    throw e;
  }
  const roots = ctx.allowedRoots.map(realPathLoose);
  if (!roots.some((r) => isWithin(r, real))) {
    const shown = ctx.allowedRoots.slice(0, 4).join(', ') || '(none yet)';
    const via = path.normalize(p) !== real ? ` (it leads to ${real})` : '';
    throw new HostFailure('outside-allowed-folders', `The ${what} ${p}${via} is outside the folders this app may use (${shown}) — choose one inside them, or move it into one of them.`);
  }
  return real;
}
