// A model file that cannot become a CNN Studio graph: the message names what was found and what to do;
// `unsupported` lists every op / layer class with no counterpart (all of them, not just the first).
import type { z } from 'zod';

export class ImportError extends Error {
  constructor(
    message: string,
    readonly unsupported: string[] = [],
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

/** Names shown in one message; a file made of thousands of unknown ops gets the first ones and a count. */
const SHOWN_UNSUPPORTED = 30;

/** One node of the file that has no counterpart: what it is, which node, and (optionally) why and what to do. */
export interface UnsupportedNode {
  /** The op or layer class, with the setting that is missing where one is ('Conv(group=2)', 'Resize'). */
  what: string;
  /** How the file names the node: 'ONNX node "/up/Resize" (Resize)'. */
  where: string;
  /** Why it has no counterpart and what to do, one or two sentences. */
  advice?: string;
}

/**
 * `names`: what has no counterpart, as op / class names or as nodes with their names and advice (each node
 * then gets a line of its own, the first SHOWN_UNSUPPORTED of them); `laterNodes`: how many nodes after them
 * could not be read only because they read those nodes' results (counted, not listed).
 */
export function unsupportedError(kind: string, names: (string | UnsupportedNode)[], laterNodes = 0): ImportError {
  const whats = names.map((n) => (typeof n === 'string' ? n : n.what));
  const list = [...new Set(whats.map((n) => String(n).slice(0, 120)))].sort();
  const shown = list.length > SHOWN_UNSUPPORTED ? `${list.slice(0, SHOWN_UNSUPPORTED).join(', ')} and ${list.length - SHOWN_UNSUPPORTED} more` : list.join(', ');
  const nodes = names.filter((n): n is UnsupportedNode => typeof n !== 'string');
  const lines = nodes.slice(0, SHOWN_UNSUPPORTED).map((n) => `\n- ${n.where}: ${n.what.slice(0, 120)}${n.advice ? ` — ${n.advice}` : ''}`);
  const more =
    (nodes.length > SHOWN_UNSUPPORTED ? `\n- … and ${nodes.length - SHOWN_UNSUPPORTED} more nodes` : '') +
    (laterNodes ? `\n(${laterNodes} later ${laterNodes === 1 ? 'node reads' : 'nodes read'} their results and ${laterNodes === 1 ? 'was' : 'were'} not read either.)` : '');
  return new ImportError(
    `This ${kind} uses ${list.length === 1 ? 'an operation' : `${list.length} operations`} CNN Studio has no layer for: ${shown}. ` +
      'Nothing was imported — remove or replace those layers in the original model and export it again.' +
      lines.join('') +
      more,
    list,
  );
}

/** A value as a message shows it: short, and "missing" for undefined. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'missing';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

const TYPE_WORDS: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  string: 'text',
  array: 'a list',
  object: 'a set of fields',
};

/** What a zod issue asks for, as words that complete "it must be …". */
function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `at least ${issue.minimum} ${issue.origin === 'array' ? 'items' : 'characters'} long`
        : `${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `at most ${issue.maximum} ${issue.origin === 'array' ? 'items' : 'characters'} long`
        : `${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? `of type ${issue.expected}`;
    case 'invalid_value':
      return issue.values.length === 1 ? showValue(issue.values[0]) : `one of ${issue.values.map(showValue).join(', ')}`;
    case 'invalid_union': {
      const options = issue.errors.map((branch) => (branch[0] ? expectation(branch[0]) : undefined)).filter((x): x is string => !!x);
      return options.length ? [...new Set(options)].join(' or ') : 'one of the accepted values';
    }
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    default:
      return issue.message.replace(/^Invalid input: /, '').toLowerCase();
  }
}

/** The first problem zod found in `root`, as "kernelSize is -5, but it must be at least 1". */
export function fieldProblem(issues: readonly z.core.$ZodIssue[], root: unknown): string {
  const issue = issues[0];
  if (!issue) return 'its settings are not valid';
  const field = issue.path.map(String).join('.') || '(params)';
  let value: unknown = root;
  for (const key of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
  return `${field} is ${showValue(value)}, but it must be ${expectation(issue)}`;
}

/**
 * The first problem zod found in a layer's params, as one sentence naming the layer, the field, the value
 * the file gave and what it must be — never zod's own issue dump.
 *   `where`: how the file names the layer ('ONNX node "c1" (Conv)', 'Layer "conv2d_1" (Conv2D)').
 */
export function layerParamsError(where: string, layerType: string, issues: readonly z.core.$ZodIssue[], params: Record<string, unknown>): ImportError {
  return new ImportError(
    `${where} becomes ${/^[AEIOU]/.test(layerType) ? 'an' : 'a'} ${layerType} whose ${fieldProblem(issues, params)}. Nothing was imported — the file is damaged or uses settings CNN Studio does not have; fix this layer in the original model and export it again.`,
  );
}
