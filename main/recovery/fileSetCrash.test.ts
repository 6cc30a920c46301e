// Crash safety of file sets with real processes: a child writing an export set (model.json + shard, through
// node/export/writeExport.ts writeFiles) or a weights set (model.json + weights.bin, through the real
// 'train.saveWeights') again and again is SIGKILLed at random moments. After each kill the folder is looked at
// as it is — never a mix: the old set, the new one, or (in place, until repaired) no model.json at all — then
// after the next start's repair (settleFileSet / 'train.loadWeights', which settle first): the complete old or
// the complete new version, no temporaries left, and the user's own files in the folder untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { rng, runChild } from './killLoop';
import { trainChannels } from '../../src/contract/train';
import { createDispatcher } from '../transport/dispatch';
import { handlers as trainHandlers } from '../services/train';
import { settleFileSet } from '../../node/fs/settleFileSet';
import { parseTemporaryName } from '../../node/fs/temporaryNames';
import { writeFiles } from '../../node/export/writeExport';

const KILLS = 16;
const MEGABYTES = 6;

let dir: string;
let childJs: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fileset-crash-'));
  childJs = path.join(dir, 'fileSetCrashChild.mjs');
  await build({ entryPoints: [path.join(import.meta.dirname, 'fileSetCrashChild.ts')], outfile: childJs, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Version = number | 'missing' | 'damaged';

/** The version each file of the set on disk carries (see fileSetCrashChild.ts for how they are written). */
function versionsOf(kind: 'export' | 'weights', folder: string): Version[] {
  const read = (name: string, parse: (b: Buffer) => number | undefined): Version => {
    const file = path.join(folder, name);
    if (!existsSync(file)) return 'missing';
    return parse(readFileSync(file)) ?? 'damaged';
  };
  const json = (b: Buffer) => {
    try {
      return JSON.parse(b.toString('utf8'));
    } catch {
      return undefined;
    }
  };
  const size = Math.round((MEGABYTES * 1e6) / 4) * 4;
  if (kind === 'export')
    return [
      read('model.json', (b) => json(b)?.version),
      read('group1-shard1of1.bin', (b) => {
        const v = b.byteLength === size ? b.readUInt32LE(0) : undefined;
        return v !== undefined && b.subarray(4).every((x) => x === v % 251) ? v : undefined;
      }),
    ];
  return [
    read('model.json', (b) => {
      const m = /^v(\d+)$/.exec(json(b)?.userDefinedMetadata?.cnnStudio?.graphHash ?? '');
      return m ? Number(m[1]) : undefined;
    }),
    read('weights.bin', (b) => {
      const f = new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
      return b.byteLength === size && f.every((x) => x === f[0]) ? f[0] : undefined;
    }),
  ];
}

/**
 * One version number; 'absent' (no file of the set); 'no model.json' (the entry file is missing, so a reader
 * finds no model — the in-place swap's moment between removing the old entry and moving in the new one); or
 * 'mix' (files of different versions, or damaged) — which must never be seen.
 */
function stateOf(versions: Version[]): number | 'absent' | 'no model.json' | 'mix' {
  if (versions.every((v) => v === 'missing')) return 'absent';
  if (versions[0] === 'missing') return 'no model.json';
  return versions.every((v) => typeof v === 'number' && v === versions[0]) ? (versions[0] as number) : 'mix';
}

const temporariesIn = (...folders: string[]) => folders.flatMap((f) => (existsSync(f) ? readdirSync(f).filter((e) => parseTemporaryName(e)) : []));

const USER_FILES = { 'notes.txt': 'my notes — not part of any export', 'keep/inside.txt': 'a folder of mine' };

function putUserFiles(folder: string) {
  for (const [name, text] of Object.entries(USER_FILES)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), text);
  }
}

const scenarios = [
  { name: 'an export set in a folder of its own (swapped whole)', kind: 'export', userFiles: false },
  { name: 'an export set in a folder with the user’s files (replaced in place)', kind: 'export', userFiles: true },
  { name: 'a weights set, <project>.weights (swapped whole)', kind: 'weights', userFiles: false },
  { name: 'a weights set whose folder also holds a file of the user’s (replaced in place)', kind: 'weights', userFiles: true },
] as const;

