// readRunInfo: a weights folder's metrics.json and run.json read field by field — a diverged epoch (NaN loss,
// written by JSON as null) or a damaged field loses only itself; no metrics.json, or not JSON, gives undefined.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRunInfo } from './runInfo';
import { TrainingSettingsSchema } from '../../src/train/settings';

const dir = mkdtempSync(path.join(tmpdir(), 'run-info-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settings = TrainingSettingsSchema.parse({ epochs: 2, seed: 7 });
const epoch = (e: number, loss: number | null) => ({ epoch: e, loss, acc: 0.5, valLoss: 0.7, valAcc: 0.6, seconds: 1, learningRate: 0.001 });

function folder(name: string, files: Record<string, string>): string {
  const d = path.join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(d, f), text);
  return d;
}

describe('readRunInfo', () => {
  it('reads what `train --out` writes: settings, epochs, status, the data, the run name', async () => {
    const d = folder('whole', {
      'metrics.json': JSON.stringify({ settings, epochs: [epoch(0, 1.2), epoch(1, 0.8)], status: 'completed', backend: 'wasm', seconds: 3.5, samplesPerSec: 100, bestEpoch: 1, dataset: { source: 'embedded MNIST (10,000 digits)', samples: 300, classes: ['0', '1'] } }),
      'run.json': JSON.stringify({ name: 'Run 3' }),
    });
    expect(await readRunInfo(d)).toEqual({ settings, history: [epoch(0, 1.2), epoch(1, 0.8)], status: 'completed', backend: 'wasm', seconds: 3.5, samplesPerSec: 100, bestEpoch: 1, runName: 'Run 3', dataset: { source: 'embedded MNIST (10,000 digits)', samples: 300, classes: ['0', '1'] } });
  });

  it.each([
    ['a diverged epoch (null loss) and bestEpoch null', { settings, epochs: [epoch(0, 1.2), epoch(1, null)], bestEpoch: null, status: 'failed' }, { settings, history: [epoch(0, 1.2)], status: 'failed' }],
    ['damaged settings and dataset', { settings: { epochs: -1 }, epochs: 'many', dataset: 'mnist', status: 'completed' }, { history: [], status: 'completed' }],
  ])('keeps what parses: %s', async (name, metrics, expected) => {
    expect(await readRunInfo(folder(name.replace(/\W+/g, '-'), { 'metrics.json': JSON.stringify(metrics) }))).toEqual(expected);
  });

  it.each([
    ['no metrics.json', {}],
    ['metrics.json that is not JSON', { 'metrics.json': '{"settings": ' }],
    ['metrics.json that is not an object', { 'metrics.json': '[1, 2]' }],
  ])('gives undefined for %s', async (name, files) => {
    expect(await readRunInfo(folder(name.replace(/\W+/g, '-'), files))).toBeUndefined();
  });
});
