// The training data a project names. Its own module so the run record (src/experiments/runRecord.ts), which
// the project schema holds, can name it without a cycle.
import { z } from 'zod';
import { DatasetFormatSchema, ImportOptionsSchema } from '../contract/dataset';

export const DatasetRefSchema = z.object({
  /** 'mnist' (embedded), or a path to an image folder / IDX directory / CIFAR batch folder. */
  kind: z.enum(['mnist', ...DatasetFormatSchema.options]),
  path: z.string().max(4096).optional(),
  classNames: z.array(z.string().max(200)).max(10000).optional(),
  /** How an image folder was imported (size, colour, resize, split, seed, classes): re-opened from the cache with these. */
  options: ImportOptionsSchema.partial().optional(),
});
