// `cnn-studio train` end to end: real template, real data, real files written.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './main';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cnn-studio train', () => {
  it('trains LeNet-5 on an MNIST subset and writes tfjs weights + metrics.json, with JSON-line progress', async () => {
    const out = path.join(dir, 'lenet');
    const r = await cli(['train', 'lenet5', '--limit', '640', '--epochs', '1', '--batch', '32', '--lr', '0.003', '--out', out, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'start', trainSamples: 512, validationSamples: 128, backend: 'wasm', params: 61706 }); // auto: no GPU here, so wasm with our kernels
    expect(lines.some((l) => l.type === 'batch' && l.batch === 15)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: 'done', status: 'completed' });
    const metrics = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    expect(metrics.params).toBe(61706);
    expect(metrics.valAccuracy).toBeGreaterThan(0.3); // 1 epoch on 512 digits at lr 0.003: well above chance (0.1)
    expect(metrics.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(128);
    const model = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'));
    expect(model.format).toBe('layers-model');
    const floats = model.weightsManifest[0].weights.reduce((a: number, w: { shape: number[] }) => a + w.shape.reduce((p, d) => p * d, 1), 0);
    expect(floats).toBe(61706);
    expect(readFileSync(path.join(out, 'weights.bin')).byteLength).toBe(61706 * 4);
  });

  it('trains from an IDX folder (Fashion-MNIST .gz)', async () => {
    if (!existsSync('/usr/share/datasets/fashion-mnist')) return;
    const out = path.join(dir, 'fashion');
    const r = await cli(['train', 'lenet5', '--data', '/usr/share/datasets/fashion-mnist', '--limit', '200', '--epochs', '1', '--normalize', 'standardize', '--out', out]);
    expect(r.code).toBe(0);
    // Standardised with the data's own statistics (Fashion-MNIST: mean ≈ 0.286, std ≈ 0.353 over all pixels).
    const { normalization } = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8')).dataset;
    expect(normalization.mode).toBe('standardize');
    expect(normalization.mean[0]).toBeGreaterThan(0.2);
    expect(normalization.mean[0]).toBeLessThan(0.4);
    expect(normalization.std[0]).toBeGreaterThan(0.25);
    expect(r.err).toMatch(/IDX train-images-idx3-ubyte\.gz \+ train-labels-idx1-ubyte\.gz, first 200/);
    expect(existsSync(path.join(out, 'weights.bin'))).toBe(true);
  });

  it.each([
    [['train'], /missing <project\|template>: give a project file \(\.cnnproj\) or a template id/],
    [['train', 'lenet5', '--epochs', '0'], /--epochs must be a whole number ≥ 1/],
    [['train', 'lenet5', '--backend', 'tpu'], /--backend must be auto, webgpu, wasm or cpu/],
    [['train', 'lenet5', '--normalize', 'zscore'], /--normalize must be unit, symmetric or standardize, not "zscore"/],
    [['train', 'lenet5', '--data', '/no/such/folder'], /no such folder/],
    [['train', 'no-such-template'], /No file or template named "no-such-template"/],
  ])('%j is refused with exit 2 and a message', async (args, message) => {
    const r = await cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('fails with exit 1 when the model does not fit the data (3-channel net on grey digits)', async () => {
    const r = await cli(['train', 'resnet20', '--limit', '50', '--epochs', '1', '--out', path.join(dir, 'mismatch')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Input node takes 32×32×3 but the dataset's images are 28×28×1/);
  });
});

describe('cnn-studio train records the run', () => {
  it('gives identical curves for the same seed, and appends the run to a project file with its folder', async () => {
    const { findTemplate } = await import('../../src/project/templates');
    const { parseProjectFile, serializeProjectFile } = await import('../../src/project/projectFile');
    const { RunRecordSchema } = await import('../../src/experiments/runRecord');
    const { writeFileSync, readdirSync } = await import('node:fs');
    const args = ['--limit', '300', '--epochs', '1', '--batch', '32', '--backend', 'cpu'];
    const a = await cli(['train', 'lenet5', ...args, '--out', path.join(dir, 'seed-a')]);
    const b = await cli(['train', 'lenet5', ...args, '--out', path.join(dir, 'seed-b')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const runOf = (d: string) => RunRecordSchema.parse(JSON.parse(readFileSync(path.join(dir, d, 'run.json'), 'utf8')));
    const [ra, rb] = [runOf('seed-a'), runOf('seed-b')];
    expect(ra.origin).toBe('cli');
    expect(ra.epochs.map((e) => [e.loss, e.valLoss])).toEqual(rb.epochs.map((e) => [e.loss, e.valLoss]));
    expect(ra.batchLoss).toEqual(rb.batchLoss);
    expect(ra.id).not.toBe(rb.id);

    const file = path.join(dir, 'lenet.cnnproj');
    writeFileSync(file, serializeProjectFile((await findTemplate('lenet5'))!.makeDoc()));
    const p = await cli(['train', file, ...args]);
    expect(p.code).toBe(0);
    const parsed = parseProjectFile(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const run = parsed.doc.runs![0];
    expect(parsed.doc.runs).toHaveLength(1);
    expect(run).toMatchObject({ name: 'Run 1', origin: 'cli', weightsPath: `lenet.runs/${run.id}`, dataset: { limit: 300, trainSamples: 240, validationSamples: 60 } });
    const folder = path.join(dir, 'lenet.runs', run.id);
    expect(readdirSync(folder)).toEqual(expect.arrayContaining(['run.json', 'model.json', 'weights.bin', 'train', 'validation']));
    expect(RunRecordSchema.parse(JSON.parse(readFileSync(path.join(folder, 'run.json'), 'utf8')))).toEqual(run);
  }, 60_000);
});
