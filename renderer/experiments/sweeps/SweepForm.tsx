// The axes editor: each axis is a training setting or a node's parameter, with its values.
import { useTranslation } from 'react-i18next';
import { SETTING_KEYS } from '../../../src/experiments/sweep';
import { getLayer } from '../../../src/layers/registry';
import { fieldSpecs, type FieldSpec } from '../../inspector/fieldSpec';
import { useProjectStore } from '../../store/projectStore';

export interface AxisDraft { kind: 'setting' | 'param'; key: (typeof SETTING_KEYS)[number]; node: string; param: string; text: string; picked: string[] }
export const OPTIMIZERS = ['adam', 'sgd', 'momentum', 'nesterov', 'rmsprop'];

export function paramSpecs(nodeName: string): FieldSpec[] {
  const node = useProjectStore.getState().doc.graph.nodes.find((n) => (n.name ?? n.id) === nodeName || n.id === nodeName);
  const schema = node && getLayer(node.type)?.schema;
  return schema ? fieldSpecs(schema).filter((s) => s.kind !== 'text') : [];
}

/** The options an axis offers as checkboxes (enums), else undefined (values typed as text). */
export function axisOptions(a: AxisDraft): string[] | undefined {
  if (a.kind === 'setting') return a.key === 'optimizer' ? OPTIMIZERS : undefined;
  const spec = paramSpecs(a.node).find((s) => s.name === a.param);
  return spec?.kind === 'enum' ? spec.options : spec?.kind === 'boolean' ? ['true', 'false'] : undefined;
}

export function SweepAxisRow({ axis, i, onChange, onRemove, disabled }: { axis: AxisDraft; i: number; onChange: (a: AxisDraft) => void; onRemove: () => void; disabled: boolean }) {
  const { t } = useTranslation('sweeps');
  const nodes = useProjectStore((s) => s.doc.graph.nodes);
  const specs = axis.kind === 'param' ? paramSpecs(axis.node) : [];
  const options = axisOptions(axis);
  const setNode = (node: string) => onChange({ ...axis, node, param: paramSpecs(node)[0]?.name ?? '', picked: [] });
  return (
    <div className="sweep-axis">
      <select data-testid={`sweep-axis-${i}-kind`} value={axis.kind} disabled={disabled} onChange={(e) => (e.target.value === 'param' ? onChange({ ...axis, kind: 'param', node: axis.node || (nodes[1]?.name ?? nodes[0]?.name ?? ''), param: '', picked: [] }) : onChange({ ...axis, kind: 'setting', picked: [] }))}>
        <option value="setting">{t('kind.setting')}</option>
        <option value="param">{t('kind.param')}</option>
      </select>
      {axis.kind === 'setting' ? (
        <select data-testid={`sweep-axis-${i}-key`} value={axis.key} disabled={disabled} onChange={(e) => onChange({ ...axis, key: e.target.value as AxisDraft['key'], picked: [] })}>
          {SETTING_KEYS.map((k) => <option key={k} value={k}>{t(`key.${k}`)}</option>)}
        </select>
      ) : (
        <>
          <select data-testid={`sweep-axis-${i}-node`} aria-label={t('node')} value={axis.node} disabled={disabled} onChange={(e) => setNode(e.target.value)}>
            {nodes.map((n) => <option key={n.id} value={n.name ?? n.id}>{n.name ?? n.id} ({n.type})</option>)}
          </select>
          {specs.length === 0 ? <span className="sweep-hint">{t('noParams')}</span> : (
            <select data-testid={`sweep-axis-${i}-param`} aria-label={t('param')} value={axis.param} disabled={disabled} onChange={(e) => onChange({ ...axis, param: e.target.value, picked: [] })}>
              {!specs.some((s) => s.name === axis.param) && <option value="">—</option>}
              {specs.map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
            </select>
          )}
        </>
      )}
      {options ? (
        <span data-testid={`sweep-axis-${i}-values`} className="sweep-options">
          {options.map((o) => (
            <label key={o}><input type="checkbox" data-testid={`sweep-axis-${i}-option-${o}`} disabled={disabled} checked={axis.picked.includes(o)} onChange={(e) => onChange({ ...axis, picked: e.target.checked ? [...axis.picked, o] : axis.picked.filter((x) => x !== o) })} /> {o}</label>
          ))}
        </span>
      ) : (
        <input data-testid={`sweep-axis-${i}-values`} aria-label={t('values')} placeholder={t('values')} value={axis.text} disabled={disabled} onChange={(e) => onChange({ ...axis, text: e.target.value })} />
      )}
      <button data-testid={`sweep-axis-${i}-remove`} disabled={disabled} onClick={onRemove}>{t('removeAxis')}</button>
    </div>
  );
}
