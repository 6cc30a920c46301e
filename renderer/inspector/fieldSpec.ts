// Turns a layer's zod object schema into form field specs (number / enum / boolean / enum-or-number),
// so the inspector is generated from the same schema the analysis validates with. Zod 4 introspection.
import type { z } from 'zod';

export type FieldSpec =
  | { kind: 'number'; name: string; min?: number; max?: number; int: boolean; default?: number }
  | { kind: 'enum'; name: string; options: string[]; default?: string }
  | { kind: 'boolean'; name: string; default?: boolean }
  /** e.g. padding: 'valid' | 'same' | P */
  | { kind: 'enumOrNumber'; name: string; options: string[]; min?: number; max?: number; int: boolean; default?: string | number }
  | { kind: 'text'; name: string; default?: string };

type AnyZod = z.ZodType & { _zod: { def: any } };

/** Strips default/optional/nullable wrappers, remembering the default value. */
function unwrap(schema: AnyZod): { inner: AnyZod; def?: unknown } {
  let s = schema;
  let dflt: unknown;
  for (let i = 0; i < 10; i++) {
    const d = s._zod.def;
    if (d.type === 'default' || d.type === 'prefault') {
      if (dflt === undefined) dflt = d.defaultValue;
      s = d.innerType;
    } else if (d.type === 'optional' || d.type === 'nullable' || d.type === 'readonly') s = d.innerType;
    else break;
  }
  return { inner: s, def: dflt };
}

function numberBounds(s: any) {
  const min = Number.isFinite(s.minValue) ? (s.minValue as number) : undefined;
  const max = Number.isFinite(s.maxValue) ? (s.maxValue as number) : undefined;
  return { min, max, int: !!s.isInt || s._zod.def.format === 'safeint' };
}

export function fieldSpecOf(name: string, schema: z.ZodType): FieldSpec {
  const { inner, def } = unwrap(schema as AnyZod);
  const d = inner._zod.def;
  switch (d.type) {
    case 'number':
      return { kind: 'number', name, ...numberBounds(inner), default: def as number | undefined };
    case 'boolean':
      return { kind: 'boolean', name, default: def as boolean | undefined };
    case 'enum':
      return { kind: 'enum', name, options: (inner as any).options.map(String), default: def as string | undefined };
    case 'literal':
      return { kind: 'enum', name, options: (d.values as unknown[]).map(String), default: def as string | undefined };
    case 'union': {
      const opts = (d.options as AnyZod[]).map((o) => unwrap(o).inner);
      const enums = opts.filter((o) => o._zod.def.type === 'enum' || o._zod.def.type === 'literal');
      const num = opts.find((o) => o._zod.def.type === 'number');
      const options = enums.flatMap((e) => (e._zod.def.type === 'enum' ? (e as any).options : e._zod.def.values).map(String));
      if (num) return { kind: 'enumOrNumber', name, options, ...numberBounds(num), default: def as string | number | undefined };
      return { kind: 'enum', name, options, default: def as string | undefined };
    }
    default:
      return { kind: 'text', name, default: def === undefined ? undefined : String(def) };
  }
}

/** One spec per key of a zod object schema, in declaration order. */
export function fieldSpecs(schema: z.ZodType): FieldSpec[] {
  const shape = (schema as any).shape as Record<string, z.ZodType> | undefined;
  if (!shape) return [];
  // A list, tuple or object (a user block's per-repeat overrides, zero padding's per-side sides) has no one-line field.
  const structured = new Set(['array', 'tuple', 'object', 'record']);
  return Object.entries(shape)
    .filter(([, s]) => !structured.has(unwrap(s as AnyZod).inner._zod.def.type))
    .map(([name, s]) => fieldSpecOf(name, s));
}

/** Parses what the user typed into the value the param takes ('' → undefined so the default applies). */
export function parseFieldInput(spec: FieldSpec, raw: string): unknown {
  const text = raw.trim();
  if (spec.kind === 'number' || (spec.kind === 'enumOrNumber' && !spec.options.includes(text))) {
    if (text === '') return undefined;
    const n = Number(text);
    return Number.isNaN(n) ? text : n; // a non-number stays a string so zod reports it
  }
  if (spec.kind === 'boolean') return text === 'true';
  return text;
}

/**
 * The value a field's text stands for; for a derived param (pooling's stride) an empty field or its unset
 * value both mean "unset", so the field never shows, or stores, a misleading 0.
 */
export function fieldValue(spec: FieldSpec, raw: string, derived?: { unset: unknown }): unknown {
  const v = parseFieldInput(spec, raw);
  return derived && (v === undefined || v === derived.unset) ? derived.unset : v;
}

/** The zod message for this one field's value, or undefined when it is valid. */
export function fieldError(schema: z.ZodType, name: string, value: unknown): string | undefined {
  const field = ((schema as any).shape ?? {})[name] as z.ZodType | undefined;
  if (!field) return undefined;
  const r = field.safeParse(value);
  return r.success ? undefined : r.error.issues.map((i) => i.message).join('; ');
}
