// The lecture's pattern: [(Conv→ReLU)·k → Pool]·m → (FC→ReLU)·n → Softmax, with widths chosen by the user.
import { z } from 'zod';
import { chain, relu, type Step, type TemplateDoc } from './chain';

export const PatternOptions = z.object({
  k: z.number().int().min(1).max(10).default(2),
  m: z.number().int().min(1).max(10).default(2),
  n: z.number().int().min(0).max(10).default(1),
  /** Filters per conv stage (length m; the last value repeats if shorter). */
  convFilters: z.array(z.number().int().min(1).max(4096)).min(1).default([16, 32]),
  kernelSize: z.number().int().min(1).max(11).default(3),
  /** Units per FC layer (length n; the last value repeats if shorter). */
  fcUnits: z.array(z.number().int().min(1).max(65536)).min(1).default([128]),
  input: z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]).default([28, 28, 1]),
  classes: z.number().int().min(2).default(10),
  pool: z.enum(['max', 'avg', 'l2']).default('max'),
});
export type PatternOptions = z.input<typeof PatternOptions>;

const poolType = { max: 'MaxPooling2D', avg: 'AveragePooling2D', l2: 'L2Pooling2D' } as const;
const pick = (xs: number[], i: number) => xs[Math.min(i, xs.length - 1)];

export function patternNet(options: PatternOptions = {}): TemplateDoc {
  const o = PatternOptions.parse(options);
  const steps: Step[] = [['Input', { height: o.input[0], width: o.input[1], channels: o.input[2] }, 'input']];
  for (let s = 0; s < o.m; s++) {
    for (let c = 0; c < o.k; c++) steps.push(['Conv2D', { filters: pick(o.convFilters, s), kernelSize: o.kernelSize, padding: 'same' }], relu);
    steps.push([poolType[o.pool], { poolSize: 2 }]);
  }
  steps.push(['Flatten']);
  for (let f = 0; f < o.n; f++) steps.push(['Dense', { units: pick(o.fcUnits, f) }], relu);
  steps.push(['Output', { classes: o.classes }, 'output']);
  return { name: `Pattern [(Conv→ReLU)·${o.k} → Pool]·${o.m} → (FC→ReLU)·${o.n} → Softmax`, dataset: { kind: 'mnist' }, graph: chain(steps) };
}
