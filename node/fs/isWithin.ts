// Path containment, the one rule every confinement check uses (the hosts' allowed folders, dataset links,
// the CLI's dataset path): `p` is `root` itself or lies below it. Both must already be resolved.
import path from 'node:path';

export function isWithin(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}
