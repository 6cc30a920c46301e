// What the training loop reports as it runs: once at the start, every batch, every epoch. One schema each;
// the trainer, the training worker's messages and the CLI's progress lines use the types inferred from them.
import { z } from 'zod';

/** A loss as measured: NaN or ±Infinity where training diverged (the trainer turns that into a failure). */
const LossSchema = z.custom<number>((v) => typeof v === 'number', { message: 'expected a number (NaN and ±Infinity included)' });

export const TrainStartSchema = z.object({
  trainSamples: z.number().int().min(0),
  validationSamples: z.number().int().min(0),
  batchesPerEpoch: z.number().int().min(0),
  epochs: z.number().int().min(0),
});
export type TrainStart = z.infer<typeof TrainStartSchema>;

export const BatchReportSchema = z.object({
  epoch: z.number().int().min(0),
  batch: z.number().int().min(0),
  batchesPerEpoch: z.number().int().min(0),
  /** Steps done since the start (all epochs). */
  step: z.number().int().min(0),
  loss: LossSchema,
  acc: z.number(),
  samplesPerSec: z.number(),
  learningRate: z.number(),
});
export type BatchReport = z.infer<typeof BatchReportSchema>;

export const EpochReportSchema = z.object({
  epoch: z.number().int().min(0),
  loss: LossSchema,
  acc: z.number(),
  /** On the validation set; absent when the epoch had none. */
  valLoss: LossSchema.optional(),
  valAcc: z.number().optional(),
  seconds: z.number(),
  learningRate: z.number(),
});
export type EpochReport = z.infer<typeof EpochReportSchema>;
