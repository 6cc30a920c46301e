// What a failed file operation means, in words a user can act on. Node's own messages ("ENOENT: no such file
// or directory, open …") name the system call, not what happened: a file that was listed a moment ago and is
// gone has vanished (moved or deleted while we read), it does not need its permissions checked.
// One place for every reader and writer of user files (dataset scans and imports, IDX/CIFAR folders, reports),
// so the same failure reads the same everywhere.

/** The errno code of a Node fs error ('ENOENT'), or undefined for anything else. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True when `name` cannot be the file's real name: readdir decodes names as UTF-8 and puts U+FFFD where the
 * bytes are not UTF-8, so the string no longer opens the file. (A name that really contains U+FFFD still
 * opens; callers that can, check with lstat — see node/data/scanFolder.ts.)
 */
export const mayBeMangledName = (name: string) => name.includes('\uFFFD');

/**
 * A clause that follows the thing's name — "The file cat/1.png " + describeFileError(e, 'cat/1.png') —
 * saying what happened and what to do. `path` is only looked at for its name (non-UTF-8 bytes).
 * `doing`: 'reading' something that was listed a moment ago (missing now = it vanished), 'opening' a path
 * someone gave (missing = it does not exist), or 'writing' (a full disk matters only there).
 */
export function describeFileError(e: unknown, path = '', doing: 'reading' | 'opening' | 'writing' = 'reading'): string {
  const code = errorCode(e);
  if ((code === 'ENOENT' || code === 'EILSEQ') && mayBeMangledName(path))
    return 'could not be opened: its name is not valid UTF-8 — rename it (for example with `convmv` or your file manager).';
  switch (code) {
    case 'ENOENT':
      return doing === 'opening' ? 'does not exist — check the path.' : `vanished while ${doing} (was it moved or deleted?).`;
    case 'EACCES':
    case 'EPERM':
      return `could not be ${doing === 'writing' ? 'written' : 'read'}: permission denied (${code}) — check its permissions.`;
    case 'EISDIR':
      return 'is a folder, not a file.';
    case 'ENOTDIR':
      return 'is not a folder (it, or a folder on its path, is a file).';
    case 'ELOOP':
      return 'is a symbolic link that points back to itself (a link loop).';
    case 'ENAMETOOLONG':
      return 'has a path too long for this system — move it to a shorter path.';
    case 'EMFILE':
    case 'ENFILE':
      return `could not be opened: too many files are open (${code}) — close other programs and try again.`;
    case 'EIO':
      return 'could not be read: input/output error (EIO) — the disk or network share may be failing.';
    case 'ESTALE':
    case 'ENOTCONN':
    case 'EHOSTDOWN':
    case 'ETIMEDOUT':
      return `is on a network share that stopped answering (${code}) — reconnect it and try again.`;
    case 'EBUSY':
      return 'is busy (EBUSY) — another program holds it; try again when it is done.';
    case 'ENOSPC':
    case 'EDQUOT':
      return `could not be written: the disk is full (${code}) — free some space.`;
    case 'EROFS':
      return 'could not be written: it is on a read-only disk (EROFS) — choose another folder.';
    case 'EEXIST':
      return 'already exists.';
    case 'ERR_FS_FILE_TOO_LARGE':
      return 'is larger than 2 GiB, too large to read whole.';
    case undefined:
      return `could not be ${doing === 'writing' ? 'written' : 'read'} (${(e as Error)?.message ?? String(e)}).`;
    default:
      return `could not be ${doing === 'writing' ? 'written' : 'read'} (${code}).`;
  }
}
