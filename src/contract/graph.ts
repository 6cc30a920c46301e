// Channels and events of the graph area. Owned by the graph feature; listed in ./index.ts.
// 'graph.analyze' runs analyzeGraph in the host process, so a graph is checked where it is trained and saved.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { GraphSchema } from '../graph/schema';
import { ValidationIssueSchema } from '../graph/issue';

export { ValidationIssueSchema };

/** A shape the analysis could not infer is undefined; the wire format and structured clone both keep it. */
const ShapeSchema = z.array(z.number());
const MaybeShapeSchema = ShapeSchema.optional();

// The analysis of a graph (src/analysis/analyzeGraph.ts): defined here once, as the schema 'graph.analyze'
// answers with; the analysis, the editor and the CLI use the types inferred from it.
export const NodeAnalysisSchema = z.object({
  nodeId: z.string(),
  type: z.string(),
  name: z.string(),
  /** Params after the layer schema filled defaults (undefined if they failed validation). */
  params: z.record(z.string(), z.unknown()).optional(),
  inputShapes: z.array(MaybeShapeSchema),
  outputShape: ShapeSchema.optional(),
  paramCount: z.object({ trainable: z.number(), nonTrainable: z.number() }),
  macs: z.number(),
  /** Receptive field of one output unit, in input pixels, and its stride (jump) in input pixels. */
  receptiveField: z.object({ size: z.number(), jump: z.number() }).optional(),
  formula: z.array(z.string()),
  summary: z.string().optional(),
});
export type NodeAnalysis = z.infer<typeof NodeAnalysisSchema>;

export const GraphTotalsSchema = z.object({
  trainable: z.number(),
  nonTrainable: z.number(),
  macs: z.number(),
  /** float32 activation memory per sample (sum of every node's output, a composite's inner layers included), bytes. */
  activationBytes: z.number(),
});
export type GraphTotals = z.infer<typeof GraphTotalsSchema>;

export const GraphAnalysisSchema = z.object({
  nodes: z.record(z.string(), NodeAnalysisSchema),
  /** Shape carried by each edge (the source node's output). */
  edges: z.record(z.string(), MaybeShapeSchema),
  issues: z.array(ValidationIssueSchema),
  totals: GraphTotalsSchema,
  /** Node ids in topological order (nodes in cycles are left out). */
  order: z.array(z.string()),
  inputNodeId: z.string().optional(),
  outputNodeId: z.string().optional(),
  ok: z.boolean(),
});
export type GraphAnalysis = z.infer<typeof GraphAnalysisSchema>;

export const graphChannels = defineChannels({
  'graph.analyze': { request: z.object({ graph: GraphSchema }), response: GraphAnalysisSchema },
});
export const graphEvents = defineEvents({});
