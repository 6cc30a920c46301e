// "Change for repeat k · layer": one inner layer's fields for one repeat of an instance, prefilled with what
// that repeat runs (the definition's value, or this repeat's change). A value that differs from the
// definition is that repeat's override (e.g. stride 2 on the first unit of a ResNet stage, He et al. 2016
// §3.3); typing the definition's value back, or ×, clears it. The definition and other repeats stay.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BlockDefinition, GraphNode } from '../../src/graph/schema';
import type { RepeatOverride } from '../../src/layers/userBlock';
import { getLayer } from '../../src/layers/registry';
import { useProjectStore } from '../store/projectStore';
import { fieldSpecs, type FieldSpec } from '../inspector/fieldSpec';
import { ParamField } from '../inspector/ParamField';
import { currentLang } from '../i18n';
import { useRepeatEditor } from './repeatEditor';
import { valueText } from './repeatText';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface Props {
  node: GraphNode;
  block: BlockDefinition;
  /** The repeat shown, 0-based. */
  repeat: number;
  times: number;
  overrides: RepeatOverride[];
}

function OverrideField({ instanceId, repeat, inner, spec, changed }: { instanceId: string; repeat: number; inner: GraphNode; spec: FieldSpec; changed: Record<string, unknown> }) {
  const { t } = useTranslation('blocks');
  const def = getLayer(inner.type)!;
  const base = inner.params[spec.name] ?? spec.default;
  const isChanged = spec.name in changed;
  const set = (v: unknown) =>
    useProjectStore.getState().setRepeatOverride(instanceId, repeat, inner.id, { [spec.name]: v === undefined || same(v, base) ? undefined : v });
  return (
    <div className={`repeat-field ${isChanged ? 'overridden' : ''}`} data-testid={`repeat-field-${spec.name}`} data-overridden={isChanged}>
      <ParamField spec={spec} schema={def.schema} value={isChanged ? changed[spec.name] : inner.params[spec.name]} help={def.explain.params[spec.name]?.[currentLang()]} onCommit={set} />
      {isChanged && (
        <div className="repeat-field-note">
          <span data-testid={`repeat-field-${spec.name}-changed`}>{t('repeat.changed', { value: valueText(base) })}</span>
          <button className="repeat-change-clear" data-testid={`repeat-field-${spec.name}-clear`} aria-label={t('repeat.clear', { value: valueText(base) })} title={t('repeat.clear', { value: valueText(base) })} onClick={() => set(undefined)}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}

export function RepeatOverrides({ node, block, repeat, times, overrides }: Props) {
  const { t } = useTranslation('blocks');
  const tl = useTranslation().t;
  const layerId = useRepeatEditor((s) => (s.instanceId === node.id ? s.layer : undefined));
  const inner = block.graph.nodes.find((n) => n.id === layerId) ?? block.graph.nodes[0];
  const def = inner ? getLayer(inner.type) : undefined;
  const specs = useMemo(() => (def ? fieldSpecs(def.schema) : []), [def]);
  if (!inner || !def) return null;
  const changed = overrides.find((o) => o.repeat === repeat && o.node === inner.id)?.params ?? {};
  const changedLayers = new Set(overrides.filter((o) => o.repeat === repeat).map((o) => o.node));
  const show = (k: number, layer?: string) => useRepeatEditor.getState().show(node.id, k, layer);
  return (
    <fieldset className="repeat-editor" data-testid="repeat-editor" data-repeat={repeat + 1} data-layer={inner.id}>
      <legend className="repeat-editor-pick">
        <label htmlFor="repeat-editor-repeat">{t('repeat.edit')}</label>
        <select id="repeat-editor-repeat" data-testid="repeat-editor-repeat" value={repeat} onChange={(e) => show(Number(e.target.value))}>
          {Array.from({ length: times }, (_, k) => (
            <option key={k} value={k}>
              {k + 1}
            </option>
          ))}
        </select>
        {block.graph.nodes.length > 1 && (
          <>
            <label htmlFor="repeat-editor-layer">{t('repeat.editLayer')}</label>
            <select id="repeat-editor-layer" data-testid="repeat-editor-layer" value={inner.id} onChange={(e) => show(repeat, e.target.value)}>
              {block.graph.nodes.map((n) => (
                <option key={n.id} value={n.id}>
                  {`${n.name || n.id} · ${tl(`layer.${n.type}`, { defaultValue: n.type })}${changedLayers.has(n.id) ? ' •' : ''}`}
                </option>
              ))}
            </select>
          </>
        )}
      </legend>
      <p className="muted small">{t('repeat.editHint', { n: repeat + 1 })}</p>
      {specs.map((spec) => (
        <OverrideField key={`${node.id}-${repeat}-${inner.id}-${spec.name}`} instanceId={node.id} repeat={repeat} inner={inner} spec={spec} changed={changed} />
      ))}
    </fieldset>
  );
}
