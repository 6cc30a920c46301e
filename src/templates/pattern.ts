// The pattern builder's core: the lecture's [(Conv→ReLU)·k → Pool]·m → (FC→ReLU)·n → Softmax (CS231n,
// "ConvNet architectures") from a spec, and its preview. Shapes, parameter counts and problems come from
// the graph analysis itself, so the preview says exactly what the canvas will say once it is dropped.
// (templates/patternNet.ts is the fixed template of the same pattern; this one is the builder's, with
// padding, per-stage filters, doubling, dropout and stage-aware node names.)
import { z } from 'zod';
import type { Graph, Shape } from '../graph/schema';
import type { ValidationIssue } from '../graph/issue';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { chain, type Step } from './chain';

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** VGG stops doubling at 512 filters (Simonyan & Zisserman 2015, Table 1); doubling here does the same. */
export const DOUBLING_CAP = 512;

export const PatternSpecSchema = z.object({
  /** Conv→ReLU pairs per stage. */
  k: int(1, 8).default(2),
  /** Stages, each ending in a 2×2/2 pool. */
  m: int(1, 8).default(2),
  /** FC→ReLU layers before the softmax. */
  n: int(0, 4).default(1),
  /** Filters K of stage 1, 2, …; stages past the list double the last (if `doubleFilters`) or keep it. */
  filters: z.array(int(1, 4096)).min(1).max(8).default([16]),
  doubleFilters: z.boolean().default(true),
  /** Kernel size F of every conv (stride 1). */
  kernelSize: int(1, 11).default(3),
  /** 'same' keeps W2 = W1 at stride 1 (P = (F − 1)/2); 'valid' is P = 0. */
  padding: z.enum(['same', 'valid']).default('same'),
  pooling: z.enum(['max', 'average', 'l2']).default('max'),
  /** Units of FC 1, 2, …; FC layers past the list keep the last. */
  fcSizes: z.array(int(1, 65536)).max(4).default([128]),
  /** Dropout rate after each FC→ReLU; 0 adds none. */
  dropout: z.number().min(0).max(0.9).default(0),
  input: z
    .object({ height: int(1, 4096), width: int(1, 4096), channels: int(1, 64) })
    .default({ height: 28, width: 28, channels: 1 }),
  classes: int(2, 100000).default(10),
}).refine((s) => s.n === 0 || s.fcSizes.length > 0, { path: ['fcSizes'], message: 'give the units of at least one FC layer' });
export type PatternSpec = z.infer<typeof PatternSpecSchema>;
export type PatternSpecInput = z.input<typeof PatternSpecSchema>;

const POOL_TYPE = { max: 'MaxPooling2D', average: 'AveragePooling2D', l2: 'L2Pooling2D' } as const;

/** Filters K of each of the m stages. */
export function stageFilters(spec: Pick<PatternSpec, 'm' | 'filters' | 'doubleFilters'>): number[] {
  const out: number[] = [];
  for (let s = 0; s < spec.m; s++) {
    if (s < spec.filters.length) out.push(spec.filters[s]);
    else out.push(spec.doubleFilters ? Math.max(out[s - 1], Math.min(2 * out[s - 1], DOUBLING_CAP)) : out[s - 1]);
  }
  return out;
}

/** Where a node sits in the pattern: a conv stage (1…m), the classifier (FC part), or the ends. */
export type PatternPart = { kind: 'input' } | { kind: 'stage'; stage: number } | { kind: 'classifier' } | { kind: 'output' };

interface PatternStep {
  step: Step;
  part: PatternPart;
}

