// Problems are values that name a node (or edge), never throws.
import { z } from 'zod';
import type { Shape } from './schema';

/** Every issue code. The message catalog (src/i18n/issues.ts) has an English and a Korean text for each. */
export const ISSUE_CODES = [
  'unknown-layer-type',
  'invalid-params',
  'non-positive-size',
  'stride-drops-border',
  'rank-mismatch',
  'dense-needs-flatten',
  'add-shape-mismatch',
  'concat-shape-mismatch',
  'too-few-inputs',
  'too-many-inputs',
  'dangling-input',
  'cycle',
  'no-input-node',
  'multiple-input-nodes',
  'no-output-node',
  'multiple-output-nodes',
  'edge-unknown-node',
  'duplicate-node-id',
  'unreachable-node',
  'output-not-vector',
  'channels-not-divisible',
  // User blocks (src/layers/userBlock.ts): a 'Block' node naming no definition, or definitions that contain themselves.
  'unknown-block',
  'recursive-block',
  // Valid graphs that cannot train on this machine (src/train/trainability.ts): warnings in the analysis,
  // reasons to refuse when training starts.
  'tensor-too-large',
  'weights-too-large',
  'training-exceeds-memory',
  'graph-too-deep',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** The codes of src/train/trainability.ts: not the shape analysis's (analyzeGraph never returns them). */
export const TRAINABILITY_ISSUE_CODES = ['tensor-too-large', 'weights-too-large', 'training-exceeds-memory', 'graph-too-deep'] as const satisfies readonly IssueCode[];

export const SeveritySchema = z.enum(['error', 'warning']);
export type Severity = z.infer<typeof SeveritySchema>;

/** A one-click fix the editor can apply. */
export const IssueFixSchema = z.union([
  z.object({ kind: z.literal('insertBefore'), nodeType: z.string(), params: z.record(z.string(), z.unknown()).optional() }),
  z.object({ kind: z.literal('setParams'), params: z.record(z.string(), z.unknown()) }),
]);
export type IssueFix = z.infer<typeof IssueFixSchema>;

// One schema for a problem: the analysis builds these, 'graph.analyze' answers with them, the UI and CLI show them.
export const ValidationIssueSchema = z.object({
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  code: z.enum(ISSUE_CODES),
  severity: SeveritySchema,
  /** English, plain language: what was expected, what arrived, what to do (shows the arithmetic). */
  message: z.string(),
  /** Values filled into the message, so the UI can render it in another language (see src/i18n/issues.ts). */
  args: z.record(z.string(), z.union([z.string(), z.number()])),
  fix: z.object({ label: z.string(), action: IssueFixSchema }).optional(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

/** What a layer's shape rule returns when it cannot produce a shape (or produces one with a caveat). */
export interface LayerProblem {
  code: IssueCode;
  severity?: Severity;
  args: Record<string, string | number>;
  fix?: { label: string; action: IssueFix };
}

export type ShapeResult =
  | { ok: true; shape: Shape; warnings?: LayerProblem[] }
  | { ok: false; problem: LayerProblem };

