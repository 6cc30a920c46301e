// Between the training worker and a timing worker (renderer/worker/timing.worker.ts): which backend to time on
// which model until when, and the figures back. Checked with zod on arrival, as the training worker's messages are.
import { z } from 'zod';
import { GraphSchema } from '../../src/graph/schema';
import { TrainingSettingsSchema } from '../../src/train/settings';
import { BackendNameSchema, TimedStepsSchema } from '../../src/train/backend';

export const TimingRequestSchema = z.object({
  graph: GraphSchema,
  settings: TrainingSettingsSchema,
  backend: BackendNameSchema,
  /** The share's end as an absolute time (performance.timeOrigin + now()): the two workers' clocks start apart. */
  untilEpochMs: z.number(),
  /** The best rate timed so far: the timer stops early once clearly below it. */
  best: z.number().optional(),
});
export type TimingRequest = z.infer<typeof TimingRequestSchema>;

export const TimingReplySchema = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), result: TimedStepsSchema }), z.object({ ok: z.literal(false), error: z.string() })]);
export type TimingReply = z.infer<typeof TimingReplySchema>;
