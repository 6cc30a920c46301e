// `cnn-studio train` writes TensorBoard logs that TensorBoard's own reader (EventAccumulator) reads back with the
// numbers of metrics.json: a real 2-epoch LeNet-5 run on the embedded MNIST digits. Skipped, as the PyTorch
// export tests are, where no Python has tensorboard; to run it:
//   /usr/bin/python3 -m pip install --break-system-packages tensorboard
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './main';
import { findPython } from '../../node/testing/python';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-tensorboard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tensorboardPython = findPython(['tensorboard.backend.event_processing.event_accumulator']);

/** Every scalar series of an events folder as TensorBoard reads it: tag → [step, value][]. */
function readScalars(folder: string): Record<string, [number, number][]> {
  const py = [
    'import json, sys',
    'from tensorboard.backend.event_processing.event_accumulator import EventAccumulator',
    "acc = EventAccumulator(sys.argv[1], size_guidance={'scalars': 0})",
    'acc.Reload()',
    "print(json.dumps({t: [[e.step, e.value] for e in acc.Scalars(t)] for t in acc.Tags()['scalars']}))",
  ].join('\n');
  const r = spawnSync(tensorboardPython!, ['-c', py, folder], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe.skipIf(!tensorboardPython)(
  'cnn-studio train → TensorBoard logs (skipped: no Python with tensorboard — run /usr/bin/python3 -m pip install --break-system-packages tensorboard)',
  () => {
    it("writes train/ and validation/ in Keras' layout, read by EventAccumulator with metrics.json's numbers", async () => {
      const out = path.join(dir, 'lenet');
      const err: string[] = [];
      const code = await runCli(['train', 'lenet5', '--limit', '320', '--epochs', '2', '--batch', '32', '--lr', '0.003', '--out', out], { out: () => {}, err: (t) => err.push(t) });
      expect(code, err.join('\n')).toBe(0);
      const epochs: { loss: number; acc: number; valLoss: number; valAcc: number; learningRate: number }[] = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8')).epochs;
      expect(epochs).toHaveLength(2);
      for (const run of ['train', 'validation']) expect(readdirSync(path.join(out, run))).toEqual([expect.stringMatching(/^events\.out\.tfevents\.\d+\.[A-Za-z0-9_-]+\.\d+\.v2$/)]);

      // Summary values are float32: TensorBoard gives back fround of what metrics.json holds.
      const series = (pick: (e: (typeof epochs)[number]) => number) => epochs.map((e, i) => [i, Math.fround(pick(e))]);
      expect(readScalars(path.join(out, 'train'))).toEqual({
        epoch_loss: series((e) => e.loss),
        epoch_accuracy: series((e) => e.acc),
        epoch_learning_rate: series((e) => e.learningRate),
      });
      expect(readScalars(path.join(out, 'validation'))).toEqual({
        epoch_loss: series((e) => e.valLoss),
        epoch_accuracy: series((e) => e.valAcc),
      });
    });
  },
);
