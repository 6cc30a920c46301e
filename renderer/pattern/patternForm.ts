// The pattern builder's form: what the user typed (text, so a half-typed "12," is kept as typed) and the
// dialog's open flag. View state, not the document: only Insert writes the document, through the project store.
import { create } from 'zustand';
import { PatternSpecSchema, type PatternSpec } from '../../src/templates/pattern';

export interface PatternFields {
  k: string;
  m: string;
  n: string;
  /** Filters K per stage, comma-separated: "6, 16". */
  filters: string;
  doubleFilters: boolean;
  kernelSize: string;
  padding: PatternSpec['padding'];
  pooling: PatternSpec['pooling'];
  /** FC units, comma-separated: "120, 84". */
  fcSizes: string;
  dropout: string;
  height: string;
  width: string;
  channels: string;
  classes: string;
}

export type FieldName = keyof PatternFields;

/** The lecture's default pattern on MNIST: [(Conv→ReLU)·2 → MaxPool]·2 → (FC→ReLU)·1 → Softmax. */
export const DEFAULT_FIELDS: PatternFields = {
  k: '2', m: '2', n: '1', filters: '16', doubleFilters: true, kernelSize: '3', padding: 'same', pooling: 'max',
  fcSizes: '128', dropout: '0', height: '28', width: '28', channels: '1', classes: '10',
};

const number = (s: string) => (s.trim() === '' ? NaN : Number(s.trim()));
const numbers = (s: string) => s.split(/[,\s]+/).filter(Boolean).map(Number);

/** Which form field a spec path is typed in (input.height → height). */
const fieldOf = (path: PropertyKey[]): FieldName => (path[0] === 'input' ? (path[1] as FieldName) : (path[0] as FieldName));

export type FieldErrors = Partial<Record<FieldName, string>>;

/** The spec the fields describe, or the first problem of each field (zod's message, in the UI language). */
export function specFromFields(f: PatternFields): { spec?: PatternSpec; errors: FieldErrors } {
  const r = PatternSpecSchema.safeParse({
    k: number(f.k), m: number(f.m), n: number(f.n), filters: numbers(f.filters), doubleFilters: f.doubleFilters,
    kernelSize: number(f.kernelSize), padding: f.padding, pooling: f.pooling, fcSizes: numbers(f.fcSizes), dropout: number(f.dropout),
    input: { height: number(f.height), width: number(f.width), channels: number(f.channels) }, classes: number(f.classes),
  });
  if (r.success) return { spec: r.data, errors: {} };
  const errors: FieldErrors = {};
  for (const i of r.error.issues) errors[fieldOf(i.path)] ??= i.message;
  return { errors };
}

interface PatternBuilderState {
  open: boolean;
  fields: PatternFields;
  /** Replace drops each stage as a user block (src/templates/patternBlocks.ts) instead of flat layers. */
  asBlocks: boolean;
  setAsBlocks(on: boolean): void;
  setField<K extends FieldName>(name: K, value: PatternFields[K]): void;
  openBuilder(): void;
  close(): void;
  reset(): void;
}

export const usePatternBuilder = create<PatternBuilderState>()((set) => ({
  open: false,
  fields: DEFAULT_FIELDS,
  asBlocks: false,
  setAsBlocks: (asBlocks) => set({ asBlocks }),
  setField: (name, value) => set((s) => ({ fields: { ...s.fields, [name]: value } })),
  openBuilder: () => set({ open: true }),
  close: () => set({ open: false }),
  reset: () => set({ fields: DEFAULT_FIELDS }),
}));

export const openPatternBuilder = () => usePatternBuilder.getState().openBuilder();
