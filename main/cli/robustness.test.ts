// `cnn-studio robustness` end to end: LeNet-5 trained briefly by `cnn-studio train`, a folder of real MNIST
// digits as PNG files (one subfolder per class); the --json object's shape, its untransformed accuracy equal to
// predicting each image directly, and the refusals (classes that are not the model's, a transform it lacks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { runCli } from './main';
import { loadMnist } from '../../node/data/ensureMnist';
import { loadProjectArg } from './loadProject';
import { readWeightsFolder } from '../../node/export/writeExport';
import { loadTfForNode } from '../../node/train/trainBackend';
import { buildTfModel } from '../../src/train/buildTfModel';
import { applyWeights } from '../../src/train/applyWeights';
import { normalizeInPlace } from '../../src/train/batches';
import { TRANSFORMS } from '../../src/experiments/transforms';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-robustness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const weights = path.join(dir, 'weights');
const digits = path.join(dir, 'digits');
const pets = path.join(dir, 'pets');
/** The digits written, as [label, 784 pixels]. */
const written: [number, Uint8Array][] = [];

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  const t = await cli(['train', 'lenet5', '--limit', '640', '--epochs', '1', '--batch', '32', '--lr', '0.003', '--out', weights]);
  expect(t.code).toBe(0);
  const mnist = await loadMnist();
  const perClass = new Map<number, number>();
  for (let i = 700; written.length < 40; i++) {
    const label = mnist.labels[i];
    const k = perClass.get(label) ?? 0;
    if (k >= 4) continue;
    perClass.set(label, k + 1);
    const px = mnist.images.slice(i * 784, (i + 1) * 784);
    mkdirSync(path.join(digits, String(label)), { recursive: true });
    writeFileSync(path.join(digits, String(label), `${i}.png`), await sharp(px, { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer());
    written.push([label, px]);
  }
  for (const cls of ['cat', 'dog']) {
    mkdirSync(path.join(pets, cls), { recursive: true });
    writeFileSync(path.join(pets, cls, 'a.png'), await sharp(written[0][1], { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer());
  }
}, 180_000);

describe('cnn-studio robustness', () => {
  it('--json: the untransformed accuracy equals predicting each image directly; one curve per transform, shifts in pixels', { timeout: 120_000 }, async () => {
    const r = await cli(['robustness', 'lenet5', '--weights', weights, '--data', digits, '--transforms', 'shiftX,rotation,noise', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { accuracy: number; meanTrueProb: number; curves: { transform: string; values: number[]; accuracy: number[]; meanTrueProb: number[] }[] };
    expect(Object.keys(j)).toEqual(['accuracy', 'meanTrueProb', 'curves']);
    expect(j.curves.map((c) => c.transform)).toEqual(['shiftX', 'rotation', 'noise']);
    expect(j.curves[0].values).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4]);
    for (const c of j.curves) {
      expect(Object.keys(c)).toEqual(['transform', 'values', 'accuracy', 'meanTrueProb']);
      expect(c.accuracy).toHaveLength(9);
      expect(c.accuracy[c.values.indexOf(0)]).toBe(j.accuracy); // the identity point
    }

    // Directly: the same weights, each digit normalised as training did and predicted alone.
    const loaded = await loadProjectArg('lenet5');
    if (!loaded.ok) throw new Error(loaded.message);
    const saved = await readWeightsFolder(loaded.doc, weights);
    const { tf } = await loadTfForNode('wasm');
    const model = buildTfModel(loaded.doc.graph, tf);
    applyWeights(tf, model, saved);
    let correct = 0;
    let trueProb = 0;
    for (const [label, px] of written) {
      const x = normalizeInPlace(Float32Array.from(px, (v) => v / 255), 1, saved.normalization);
      const p = tf.tidy(() => (model.predict(tf.tensor4d(x, [1, 28, 28, 1])) as import('@tensorflow/tfjs').Tensor).dataSync());
      if (Array.from(p).indexOf(Math.max(...p)) === label) correct++;
      trueProb += p[label];
    }
    model.dispose();
    expect(j.accuracy).toBe(correct / written.length);
    expect(Math.abs(j.meanTrueProb - trueProb / written.length)).toBeLessThan(1e-5);
    expect(j.accuracy).toBeGreaterThan(0.5);
  });

  it('prints a table per transform (in Korean with --lang ko); --magnitudes and --limit choose the points and images', { timeout: 120_000 }, async () => {
    const r = await cli(['robustness', 'lenet5', '--weights', weights, '--data', digits, '--magnitudes', 'stroke=-1,0,1', '--transforms', 'stroke', '--limit', '10', '--lang', 'ko']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('변환하지 않은 이미지 10장의 정확도');
    expect(r.out).toContain(TRANSFORMS.find((t) => t.id === 'stroke')!.label.ko);
    expect(r.out.split('\n').filter((l) => /^\s+-?\d+\s+\d+\.\d%/.test(l))).toHaveLength(3);
  });

  it.each([
    ['a folder whose classes are not the model’s', ['--data', pets], /the classes in .*pets \(cat, dog\) are not the model's classes \(0, 1, 2, 3, 4, 5, 6, 7, 8, 9\)/],
    ['an unknown transform', ['--data', 'DIGITS', '--transforms', 'shiftx,blur'], /"shiftx" is not a transform \(did you mean shiftX\?\)/],
    ['a bad magnitude list', ['--data', 'DIGITS', '--magnitudes', 'noise=0,a'], /noise's magnitudes must be numbers/],
    ['an unknown option', ['--data', 'DIGITS', '--shift', '2'], /--shift/],
    ['a missing folder', ['--data', path.join(dir, 'nowhere')], /no such folder/],
  ])('refuses %s (exit 2)', { timeout: 60_000 }, async (_name, args, message) => {
    const r = await cli(['robustness', 'lenet5', '--weights', weights, ...args.map((a) => (a === 'DIGITS' ? digits : a))]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });
});
