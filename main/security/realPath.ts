// Where a path really leads: symlinks resolved for the part that exists, the rest appended. Lets a
// confinement check see through a symlink even when the final file does not exist yet (a save).
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** A path that goes through more symbolic links than the kernel would follow (40, as Linux's MAXSYMLINKS). */
export class TooManyLinksError extends Error {}

/**
 * Where `p` leads, through a symlink whose target does not exist yet as well: realpath cannot resolve a
 * dangling link, so `root/new -> /elsewhere/new` would otherwise pass for a plain name inside the root.
 */
export function realPathLoose(p: string): string {
  return followLinks(p, 0);
}

function followLinks(p: string, hops: number): string {
  const real = realPathOfExisting(p);
  const { root } = path.parse(real);
  const parts = real.slice(root.length).split(path.sep).filter(Boolean);
  let at = root;
  for (let i = 0; i < parts.length; i++) {
    at = path.join(at, parts[i]);
    let isLink: boolean;
    try {
      isLink = lstatSync(at).isSymbolicLink();
    } catch {
      return real; // the rest does not exist: nothing more to follow
    }
    if (!isLink) continue;
    if (hops >= 40) throw new TooManyLinksError(`${p} goes through too many symbolic links — give the real path.`);
    return followLinks(path.join(path.resolve(path.dirname(at), readlinkSync(at)), ...parts.slice(i + 1)), hops + 1);
  }
  return real;
}

function realPathOfExisting(p: string): string {
  let existing = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(p);
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

export { isWithin } from '../../node/fs/isWithin';
