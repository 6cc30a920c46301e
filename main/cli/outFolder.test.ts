// Where `cnn-studio train` and `cnn-studio export` write: an impossible --out is refused at once (exit 2, before
// any training or tfjs loading), and an --out that already holds the user's files gets only our files replaced.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './main';
import { parseTemporaryName } from '../../node/fs/temporaryNames';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const aFile = path.join(dir, 'a-file');
writeFileSync(aFile, 'not a folder');

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const started = performance.now();
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n'), ms: performance.now() - started };
}

const linux = process.platform === 'linux';

describe('--out', () => {
  it.each([
    ['train', '/proc/nope', /train: --out \/proc\/nope is inside \/proc, a proc filesystem/, linux],
    ['train', path.join(aFile, 'sub'), /train: --out .*a-file is a file, not a folder/, true],
    ['export', '/proc/nope/deeper', /export: --out \/proc\/nope\/deeper is inside \/proc/, linux],
    ['export', '/sys/kernel/nope', /export: --out \/sys\/kernel\/nope is inside \/sys/, linux],
    ['export', aFile, /export: --out .*a-file is a file, not a folder — choose/, true],
  ])('%s refuses --out %s at once with exit 2', async (command, out, message, runs) => {
    if (!runs) return;
    const args = command === 'train' ? ['train', 'lenet5', '--epochs', '1', '--out', out] : ['export', 'lenet5', '--format', 'svg', '--out', out];
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.ms).toBeLessThan(1000);
  });

  it.each([
    ['export', ['export', 'lenet5', '--format', 'svg'], ['lenet-5.svg']],
    ['train', ['train', 'lenet5', '--limit', '20', '--epochs', '1', '--batch', '10', '--json'], ['metrics.json', 'model.json', 'weights.bin', 'run.json', 'train', 'validation']],
  ])('%s into a folder with the user’s files replaces only its own files, as one set', async (command, args, ours) => {
    const out = path.join(dir, `shared-${command}`);
    mkdirSync(path.join(out, 'runs'), { recursive: true });
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    writeFileSync(path.join(out, ours[0]), 'an earlier version');
    const r = await cli([...args, '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...ours, 'notes.txt', 'runs'].sort());
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(path.join(out, ours[0]), 'utf8')).not.toBe('an earlier version');
    expect(readdirSync(dir).filter((e) => parseTemporaryName(e))).toEqual([]);
  });
});
