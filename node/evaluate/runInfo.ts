// What a weights folder says about the run that wrote it (`cnn-studio train --out` writes metrics.json and
// run.json beside the weights): the settings, the epoch history, the data it trained on. Read field by field,
// so an older or hand-edited file still gives what it can; a folder without them gives undefined.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TrainingSettingsSchema, type TrainingSettings } from '../../src/train/settings';
import { EpochReportSchema, type EpochReport } from '../../src/train/reports';

export interface RunInfo {
  settings?: TrainingSettings;
  /** The epochs that parsed (a diverged epoch's NaN loss is written as null and dropped here). */
  history: EpochReport[];
  status?: string;
  backend?: string;
  seconds?: number;
  samplesPerSec?: number;
  bestEpoch?: number;
  runName?: string;
  /** The training data, as metrics.json names it. */
  dataset?: { source?: string; samples?: number; classes?: string[] };
}

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const MetricsFileSchema = z.object({
  settings: optional(TrainingSettingsSchema),
  epochs: z.array(z.unknown()).catch([]),
  status: optional(z.string()),
  backend: optional(z.string()),
  seconds: optional(z.number()),
  samplesPerSec: optional(z.number()),
  bestEpoch: optional(z.number().int().min(0)),
  dataset: optional(z.object({ source: optional(z.string()), samples: optional(z.number().int().min(0)), classes: optional(z.array(z.string())) })),
});

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export async function readRunInfo(weightsDir: string): Promise<RunInfo | undefined> {
  const raw = await readJson(path.join(weightsDir, 'metrics.json'));
  const parsed = MetricsFileSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  const history = m.epochs.flatMap((e) => {
    const r = EpochReportSchema.safeParse(e);
    return r.success ? [r.data] : [];
  });
  const run = z.object({ name: optional(z.string()) }).catch({}).parse(await readJson(path.join(weightsDir, 'run.json')));
  const info: RunInfo = { history };
  if (m.settings) info.settings = m.settings;
  if (m.status !== undefined) info.status = m.status;
  if (m.backend !== undefined) info.backend = m.backend;
  if (m.seconds !== undefined) info.seconds = m.seconds;
  if (m.samplesPerSec !== undefined) info.samplesPerSec = m.samplesPerSec;
  if (m.bestEpoch !== undefined) info.bestEpoch = m.bestEpoch;
  if (run.name !== undefined) info.runName = run.name;
  if (m.dataset) info.dataset = m.dataset;
  return info;
}
