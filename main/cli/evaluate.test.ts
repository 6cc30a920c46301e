// `cnn-studio evaluate` end to end: LeNet-5 trained briefly by `cnn-studio train` (standardised input, so the
// weights' own normalisation matters), real MNIST digits written as PNG files in one folder per class. The --json
// evaluation against running the model on each image directly; the run's validation split reproduced; classes
// matched by name (a folder holding some of them); the refusals; the HTML report self-contained.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type * as tfjs from '@tensorflow/tfjs';
import { runCli } from './main';
import { loadMnist } from '../../node/data/ensureMnist';
import { loadProjectArg } from './loadProject';
import { readWeightsFolder } from '../../node/export/writeExport';
import { loadTfForNode } from '../../node/train/trainBackend';
import { buildTfModel } from '../../src/train/buildTfModel';
import { applyWeights } from '../../src/train/applyWeights';
import { normalizeInPlace } from '../../src/train/batches';
import { ModelEvaluationSchema, type ModelEvaluation } from '../../src/evaluate/evaluationSchema';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-evaluate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const weights = path.join(dir, 'weights');
const digits = path.join(dir, 'digits');
const someDigits = path.join(dir, 'three-and-seven');
const pets = path.join(dir, 'pets');
const letters = path.join(dir, 'letters');
/** The digits written: label, file inside the folder, 784 pixels. */
const written: { label: number; file: string; pixels: Uint8Array }[] = [];
const PER_CLASS = 5;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const png = (px: Uint8Array) => sharp(px, { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer();

beforeAll(async () => {
  const t = await cli(['train', 'lenet5', '--limit', '300', '--epochs', '1', '--batch', '32', '--lr', '0.003', '--normalize', 'standardize', '--out', weights]);
  expect(t.code).toBe(0);
  const mnist = await loadMnist();
  const perClass = new Map<number, number>();
  for (let i = 1000; written.length < 10 * PER_CLASS; i++) {
    const label = mnist.labels[i];
    const k = perClass.get(label) ?? 0;
    if (k >= PER_CLASS) continue;
    perClass.set(label, k + 1);
    const pixels = mnist.images.slice(i * 784, (i + 1) * 784);
    const file = `${label}/${i}.png`;
    mkdirSync(path.join(digits, String(label)), { recursive: true });
    writeFileSync(path.join(digits, file), await png(pixels));
    written.push({ label, file, pixels });
    if (label === 3 || label === 7) {
      mkdirSync(path.join(someDigits, String(label)), { recursive: true });
      writeFileSync(path.join(someDigits, file), await png(pixels));
    }
  }
  writeFileSync(path.join(someDigits, '3', 'broken.png'), 'not a picture'); // skipped by the import, and named
  for (const cls of 'abcdefghij') {
    mkdirSync(path.join(letters, cls), { recursive: true });
    writeFileSync(path.join(letters, cls, 'a.png'), await png(written[0].pixels));
  }
  for (const cls of ['cat', 'dog']) {
    mkdirSync(path.join(pets, cls), { recursive: true });
    writeFileSync(path.join(pets, cls, 'a.png'), await png(written[0].pixels));
  }
}, 180_000);

/** The trained model run on each written digit alone, its input normalised with the weights' own mean/std. */
async function predictDirectly(): Promise<{ predicted: number; confidence: number }[]> {
  const loaded = await loadProjectArg('lenet5');
  if (!loaded.ok) throw new Error(loaded.message);
  const saved = await readWeightsFolder(loaded.doc, weights);
  expect(saved.normalization?.mean[0]).toBeGreaterThan(0.05); // standardised: not the identity
  const { tf } = await loadTfForNode('wasm');
  const model = buildTfModel(loaded.doc.graph, tf);
  applyWeights(tf, model, saved);
  const out = written.map(({ pixels }) => {
    const x = normalizeInPlace(Float32Array.from(pixels, (v) => v / 255), 1, saved.normalization);
    const p = Array.from(tf.tidy(() => (model.predict(tf.tensor4d(x, [1, 28, 28, 1])) as tfjs.Tensor).dataSync()));
    const confidence = Math.max(...p);
    return { predicted: p.indexOf(confidence), confidence };
  });
  model.dispose();
  return out;
}

describe('cnn-studio evaluate', () => {
  it('--json on an image folder: accuracy, confusion and mistakes equal running the model on each image directly', { timeout: 120_000 }, async () => {
    const r = await cli(['evaluate', 'lenet5', '--weights', weights, '--data', digits, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const e: ModelEvaluation = ModelEvaluationSchema.parse(JSON.parse(r.out));
    const direct = await predictDirectly();
    const wrong = written.flatMap((w, i) => (direct[i].predicted === w.label ? [] : [{ ...w, ...direct[i] }]));
    expect(e.samples).toBe(written.length);
    expect(e.accuracy).toBe((written.length - wrong.length) / written.length);
    expect(e.accuracy).toBeGreaterThan(0.3); // one short epoch: well above chance (0.1), so the checks below see both kinds
    expect(e.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(e.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(new Array(10).fill(PER_CLASS));
    expect(e.perClass.map((c) => c.support)).toEqual(new Array(10).fill(PER_CLASS));
    for (let t = 0; t < 10; t++)
      for (let p = 0; p < 10; p++) expect(e.confusion[t][p]).toBe(written.filter((w, i) => w.label === t && direct[i].predicted === p).length);
    // The mistakes by file, most confident first, with the same confidences (so the same normalisation).
    expect(e.misclassifiedTotal).toBe(wrong.length);
    const byFile = new Map(wrong.map((w) => [w.file, w]));
    const folderOrder = [...written].sort((a, b) => a.label - b.label || (a.file < b.file ? -1 : 1)); // the import's order
    expect(e.misclassified.every((m) => folderOrder[m.index].file === m.file)).toBe(true);
    for (const m of e.misclassified) {
      const w = byFile.get(m.file!)!;
      expect(w).toBeDefined();
      expect([m.truth, m.predicted]).toEqual([w.label, w.predicted]);
      expect(m.confidence).toBeCloseTo(w.confidence, 4);
    }
    expect(e.misclassified.map((m) => m.confidence)).toEqual([...e.misclassified.map((m) => m.confidence)].sort((a, b) => b - a));
    expect(e.perClass.every((c) => c.rocAuc !== null && c.rocAuc >= 0 && c.rocAuc <= 1)).toBe(true);
    expect(e.calibration.bins.reduce((a, b) => a + b.count, 0)).toBe(written.length);
  });

  it("--split validation on mnist reproduces the run's validation accuracy and loss (its first 300 digits, its seeded split)", { timeout: 60_000 }, async () => {
    const r = await cli(['evaluate', 'lenet5', '--weights', weights, '--data', 'mnist', '--split', 'validation', '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out) as ModelEvaluation;
    const metrics = JSON.parse(readFileSync(path.join(weights, 'metrics.json'), 'utf8'));
    expect(e.samples).toBe(60);
    expect(e.accuracy).toBeCloseTo(metrics.valAccuracy, 10);
    expect(e.loss).toBeCloseTo(metrics.valLoss, 4);
    expect(e.confusion).toEqual(metrics.confusion);
    expect(e.source).toBe('validation split of embedded MNIST (10,000 digits), first 300 as trained');
  });

  it('prints the summary, the per-class table, the confusion matrix and the mistakes; in Korean with --lang ko', { timeout: 60_000 }, async () => {
    const r = await cli(['evaluate', 'lenet5', '--weights', weights, '--data', digits]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Evaluated 50 samples: folder .*digits\naccuracy \d+\.\d% · loss \d\.\d{4} · macro precision/);
    expect(r.out).toMatch(/\nclass\s+precision\s+recall\s+F1\s+support\s+ROC AUC\s+AP\n0\s+\d+\.\d%/);
    expect(r.out).toContain('Confusion matrix (rows = true class, columns = predicted):');
    expect(r.out.split('\n').filter((l) => /^\d  (\s*\d+ ){9}\s*\d+$/.test(l))).toHaveLength(10);
    expect(r.out).toMatch(/Most confident mistakes \(\d+ of \d+\):\n {2}\d\/\d+\.png\s+\d → \d {2}\(0\.\d{3}\)/);
    const ko = await cli(['evaluate', 'lenet5', '--weights', weights, '--data', digits, '--lang', 'ko', '--limit', '20']);
    expect(ko.code).toBe(0);
    expect(ko.out).toMatch(/^표본 20개를 평가했습니다: folder .*digits, 20 drawn at random\n정확도/);
    expect(ko.out).toContain('혼동 행렬 (행 = 실제 클래스, 열 = 예측):');
  });

  it('matches classes by name: a folder with only 3/ and 7/ evaluates against outputs 3 and 7; a broken file is named', { timeout: 60_000 }, async () => {
    const r = await cli(['evaluate', 'lenet5', '--weights', weights, '--data', someDigits, '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out) as ModelEvaluation;
    expect(e.samples).toBe(2 * PER_CLASS);
    expect(e.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([0, 0, 0, PER_CLASS, 0, 0, 0, PER_CLASS, 0, 0]);
    const text = await cli(['evaluate', 'lenet5', '--weights', weights, '--data', someDigits]);
    expect(text.err).toMatch(/note: the data holds 2 of the network's 10 classes; matched by name/);
    expect(text.err).toMatch(/import: 1 of 11 files skipped \(10 imported\):\n {2}3\/broken\.png — /);
  });

  it('--report writes one self-contained HTML file (no http(s) reference), with the mistakes as inline images', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'out', 'report.html');
    const r = await cli(['evaluate', 'lenet5', '--weights', weights, '--data', digits, '--report', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Wrote ${file}`);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).toContain('LeNet-5');
    expect(html).toContain('id="training"'); // from the weights folder's metrics.json
    expect(html).toMatch(/src="data:image\/png;base64,/);
  });

  it.each([
    ['a folder whose class count is not the network’s', 1, ['--data', pets], /the data has 2 classes \(cat, dog\) but the network has 10 outputs \(trained on 0, 1, 2, .*9\) — give data with one subfolder per class/],
    ['ten classes named otherwise than the weights’', 1, ['--data', letters], /the data's classes a, b, c, d, e, f, g, h, i, j are not among the classes the weights were trained on \(0, 1, .*9\) — name the data's class folders as the network's classes/],
    ['weights that do not exist', 1, ['--data', 'DIGITS', '--weights', path.join(dir, 'nowhere')], /cannot use the weights in .*nowhere: No trained weights/],
    ['an unknown option', 2, ['--data', 'DIGITS', '--shift', '2'], /--shift/],
    ['an unknown split', 2, ['--data', 'DIGITS', '--split', 'test'], /--split must be all, validation or train/],
    ['a missing data folder', 2, ['--data', path.join(dir, 'nowhere')], /no such folder/],
    ['a report path that is a folder', 2, ['--data', 'DIGITS', '--report', dir], /--report .* is a folder/],
  ])('refuses %s (exit %i)', { timeout: 60_000 }, async (_name, code, args, message) => {
    const r = await cli(['evaluate', 'lenet5', '--weights', weights, ...args.map((a) => (a === 'DIGITS' ? digits : a))]);
    expect(r.err).toMatch(message);
    expect(r.code).toBe(code);
    expect(r.out).toBe('');
  });
});