function patternSteps(spec: PatternSpec): PatternStep[] {
  const relu = (id: string): Step => ['Activation', { activation: 'relu' }, id];
  const steps: PatternStep[] = [{ step: ['Input', { ...spec.input }, 'input'], part: { kind: 'input' } }];
  stageFilters(spec).forEach((filters, s) => {
    const part: PatternPart = { kind: 'stage', stage: s + 1 };
    for (let c = 1; c <= spec.k; c++) {
      steps.push({ step: ['Conv2D', { filters, kernelSize: spec.kernelSize, padding: spec.padding }, `conv${s + 1}_${c}`], part });
      steps.push({ step: relu(`relu${s + 1}_${c}`), part });
    }
    steps.push({ step: [POOL_TYPE[spec.pooling], { poolSize: 2 }, `pool${s + 1}`], part });
  });
  const classifier: PatternPart = { kind: 'classifier' };
  steps.push({ step: ['Flatten', {}, 'flatten'], part: classifier });
  for (let f = 1; f <= spec.n; f++) {
    steps.push({ step: ['Dense', { units: spec.fcSizes[Math.min(f, spec.fcSizes.length) - 1] }, `fc${f}`], part: classifier });
    steps.push({ step: relu(`relu_fc${f}`), part: classifier });
    if (spec.dropout > 0) steps.push({ step: ['Dropout', { rate: spec.dropout }, `dropout${f}`], part: classifier });
  }
  steps.push({ step: ['Output', { classes: spec.classes }, 'output'], part: { kind: 'output' } });
  return steps;
}

/** The pattern as a chain laid out in rows like the other templates (chain.ts). */
export const patternGraph = (spec: PatternSpecInput): Graph => chain(patternSteps(PatternSpecSchema.parse(spec)).map((s) => s.step));

/** The pattern's formula with this spec's numbers, e.g. "[(Conv→ReLU)·2 → MaxPool]·2 → (FC→ReLU)·1 → Softmax". */
export function patternFormula(spec: Pick<PatternSpec, 'k' | 'm' | 'n' | 'pooling'>): string {
  const pool = { max: 'MaxPool', average: 'AvgPool', l2: 'L2Pool' }[spec.pooling];
  return `[(Conv→ReLU)·${spec.k} → ${pool}]·${spec.m} → (FC→ReLU)·${spec.n} → Softmax`;
}

export interface PatternRow {
  nodeId: string;
  type: string;
  part: PatternPart;
  /** The layer's summary as the canvas shows it (e.g. "6@5×5"). */
  summary?: string;
  outputShape?: Shape;
  params: number;
}

export interface PatternIssue {
  part: PatternPart;
  /** The analysis's own issue: its message has the arithmetic, e.g. W2 = (W1 − F + 2P)/S + 1. */
  issue: ValidationIssue;
}

export interface PatternPreview {
  graph: Graph;
  rows: PatternRow[];
  /** Trainable and non-trainable parameters, as the status bar counts them. */
  totals: { trainable: number; nonTrainable: number };
  /** Errors and warnings (e.g. a pool dropping the last column of an odd map), in the analysis's order. */
  issues: PatternIssue[];
  /** No errors: the graph can be dropped and trained. */
  ok: boolean;
}

/** The graph of `spec`, analysed: one row per layer (shape, parameters), the totals and the problems by stage. */
export function previewPattern(spec: PatternSpecInput): PatternPreview {
  const steps = patternSteps(PatternSpecSchema.parse(spec));
  const graph = chain(steps.map((s) => s.step));
  const analysis = analyzeGraph(graph);
  const partOf = new Map(graph.nodes.map((n, i) => [n.id, steps[i].part]));
  const rows = graph.nodes.map((n): PatternRow => {
    const a = analysis.nodes[n.id];
    return { nodeId: n.id, type: n.type, part: partOf.get(n.id)!, summary: a?.summary, outputShape: a?.outputShape, params: a ? a.paramCount.trainable + a.paramCount.nonTrainable : 0 };
  });
  const issues = analysis.issues.map((issue): PatternIssue => ({ part: (issue.nodeId && partOf.get(issue.nodeId)) || { kind: 'output' }, issue }));
  return { graph, rows, totals: { trainable: analysis.totals.trainable, nonTrainable: analysis.totals.nonTrainable }, issues, ok: analysis.ok };
}
