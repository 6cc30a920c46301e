// Block library files (.cnnblocks): an atomic save (temp file + fsync + rename, src/contract/blocks.ts) and a
// read that only checks the path and size; the editor parses and merges the text, so a bad file changes nothing.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { allowRoot, defineHandlers, HostFailure } from './context';
import { blocksChannels } from '../../src/contract/blocks';
import { BLOCK_LIBRARY_EXTENSION, MAX_BLOCK_LIBRARY_BYTES, serializeBlockLibrary } from '../../src/blocks/libraryFile';
import { atomicWrite } from '../../node/fs/atomicWrite';
import { describeFileError } from '../../node/fs/fileErrors';
import { confinePath } from '../security/pathGuard';

const WHAT = 'block library file';

export const handlers = defineHandlers(blocksChannels, {
  'blocks.saveLibrary': async ({ path: filePath, library }, ctx) => {
    const asked = path.normalize(filePath);
    if (!asked.endsWith(BLOCK_LIBRARY_EXTENSION))
      throw new HostFailure('bad-path', `Block library files end in ${BLOCK_LIBRARY_EXTENSION} — save as ${path.basename(asked, path.extname(asked))}${BLOCK_LIBRARY_EXTENSION}.`);
    // Symlinks resolved: a link pointing out of the allowed folders is refused, not written through.
    const p = confinePath(ctx, asked, WHAT);
    const dir = path.dirname(p);
    const dirStat = await fs.stat(dir).catch(() => undefined);
    if (!dirStat?.isDirectory()) throw new HostFailure('not-found', `The folder ${dir} does not exist — choose an existing folder.`);
    const text = serializeBlockLibrary(library);
    try {
      await atomicWrite(p, text);
    } catch (e) {
      throw new HostFailure('write-failed', `The ${WHAT} ${p} ${describeFileError(e, p, 'writing')} The previous file, if any, is unchanged.`);
    }
    allowRoot(ctx, dir);
    return { path: p, bytes: Buffer.byteLength(text), count: library.blocks.length };
  },

  'blocks.readLibrary': async ({ path: filePath }, ctx) => {
    const p = confinePath(ctx, path.normalize(filePath), WHAT);
    const stat = await fs.stat(p).catch(() => undefined);
    if (!stat) throw new HostFailure('not-found', `There is no file at ${p} — check the path.`);
    if (!stat.isFile()) throw new HostFailure('not-a-file', `${p} is a folder — choose a ${BLOCK_LIBRARY_EXTENSION} file.`);
    if (stat.size > MAX_BLOCK_LIBRARY_BYTES)
      throw new HostFailure('too-large', `${path.basename(p)} is ${(stat.size / 1048576).toFixed(1)} MB, far larger than any block library (limit ${MAX_BLOCK_LIBRARY_BYTES / 1048576} MB) — choose a ${BLOCK_LIBRARY_EXTENSION} file.`);
    try {
      return { path: p, text: await fs.readFile(p, 'utf8') };
    } catch (e) {
      throw new HostFailure('unreadable', `The ${WHAT} ${p} ${describeFileError(e, p, 'opening')}`);
    }
  },
});
