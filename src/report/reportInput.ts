// What the HTML report (#18) is built from: the project, and whichever of training, dataset, evaluation and
// robustness results the caller has. One schema; the app, the CLI and the tests infer the type from it.
import { z } from 'zod';
import { GraphSchema } from '../graph/schema';
import { TrainingSettingsSchema } from '../train/settings';
import { EpochReportSchema } from '../train/reports';
import { ImportReportSchema } from '../contract/dataset';
import { ModelEvaluationSchema } from '../evaluate/evaluationSchema';

/** src/experiments/robustness.ts RobustnessResult, as a schema (that module declares it as an interface). */
export const RobustnessResultSchema = z.object({
  accuracy: z.number(),
  meanTrueProb: z.number(),
  curves: z.array(z.object({ transform: z.string(), values: z.array(z.number()), accuracy: z.array(z.number()), meanTrueProb: z.array(z.number()) })),
});

const side = z.number().int().min(1).max(4096);

/** One misclassified sample's pixels (HWC uint8), matched to evaluation.misclassified by `index`. */
export const ReportImageSchema = z
  .object({ index: z.number().int().min(0), height: side, width: side, channels: z.number().int().min(1).max(4), pixels: z.instanceof(Uint8Array) })
  .refine((im) => im.pixels.length === im.height * im.width * im.channels, { message: 'pixels must hold height × width × channels bytes' });
export type ReportImage = z.infer<typeof ReportImageSchema>;

export const ReportInputSchema = z.object({
  lang: z.enum(['en', 'ko']),
  /** ISO 8601 time the report was made. */
  generatedAt: z.string().min(1),
  project: z.object({ name: z.string(), graph: GraphSchema }),
  training: z
    .object({
      settings: TrainingSettingsSchema,
      history: z.array(EpochReportSchema),
      status: z.string().optional(),
      backend: z.string().optional(),
      seconds: z.number().optional(),
      samplesPerSec: z.number().optional(),
      bestEpoch: z.number().int().optional(),
      runName: z.string().optional(),
    })
    .optional(),
  dataset: z
    .object({
      source: z.string(),
      classNames: z.array(z.string()),
      shape: z.tuple([side, side, side]),
      trainSamples: z.number().int().min(0).optional(),
      validationSamples: z.number().int().min(0).optional(),
      classCounts: z.array(z.object({ name: z.string(), count: z.number().int().min(0), train: z.number().int().min(0).optional(), validation: z.number().int().min(0).optional() })).optional(),
      importReport: ImportReportSchema.optional(),
    })
    .optional(),
  evaluation: ModelEvaluationSchema.optional(),
  misclassifiedImages: z.array(ReportImageSchema).optional(),
  robustness: RobustnessResultSchema.optional(),
});
export type ReportInput = z.infer<typeof ReportInputSchema>;
