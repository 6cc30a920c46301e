// Channels and events of the graph area. Owned by the graph feature; listed in ./index.ts.
// 'graph.analyze' runs analyzeGraph in the host process, so a graph is checked where it is trained and saved.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { GraphSchema } from '../graph/schema';
import { ISSUE_CODES } from '../graph/issue';

/** JSON turns `undefined` inside arrays into null; both mean "shape unknown". */
const ShapeSchema = z.array(z.number());
const MaybeShapeSchema = ShapeSchema.nullish();

const IssueFixSchema = z.union([
  z.object({ kind: z.literal('insertBefore'), nodeType: z.string(), params: z.record(z.string(), z.unknown()).optional() }),
  z.object({ kind: z.literal('setParams'), params: z.record(z.string(), z.unknown()) }),
]);

export const ValidationIssueSchema = z.object({
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  code: z.enum(ISSUE_CODES),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  args: z.record(z.string(), z.union([z.string(), z.number()])),
  fix: z.object({ label: z.string(), action: IssueFixSchema }).optional(),
});

export const NodeAnalysisSchema = z.object({
  nodeId: z.string(),
  type: z.string(),
  name: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  inputShapes: z.array(MaybeShapeSchema),
  outputShape: ShapeSchema.optional(),
  paramCount: z.object({ trainable: z.number(), nonTrainable: z.number() }),
  macs: z.number(),
  receptiveField: z.object({ size: z.number(), jump: z.number() }).optional(),
  formula: z.array(z.string()),
  summary: z.string().optional(),
});

export const GraphAnalysisSchema = z.object({
  nodes: z.record(z.string(), NodeAnalysisSchema),
  edges: z.record(z.string(), MaybeShapeSchema),
  issues: z.array(ValidationIssueSchema),
  totals: z.object({ trainable: z.number(), nonTrainable: z.number(), macs: z.number(), activationBytes: z.number() }),
  order: z.array(z.string()),
  inputNodeId: z.string().optional(),
  outputNodeId: z.string().optional(),
  ok: z.boolean(),
});

export const graphChannels = defineChannels({
  'graph.analyze': { request: z.object({ graph: GraphSchema }), response: GraphAnalysisSchema },
});
export const graphEvents = defineEvents({});
