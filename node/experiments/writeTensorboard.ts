// A training run's TensorBoard logs, beside its weights: `<dir>/train/` and `<dir>/validation/`, each holding one
// events file in Keras' layout (src/experiments/tfevents.ts), so `tensorboard --logdir <dir>` shows the
// epoch_loss / epoch_accuracy curves of both and train's epoch_learning_rate. Used by `cnn-studio train` and the
// app's 'train.saveWeights'. Each file is written atomically (node/fs/atomicWrite.ts); an older run's events
// files in those two folders are removed after it, so the folder shows this run — as its metrics.json and
// weights do — rather than two runs' points on the same steps.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { atomicWrite } from '../fs/atomicWrite';
import { ensureOutputFolder, OutputFolderError } from '../fs/outputFolder';
import { eventsFileBytes, eventsFileName, isEventsFileName, kerasEpochEvents, type EpochScalars } from '../../src/experiments/tfevents';

export const TENSORBOARD_RUNS = ['train', 'validation'] as const;

export interface TensorboardLogOptions {
  /** When training started (ms since the epoch): each epoch's wall time is this plus the epochs' durations. */
  startedAt: number;
  /** Parts of the file name; default this machine's host name and this process's id. */
  host?: string;
  pid?: number;
}

/** Writes `<dir>/train/events.out.tfevents.…` and, when any epoch was validated, `<dir>/validation/…`; returns their paths. */
export async function writeTensorboardLogs(dir: string, history: readonly EpochScalars[], opts: TensorboardLogOptions): Promise<string[]> {
  const startedAt = opts.startedAt / 1000;
  const name = eventsFileName({ seconds: startedAt, host: opts.host ?? os.hostname(), pid: opts.pid ?? process.pid });
  const events = kerasEpochEvents(history, startedAt);
  const written: string[] = [];
  for (const run of TENSORBOARD_RUNS) {
    const folder = path.join(dir, run);
    const file = path.join(folder, name);
    // The caller confined `dir`; a run folder that is a link (or a file) could lead out of it, so it is refused.
    const st = await fs.lstat(folder).catch(() => undefined);
    if (st && !st.isDirectory()) throw new OutputFolderError('not-a-folder', `${folder} is ${st.isSymbolicLink() ? 'a link' : 'not a folder'} — TensorBoard logs go into a plain ${run}/ folder; move it away and train again.`);
    if (events[run].length > 0) {
      await ensureOutputFolder(folder);
      await atomicWrite(file, eventsFileBytes(events[run], startedAt));
      written.push(file);
    }
    await removeOlderEventsFiles(folder, name);
  }
  return written;
}

async function removeOlderEventsFiles(folder: string, keep: string): Promise<void> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const e of entries) if (e.isFile() && e.name !== keep && isEventsFileName(e.name)) await fs.rm(path.join(folder, e.name), { force: true });
}
