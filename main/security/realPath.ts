// Where a path really leads: symlinks resolved for the part that exists, the rest appended. Lets a
// confinement check see through a symlink even when the final file does not exist yet (a save).
import { realpathSync } from 'node:fs';
import path from 'node:path';

export function realPathLoose(p: string): string {
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

/** True when `p` is `root` or lies below it (both already resolved). */
export function isWithin(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}
