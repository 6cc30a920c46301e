// writeTensorboardLogs on a real folder: the two run folders, a run without validation, and an earlier run's events
// files replaced rather than left beside the new ones. (TensorBoard's reader on a real training run:
// main/cli/trainTensorboard.test.ts.)
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeTensorboardLogs } from './writeTensorboard';
import { eventsFileBytes, kerasEpochEvents } from '../../src/experiments/tfevents';

const root = mkdtempSync(path.join(tmpdir(), 'tensorboard-logs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const validated = [
  { epoch: 0, loss: 2.1, acc: 0.3, valLoss: 1.9, valAcc: 0.4, seconds: 1.5, learningRate: 0.01 },
  { epoch: 1, loss: 1.2, acc: 0.6, valLoss: 1.1, valAcc: 0.65, seconds: 1.25, learningRate: 0.01 },
];
const unvalidated = validated.map(({ valLoss: _l, valAcc: _a, ...e }) => e);
const startedAt = Date.UTC(2026, 11, 2, 6, 0, 0);

describe('writeTensorboardLogs', () => {
  it.each([
    ['with a validation split', validated, ['train', 'validation']],
    ['without one', unvalidated, ['train']],
  ])('%s writes one events file per run folder, named for the host and process', async (_name, history, runs) => {
    const dir = path.join(root, runs.join('-'));
    const written = await writeTensorboardLogs(dir, history, { startedAt, host: 'lab.example', pid: 77 });
    const name = 'events.out.tfevents.1796191200.lab-example.77.v2';
    expect(written).toEqual(runs.map((r) => path.join(dir, r, name)));
    expect(readdirSync(dir).sort()).toEqual(runs);
    const events = kerasEpochEvents(history, startedAt / 1000);
    for (const r of runs) expect(new Uint8Array(readFileSync(path.join(dir, r, name)))).toEqual(eventsFileBytes(events[r as 'train'], startedAt / 1000));
  });

  it("replaces an earlier run's events files and leaves the user's other files", async () => {
    const dir = path.join(root, 'again');
    for (const r of ['train', 'validation']) {
      mkdirSync(path.join(dir, r), { recursive: true });
      writeFileSync(path.join(dir, r, 'events.out.tfevents.1700000000.old.1.v2'), 'an earlier run');
      writeFileSync(path.join(dir, r, 'notes.txt'), 'mine');
    }
    await writeTensorboardLogs(dir, unvalidated, { startedAt, host: 'h', pid: 2 });
    expect(readdirSync(path.join(dir, 'train')).sort()).toEqual(['events.out.tfevents.1796191200.h.2.v2', 'notes.txt']);
    // This run had no validation: the old validation curve would be another run's, so it goes too.
    expect(readdirSync(path.join(dir, 'validation'))).toEqual(['notes.txt']);
    expect(existsSync(path.join(dir, 'train', 'events.out.tfevents.1700000000.old.1.v2'))).toBe(false);
  });
});
