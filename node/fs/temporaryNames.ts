// The names of the temporaries our writers leave while they work: `.<name>.cnn-<kind>-<pid>-<rand>`, beside
// (or inside) the thing they are for. Recognisable, so a later start can tell ours from the user's files, and
// carrying the writer's pid, so it can tell an abandoned one (writer killed) from one still being written.
//   tmp     a file or folder being written (atomicWrite's temp file, a file set's staging folder): not yet
//           part of anything; an abandoned one is deleted.
//   old     a folder swapped out by a file set (the previous version of `<name>`): its files are the old set.
//   commit  a file set's staging folder once complete and committed: its files are moved into the folder
//           that holds it; an abandoned one is finished (rolled forward).
import { randomBytes } from 'node:crypto';

export type TemporaryKind = 'tmp' | 'old' | 'commit';

export interface TemporaryName {
  /** What it is for: the file or folder name it will become or replace (`cnn-set` for a set's staging folder). */
  name: string;
  kind: TemporaryKind;
  pid: number;
  /** `<pid>-<rand>`: the pieces of one operation (a staging folder and its backup) share it. */
  token: string;
}

const PATTERN = /^\.(.+)\.cnn-(tmp|old|commit)-((\d{1,10})-[0-9a-f]{8,32})$/;

/** Tokens of the operations this process has in progress: never cleaned, whatever their pid says. */
const activeTokens = new Set<string>();

/** A fresh token for one operation, marked in progress until `release` is called. */
export function beginOperation(): { token: string; release: () => void } {
  const token = `${process.pid}-${randomBytes(4).toString('hex')}`;
  activeTokens.add(token);
  return { token, release: () => activeTokens.delete(token) };
}

export const isActiveHere = (token: string) => activeTokens.has(token);

export const temporaryName = (name: string, kind: TemporaryKind, token: string) => `.${name}.cnn-${kind}-${token}`;

export function parseTemporaryName(entry: string): TemporaryName | undefined {
  const m = PATTERN.exec(entry);
  return m ? { name: m[1], kind: m[2] as TemporaryKind, token: m[3], pid: Number(m[4]) } : undefined;
}

/**
 * atomicWrite's temp files before these names (`.<name>.<12 hex>.tmp`, `.<name>.<12 hex>.bak.tmp`): no pid, so
 * only their age tells an abandoned one. Returns the file they were for.
 */
export function parseLegacyTemporary(entry: string): string | undefined {
  return /^\.(.+)\.[0-9a-f]{12}(?:\.bak)?\.tmp$/.exec(entry)?.[1];
}

/** The name of a file set's staging folder inside the target folder. */
export const SET_STAGING_NAME = 'cnn-set';
