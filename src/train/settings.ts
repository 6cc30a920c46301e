// Training settings, saved with the project.
import { z } from 'zod';

export const TrainingSettingsSchema = z.object({
  optimizer: z.enum(['sgd', 'momentum', 'nesterov', 'adam', 'rmsprop']).default('adam'),
  // Up to 1e6 so a diverging run can be shown (it stops with 'nan-loss' and advice) rather than refused.
  learningRate: z.number().positive().max(1e6).default(0.001),
  momentum: z.number().min(0).max(0.9999).default(0.9),
  schedule: z.enum(['constant', 'step', 'cosine']).default('constant'),
  stepSize: z.number().int().min(1).max(10000).default(5),
  stepGamma: z.number().positive().max(1).default(0.5),
  batchSize: z.number().int().min(1).max(65536).default(64),
  epochs: z.number().int().min(1).max(100000).default(5),
  validationSplit: z.number().min(0).max(0.9).default(0.2),
  shuffle: z.boolean().default(true),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  earlyStoppingPatience: z.number().int().min(0).max(1000).default(0),
  weightDecay: z.number().min(0).max(1).default(0),
  augmentation: z
    .object({
      shift: z.number().min(0).max(0.5).default(0),
      scale: z.number().min(0).max(0.5).default(0),
      rotationDeg: z.number().min(0).max(180).default(0),
    })
    .default({ shift: 0, scale: 0, rotationDeg: 0 }),
  backend: z.enum(['auto', 'webgpu', 'webgl', 'wasm', 'cpu']).default('auto'),
});
export type TrainingSettings = z.infer<typeof TrainingSettingsSchema>;
