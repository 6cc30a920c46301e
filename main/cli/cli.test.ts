// Runs the real CLI (bin/cnn-studio.mjs) as a child process on real project files: output, exit codes, and
// a stderr that holds only our own lines (no Dawn/Vulkan diagnostics unless --verbose).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serializeProjectFile } from '../../src/project/projectFile';
import { smallProjectDoc } from '../../src/project/testDoc';

const bin = path.resolve(import.meta.dirname, '../../bin/cnn-studio.mjs');
let dir: string;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // As from a shell without a login session (CI, a container): where Dawn's Vulkan stack complained.
    const env = { ...process.env, XDG_RUNTIME_DIR: '' };
    execFile(process.execPath, [bin, ...args], { cwd: dir, timeout: 120_000, env }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-'));
  writeFileSync(path.join(dir, 'good.cnnproj'), serializeProjectFile(smallProjectDoc('Good net')));
  const bad = smallProjectDoc('Bad net');
  bad.graph.nodes[1].params = { filters: 6, kernelSize: 30 }; // 30×30 window on a 28×28 image
  writeFileSync(path.join(dir, 'bad.cnnproj'), serializeProjectFile(bad));
  writeFileSync(path.join(dir, 'package.json'), '{"name":"not-a-project"}');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cnn-studio validate', () => {
  it('prints every node with shape and params, the totals, and exits 0', async () => {
    const r = await cli('validate', 'good.cnnproj');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const conv = r.stdout.split('\n').find((l) => l.startsWith('c1 '))!;
    // Conv2D 5×5, 6 filters on 28×28×1: W2 = (28 − 5)/1 + 1 = 24, params = (5·5·1)·6 + 6 = 156
    expect(conv).toMatch(/Conv2D\s+24×24×6\s+156\b/);
    for (const id of ['in', 'c1', 'f', 'd', 'out']) expect(r.stdout).toMatch(new RegExp(`^${id}\\s`, 'm'));
    expect(r.stdout).toMatch(/Totals: [\d,]+ trainable params/);
    expect(r.stdout).toContain('✓');
  });

  it('exits 1 and names the node when the graph has an error', async () => {
    const r = await cli('validate', 'bad.cnnproj');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error\s+c1: .*not positive/);
    expect(r.stdout).toMatch(/✗ \d+ error/);
  });

  it('--json gives a machine-readable report', async () => {
    const r = await cli('validate', 'bad.cnnproj', '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.nodes.map((n: any) => n.id)).toEqual(['in', 'c1', 'f', 'd', 'out']);
    expect(report.nodes[0].outputShape).toEqual([28, 28, 1]);
    expect(report.issues.some((i: any) => i.nodeId === 'c1' && i.severity === 'error')).toBe(true);
  });

  it('--lang ko prints the report and issues in Korean', async () => {
    const r = await cli('validate', 'bad.cnnproj', '--lang', 'ko');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('합계');
    expect(r.stdout).toMatch(/오류\s+c1: .*양수가 아닙니다/);
  });

  it.each([
    ['a missing file', ['validate', 'nope.cnnproj'], /No file or template named "nope\.cnnproj"/],
    ['a foreign JSON file', ['validate', 'package.json'], /not a CNN Studio project \(no "format" field\)/],
    ['a bad --lang', ['validate', 'good.cnnproj', '--lang', 'fr'], /--lang must be en or ko/],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['a mistyped option', ['validate', 'good.cnnproj', '--jsn'], /^validate: unknown option --jsn \(did you mean --json\?\)\n/],
  ])('exits 2 with a clear message for %s', async (_n, args, says) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(says);
  });
});

describe('cnn-studio command line', () => {
  it.each([
    [['train', 'lenet5', '--epoch', '1'], 2, '', 'train: unknown option --epoch (did you mean --epochs?)\nRun `cnn-studio train --help` for its options.\n'],
    [['export', 'lenet5', '--format', 'onnx'], 2, '', 'export: --out <DIR> is required: the folder to write into, made if missing.\nRun `cnn-studio export --help` for its options.\n'],
    [['train', '--help'], 0, /^Usage: cnn-studio train <project\|template> \[options\]\n[^]*--epochs <N>[^]*--verbose/, ''],
    [['--help'], 0, /^Usage: cnn-studio <command> \[options\]\n[^]*validate[^]*train[^]*export/, ''],
    [[], 2, '', /^Usage: cnn-studio <command>/],
  ])('%j exits %i', async (args, code, stdout, stderr) => {
    const r = await cli(...args);
    expect(r.code).toBe(code);
    if (typeof stdout === 'string') expect(r.stdout).toBe(stdout);
    else expect(r.stdout).toMatch(stdout);
    if (typeof stderr === 'string') expect(r.stderr).toBe(stderr);
    else expect(r.stderr).toMatch(stderr);
  });

  it('a short train prints only its own lines on stderr; --verbose adds the backend details', async () => {
    const quiet = await cli('train', 'lenet5', '--limit', '100', '--epochs', '1', '--out', 'quiet');
    expect(quiet.code).toBe(0);
    const ours = /^(LeNet-5: |Training on |epoch 1\/1 |completed in )/;
    for (const line of quiet.stderr.trimEnd().split('\n')) expect(line).toMatch(ours);
    const json = await cli('train', 'lenet5', '--limit', '100', '--epochs', '1', '--out', 'json', '--json');
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    const loud = await cli('train', 'lenet5', '--limit', '100', '--epochs', '1', '--out', 'loud', '--json', '--verbose');
    expect(loud.code).toBe(0);
    const { backend } = JSON.parse(loud.stdout.split('\n')[0]);
    expect(loud.stderr).toMatch(/^backend: webgpu probe \(Dawn, in a child process\): /);
    expect(loud.stderr).toContain(`backend: using ${backend}`);
    if (backend !== 'webgpu') expect(loud.stderr).toMatch(/backend: webgpu passed over: /);
  });
});
