// The form's axes turned into a SweepSpec (validated by the core's schema), or a message naming the axis at fault.
import { SweepSpecSchema, type SweepSpec } from '../../../src/experiments/sweep';
import type { FieldSpec } from '../../inspector/fieldSpec';
import { parseAxisValues } from './parcoords';

export interface DraftAxis { kind: 'setting' | 'param'; key: string; node: string; param: string; text: string; picked: string[] }
export interface DraftForm { mode: 'grid' | 'random'; trials: string; seed: string; patience: string }

export function specFromDrafts(
  axes: DraftAxis[],
  form: DraftForm,
  describe: (a: DraftAxis) => { options?: string[]; spec?: FieldSpec },
): { ok: true; spec: SweepSpec } | { ok: false; message: string } {
  if (axes.length === 0) return { ok: false, message: 'Add an axis to sweep, e.g. the learning rate.' };
  const out: SweepSpec['axes'] = [];
  for (const [i, a] of axes.entries()) {
    const name = a.kind === 'setting' ? a.key : `${a.node}.${a.param || '?'}`;
    const { options, spec } = describe(a);
    let values: (number | string)[];
    if (options) {
      if (a.picked.length === 0) return { ok: false, message: `Axis ${i + 1} (${name}): tick at least one option.` };
      values = options.filter((o) => a.picked.includes(o));
    } else {
      if (a.kind === 'param' && !a.param) return { ok: false, message: `Axis ${i + 1}: pick a parameter of ${a.node}.` };
      const kind = a.kind === 'setting' ? (a.key === 'learningRate' ? 'number' : 'int') : spec?.kind === 'number' ? (spec.int ? 'int' : 'number') : 'string';
      const parsed = parseAxisValues(a.text, kind);
      if (!parsed.ok) return { ok: false, message: `Axis ${i + 1} (${name}): ${parsed.message}` };
      values = parsed.values.map((v) => (typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : v));
    }
    out.push(a.kind === 'setting' ? { kind: 'setting', key: a.key as 'learningRate', values } : { kind: 'param', node: a.node, param: a.param, values });
  }
  const int = (s: string) => (s.trim() === '' ? undefined : Number(s));
  const parsed = SweepSpecSchema.safeParse({ mode: form.mode, axes: out, trials: int(form.trials), seed: int(form.seed) ?? 1, patience: int(form.patience) ?? 2 });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, message: `${issue.path.join('.') || 'sweep'}: ${issue.message}` };
  }
  return { ok: true, spec: parsed.data };
}
