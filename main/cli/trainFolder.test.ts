// `cnn-studio train --data FOLDER` on a par with the app (#18): the import report (each skipped file and why) on
// stderr and in the run folder, the folder's class names carried with the weights into every export, and a
// class-count mismatch refused before training with both counts and the fix. Real Fashion-MNIST images.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runCli } from './main';
import { greyPng } from '../../node/data/testImages';
import { onnx } from '../../src/export/onnx/onnxProto';

const FASHION = '/usr/share/datasets/fashion-mnist';
// Fashion-MNIST's classes in label order, as folder names (sorted order differs from label order on purpose).
const CLASSES = ['tshirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'boot'];
const dir = mkdtempSync(path.join(tmpdir(), 'cli-train-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `perClass` real test images of each of `classes` (by their true label) in class folders. */
async function writeFolder(root: string, classes: readonly string[], perClass: number) {
  const labels = gunzipSync(readFileSync(path.join(FASHION, 't10k-labels-idx1-ubyte.gz'))).subarray(8);
  const count = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < labels.length && count.some((c) => c < perClass); i++) {
    const c = labels[i];
    if (c >= classes.length || count[c] >= perClass) continue;
    mkdirSync(path.join(root, classes[c]), { recursive: true });
    writeFileSync(path.join(root, classes[c], `${i}.png`), await greyPng(i));
    count[c]++;
  }
}

describe.skipIf(!existsSync(FASHION))('cnn-studio train --data FOLDER', () => {
  const folder = path.join(dir, 'fashion10');
  const out = path.join(dir, 'run');
  let trained: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    await writeFolder(folder, CLASSES, 12);
    writeFileSync(path.join(folder, 'bag', 'broken.png'), (await greyPng(0)).subarray(0, 60)); // a PNG cut short
    writeFileSync(path.join(folder, 'coat', 'empty.png'), '');
    writeFileSync(path.join(folder, 'dress', 'notes.txt'), 'not an image');
    trained = await cli(['train', 'lenet5', '--data', folder, '--epochs', '1', '--batch', '16', '--backend', 'cpu', '--out', out]);
  }, 120_000);

  it('names each skipped file and why, and writes import-report.json into the run folder', () => {
    expect(trained.code).toBe(0);
    expect(trained.err).toMatch(/import: 3 of 123 files skipped \(120 imported\)/);
    for (const f of ['bag/broken.png', 'coat/empty.png', 'dress/notes.txt']) expect(trained.err).toContain(f);
    const report = JSON.parse(readFileSync(path.join(out, 'import-report.json'), 'utf8'));
    expect(report.imported).toBe(120);
    expect(report.skipped.map((s: { path: string; code: string }) => [s.path, s.code]).sort()).toEqual([
      ['bag/broken.png', 'corrupt'],
      ['coat/empty.png', 'empty-file'],
      ['dress/notes.txt', 'not-an-image'],
    ]);
    expect(report.classes.map((c: { name: string; count: number }) => c.count)).toEqual(new Array(10).fill(12));
  });

  it("carries the folder's class names with the weights into ONNX, PyTorch and tfjs exports", async () => {
    const folderOrder = [...CLASSES].sort(); // classes by folder name, sorted, as the import orders them
    const weightsMeta = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')).userDefinedMetadata.cnnStudio;
    expect(weightsMeta.classNames).toEqual(folderOrder);

    const onnxOut = path.join(dir, 'onnx');
    expect((await cli(['export', 'lenet5', '--weights', out, '--format', 'onnx', '--out', onnxOut])).code).toBe(0);
    const m = onnx.ModelProto.decode(readFileSync(path.join(onnxOut, 'lenet-5.onnx'))) as unknown as { metadataProps: { key: string; value: string }[] };
    expect(JSON.parse(m.metadataProps.find((p) => p.key === 'class_names')!.value)).toEqual(folderOrder);

    const torchOut = path.join(dir, 'torch');
    expect((await cli(['export', 'lenet5', '--weights', out, '--format', 'pytorch', '--out', torchOut])).code).toBe(0);
    const classLine = readFileSync(path.join(torchOut, 'model.py'), 'utf8').split('\n').find((l) => l.startsWith('CLASS_NAMES'));
    expect(classLine).toBe(`CLASS_NAMES = [${folderOrder.map((c) => `"${c}"`).join(', ')}]`);

    const tfjsOut = path.join(dir, 'tfjs');
    expect((await cli(['export', 'lenet5', '--weights', out, '--format', 'tfjs', '--out', tfjsOut])).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(tfjsOut, 'model.json'), 'utf8')).userDefinedMetadata.cnnStudio.classNames).toEqual(folderOrder);
  }, 120_000);

  it('refuses a class-count mismatch before training, naming both counts and the fix', async () => {
    const three = path.join(dir, 'fashion3');
    await writeFolder(three, CLASSES.slice(0, 3), 4);
    const r = await cli(['train', 'lenet5', '--data', three, '--epochs', '1', '--backend', 'cpu', '--out', path.join(dir, 'three')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the data has 3 classes \(pullover, trouser, tshirt\) but LeNet-5's Output node has 10 — set the Output node's classes to 3/);
    expect(existsSync(path.join(dir, 'three', 'model.json'))).toBe(false);
  }, 60_000);
});
