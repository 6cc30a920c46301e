// Problems are values that name a node (or edge), never throws.
import type { Shape } from './schema';

export type Severity = 'error' | 'warning';

/** A one-click fix the editor can apply. */
export type IssueFix =
  | { kind: 'insertBefore'; nodeType: string; params?: Record<string, unknown> }
  | { kind: 'setParams'; params: Record<string, unknown> };

export interface ValidationIssue {
  nodeId?: string;
  edgeId?: string;
  code: IssueCode;
  severity: Severity;
  /** English, plain language: what was expected, what arrived, what to do (shows the arithmetic). */
  message: string;
  /** Values filled into the message, so the UI can render it in another language (see src/i18n/issues.ts). */
  args: Record<string, string | number>;
  fix?: { label: string; action: IssueFix };
}

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
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];