describe('SIGKILL during file-set writes', () => {
  it.each(scenarios)(`leaves $name complete, old or new, across ${KILLS} kills`, async ({ name, kind, userFiles }) => {
    const root = path.join(dir, `${kind}-${userFiles ? 'shared' : 'own'}`);
    mkdirSync(root);
    const project = path.join(root, 'digits.cnnproj');
    const folder = kind === 'export' ? path.join(root, 'dist') : path.join(root, 'digits.weights');
    if (userFiles) putUserFiles(folder);
    const dispatch = createDispatcher(trainChannels, trainHandlers);
    const ctx = { emit: () => {}, allowedRoots: [root], resourcesDir: root, userDataDir: root };
    const random = rng(kind === 'export' ? 7 : 8);
    let committed: number | undefined;
    let writeMs = 0;
    let writesDone = 0;
    const raw = { old: 0, new: 0, absent: 0, 'no model.json': 0, mix: 0, pendingTemporaries: 0 };
    // How far the killed write had got, as last reported: writing its files, all staged, committed (swapped in), done.
    const phases = { writing: 0, staged: 0, committed: 0, done: 0 };
    for (let run = 0; run < KILLS; run++) {
      let inflight: number | undefined;
      let phase: keyof typeof phases = 'writing';
      let begunAt = 0;
      let doneInRun = 0;
      let timer: NodeJS.Timeout | undefined;
      const delay = random() * 1.5 * writeMs;
      const args = kind === 'export' ? ['export-loop', folder] : ['weights-loop', project];
      const result = await runChild(childJs, [...args, String(run * 1000), String(MEGABYTES)], (line, child) => {
        const [what, v] = line.split(' ');
        if (what === 'begin') {
          inflight = Number(v);
          phase = 'writing';
          begunAt = performance.now();
          if (run > 0 && run % 2 === 0) timer ??= setTimeout(() => child.kill('SIGKILL'), delay);
        } else if (what === 'staged') {
          // Odd runs aim at the swap itself (a few renames and fsyncs right after staging), where a mix could appear.
          phase = 'staged';
          if (run > 0 && run % 2 === 1) timer ??= setTimeout(() => child.kill('SIGKILL'), random() * 3);
        } else if (what === 'committed') phase = 'committed';
        else if (what === 'done') {
          phase = 'done';
          committed = Number(v);
          writesDone++;
          writeMs = Math.max(writeMs, performance.now() - begunAt);
          // Run 0 calibrates: two writes finish, then a kill somewhere in the third.
          if (run === 0 && ++doneInRun === 2) timer = setTimeout(() => child.kill('SIGKILL'), random() * writeMs);
        } else throw new Error(`child: ${line}`);
      });
      clearTimeout(timer);
      expect(result.signal, result.stderr).toBe('SIGKILL');
      phases[phase]++;

      // As the kill left it, before any repair: never a mix. (In place, model.json may be missing until the repair.)
      const before = stateOf(versionsOf(kind, folder));
      if (typeof before === 'number') raw[before === committed ? 'old' : 'new']++;
      else raw[before]++;
      if (temporariesIn(root, folder).length) raw.pendingTemporaries++;
      expect(before, `run ${run}: the kill left a mixed set (${JSON.stringify(versionsOf(kind, folder))})`).not.toBe('mix');
      if (!userFiles) expect(before, `run ${run}: a whole-folder swap`).not.toBe('no model.json');

      // The next start: readers settle the folder first (train.loadWeights does; export folders via settleFileSet).
      if (kind === 'weights') {
        const loaded: any = await dispatch('train.loadWeights', { projectPath: project, weightsPath: 'digits.weights' }, ctx);
        if (committed !== undefined || before !== 'absent') expect(loaded.ok, `run ${run}: ${JSON.stringify(loaded.error)}`).toBe(true);
      } else await settleFileSet(folder);
      const after = stateOf(versionsOf(kind, folder));
      expect([committed ?? 'absent', inflight], `run ${run}: state ${after} (old ${committed}, new ${inflight})`).toContain(after);
      expect(temporariesIn(root, folder), `run ${run}: temporaries left`).toEqual([]);
      if (userFiles) for (const [f, text] of Object.entries(USER_FILES)) expect(readFileSync(path.join(folder, f), 'utf8')).toBe(text);
      if (typeof after === 'number') committed = after;
    }
    console.log(
      `file-set crash: ${name}: ${KILLS} kills (last step reported: ${Object.entries(phases).map(([p, n]) => `${p} ${n}`).join(', ')}), one write ≈ ${writeMs.toFixed(0)} ms, ${writesDone} writes completed; ` +
        `as left by the kill: ${raw.old} old set, ${raw.new} new set, ${raw.absent} absent, ${raw['no model.json']} without model.json, ${raw.mix} mixed, ${raw.pendingTemporaries} with temporaries; after the next start: all whole, no temporaries`,
    );
    expect(writesDone).toBeGreaterThanOrEqual(2);
  });

  it('cleans what a killed writer left when the folder is next written to', async () => {
    const root = path.join(dir, 'next-write');
    mkdirSync(root);
    const folder = path.join(root, 'dist');
    putUserFiles(folder);
    // Kill a writer mid-set, repeatedly, until it has left temporaries behind.
    const random = rng(11);
    for (let attempt = 0; attempt < 20 && temporariesIn(root, folder).length === 0; attempt++) {
      let timer: NodeJS.Timeout | undefined;
      await runChild(childJs, ['export-loop', folder, String(attempt * 1000), String(MEGABYTES)], (line, child) => {
        if (line.startsWith('begin')) timer ??= setTimeout(() => child.kill('SIGKILL'), 5 + random() * 30);
      });
      clearTimeout(timer);
    }
    expect(temporariesIn(root, folder).length).toBeGreaterThan(0);
    const r = await writeFiles(folder, { 'model.json': JSON.stringify({ version: 99999 }), 'group1-shard1of1.bin': new Uint8Array(8) });
    expect(r.files.map((f) => path.basename(f))).toEqual(['model.json', 'group1-shard1of1.bin']);
    expect(temporariesIn(root, folder)).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(folder, 'model.json'), 'utf8')).version).toBe(99999);
    for (const [f, text] of Object.entries(USER_FILES)) expect(readFileSync(path.join(folder, f), 'utf8')).toBe(text);
  });
});
