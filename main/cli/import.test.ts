// `cnn-studio import`: real exported files become a project whose weights folder the app and `cnn-studio
// export` read back; hostile files are refused with the app's messages, and nothing is written for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './main';
import { parseProjectFile } from '../../src/project/projectFile';
import { graphHash } from '../../src/train/graphHash';
import { readWeightsFolder } from '../../node/export/writeExport';
import { readModelFile } from '../../node/import/modelFile';
import { exportedSmallNet, filesOf, HOSTILE_CASES, type ExportedNet } from '../../src/import/testing/hostileModels';

const bin = path.resolve(import.meta.dirname, '../../bin/cnn-studio.mjs');
let dir: string;
let net: ExportedNet;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: dir, timeout: 120_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr }));
  });
}

/** runCli in this process, its output captured. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n') });
  return { code, out, err };
}

/** Writes the files into a new folder; returns the model file's path. */
function place(name: string, files: Record<string, string | Uint8Array>): string {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, data] of Object.entries(files)) writeFileSync(path.join(folder, file), data);
  return path.join(folder, Object.keys(files)[0]);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(path.join(tmpdir(), 'cli-import-'));
  net = await exportedSmallNet(tf);
  place('models', { 'small.onnx': net.onnx });
  place('web', filesOf({ kind: 'tfjs', modelJson: net.modelJson, shard: net.shard }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cnn-studio import', () => {
  it('an .onnx file becomes digits.cnnproj with digits.weights/ beside it, as the app saves them', async () => {
    const r = await cli('import', 'models/small.onnx', '--out', 'digits.cnnproj');
    expect(r.stderr).not.toMatch(/import:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${path.join(dir, 'digits.cnnproj')} (Small_net: 5 layers)\nwrote ${path.join(dir, 'digits.weights')}${path.sep} (111,110 weights, 444,440 bytes)\n`);
    const parsed = parseProjectFile(readFileSync(path.join(dir, 'digits.cnnproj'), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.doc.weights).toMatchObject({ path: 'digits.weights', graphHash: graphHash(parsed.doc.graph) });
    // What `cnn-studio export` and the app's export read: the weights the importer gave, for this graph.
    const weights = await readWeightsFolder(parsed.doc, path.join(dir, 'digits.weights'));
    const direct = await readModelFile(path.join(dir, 'models', 'small.onnx'), { loadTf: async () => tf });
    expect(parsed.doc.graph).toEqual(direct.doc.graph);
    expect(weights.weightSpecs).toEqual(direct.weights!.weightSpecs);
    expect(Buffer.from(weights.weightData).equals(Buffer.from(direct.weights!.weightData))).toBe(true);
  });

  it('a tfjs model.json with its shard beside it imports too', async () => {
    const r = await run('import', path.join(dir, 'web', 'model.json'), '--out', path.join(dir, 'web.cnnproj'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^wrote .*web\.cnnproj \(Small net: 5 layers\)\nwrote .*web\.weights\/ \(111,110 weights, 444,440 bytes\)\n$/);
    expect(existsSync(path.join(dir, 'web.weights', 'weights.bin'))).toBe(true);
  });

  it.each(HOSTILE_CASES.filter((c) => /1e9|60000|no data|negative kernel|600 bytes short/.test(c.name)).map((c) => [c.name, c] as const))(
    '%s: exit 1 with the app’s message; no project, no weights folder',
    async (name, c) => {
      const model = place(`hostile-${name.replace(/\W+/g, '-')}`, filesOf(c.make(net)));
      const out = path.join(dir, `refused-${name.replace(/\W+/g, '-')}.cnnproj`);
      const r = await run('import', model, '--out', out);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^import: /);
      expect(r.err).toMatch(c.refusal);
      expect(r.out).toBe('');
      expect(existsSync(out)).toBe(false);
      expect(existsSync(out.replace(/\.cnnproj$/, '.weights'))).toBe(false);
    },
  );

  it('does not replace a project without --force; with it, keeps the old one as .bak', async () => {
    const out = path.join(dir, 'kept.cnnproj');
    writeFileSync(out, 'mine');
    const refused = await run('import', path.join(dir, 'models', 'small.onnx'), '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(`import: ${out} exists — choose another --out, or add --force to replace it.\n`);
    expect(readFileSync(out, 'utf8')).toBe('mine');
    expect(existsSync(path.join(dir, 'kept.weights'))).toBe(false);
    const forced = await run('import', path.join(dir, 'models', 'small.onnx'), '--out', out, '--force');
    expect(forced.code).toBe(0);
    expect(parseProjectFile(readFileSync(out, 'utf8')).ok).toBe(true);
    expect(readFileSync(`${out}.bak`, 'utf8')).toBe('mine');
  });

  it.each([
    [['import', 'models/small.onnx', '--out', 'digits.json'], 2, /^import: --out must name a project file ending in \.cnnproj, not "digits\.json"\.\n$/],
    [['import', 'models/small.onnx', '--out', 'no/such/folder/x.cnnproj'], 1, /^import: the folder .*no\/such\/folder does not exist — create it first, or choose another --out\.\n$/],
    [['import', 'models/nope.onnx', '--out', 'nope.cnnproj'], 1, /^import: Cannot read the model file .*nope\.onnx \(ENOENT\) — check the path\.\n$/],
    [['import', 'models/small.onnx'], 2, /^import: --out <FILE\.cnnproj> is required: the project file to write; the weights go into FILE\.weights\/ beside it\.\n/],
  ])('%j exits %i with what to do', async (args, code, says) => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const r = await run(...args);
      expect(r.code).toBe(code);
      expect(r.err).toMatch(says);
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(path.join(dir, 'nope.cnnproj'))).toBe(false);
  });

  it('--help comes from the option declarations', async () => {
    const r = await run('import', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: cnn-studio import <model> \[options\]\n/);
    expect(r.out).toMatch(/--out <FILE\.cnnproj> +the project file to write; the weights go into FILE\.weights\/ beside it/);
    expect(r.out).toMatch(/--force +replace FILE\.cnnproj and FILE\.weights\/ when they exist/);
  });
});
