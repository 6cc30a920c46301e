// Block library files through the real dispatcher on real folders: LeNet-5's stage made into a block is saved
// atomically and read back to the same library; a wrong extension, a missing folder, a path outside the
// allowed folders and a folder given as the file are refused with a message saying what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { channels } from '../../src/contract';
import { createDispatcher } from '../transport/dispatch';
import { allHandlers } from './index';
import type { HandlerContext } from './context';
import { lenet5 } from '../../src/templates/lenet5';
import { makeBlock } from '../../src/graph/userBlocks';
import { blockLibraryOf, parseBlockLibrary, type BlockLibrary } from '../../src/blocks/libraryFile';

let base: string;
let root: string;
let outside: string;
let ctx: HandlerContext;
const dispatch = createDispatcher(channels, allHandlers);
const call = (channel: 'blocks.saveLibrary' | 'blocks.readLibrary', req: unknown): Promise<any> => dispatch(channel, req, ctx);

function library(): BlockLibrary {
  const r = makeBlock(lenet5().graph, ['C3', 'activation2', 'S4'], 'feature');
  if (!r.ok) throw new Error(r.reason);
  return blockLibraryOf(r.graph);
}

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'blocks-svc-'));
  root = path.join(base, 'root');
  outside = path.join(base, 'outside');
  mkdirSync(path.join(root, 'folder.cnnblocks'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'theirs.cnnblocks'), '{}');
  symlinkSync(path.join(outside, 'theirs.cnnblocks'), path.join(root, 'link.cnnblocks'));
  ctx = { emit: () => {}, allowedRoots: [root], resourcesDir: base, userDataDir: base };
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('blocks.saveLibrary and blocks.readLibrary', () => {
  it('saves atomically (no temporary left) and reads back the same library', async () => {
    const file = path.join(root, 'mine.cnnblocks');
    writeFileSync(file, 'an older library');
    const saved = await call('blocks.saveLibrary', { path: file, library: library() });
    expect(saved.ok, JSON.stringify(saved.error)).toBe(true);
    expect(saved.value).toMatchObject({ path: file, count: 1 });
    expect(saved.value.bytes).toBe(Buffer.byteLength(readFileSync(file, 'utf8')));
    expect(readdirSync(root).sort()).toEqual(['folder.cnnblocks', 'link.cnnblocks', 'mine.cnnblocks']);
    const read = await call('blocks.readLibrary', { path: file });
    expect(read.ok).toBe(true);
    expect(parseBlockLibrary(read.value.text)).toEqual({ ok: true, library: library() });
  });

  it.each([
    ['save: another extension', 'blocks.saveLibrary', 'mine.json', 'bad-path', /end in \.cnnblocks — save as mine\.cnnblocks/],
    ['save: a folder that is not there', 'blocks.saveLibrary', 'nope/mine.cnnblocks', 'not-found', /does not exist — choose an existing folder/],
    ['save: through a link out of the allowed folders', 'blocks.saveLibrary', 'link.cnnblocks', 'outside-allowed-folders', /is outside the folders this app may use/],
    ['read: no such file', 'blocks.readLibrary', 'missing.cnnblocks', 'not-found', /no file at .* check the path/],
    ['read: a folder', 'blocks.readLibrary', 'folder.cnnblocks', 'not-a-file', /is a folder — choose a \.cnnblocks file/],
    ['read: through a link out of the allowed folders', 'blocks.readLibrary', 'link.cnnblocks', 'outside-allowed-folders', /is outside the folders this app may use/],
  ] as const)('%s is refused', async (_name, channel, rel, code, message) => {
    const r = await call(channel, { path: path.join(root, rel), library: library() });
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(message);
    expect(readFileSync(path.join(outside, 'theirs.cnnblocks'), 'utf8')).toBe('{}');
  });
});
