// The right-hand inspector: a form generated from the selected layer's zod schema, its analysis numbers
// (shapes, params, MACs, receptive field, filled-in formula) and its own problems.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShape, type Shape } from '../../src/graph/schema';
import { getLayer } from '../../src/layers/registry';
import { useProjectStore } from '../store/projectStore';
import { CompositeExpansion } from '../canvas/CompositeExpansion';
import { IssueRow } from '../problems/IssueRow';
import { groupedCount } from '../status/format';
import { currentLang } from '../i18n';
import { fieldSpecs } from './fieldSpec';
import { ParamField } from './ParamField';
import { NameField } from './NameField';

export function Inspector() {
  const { t } = useTranslation();
  const selection = useProjectStore((s) => s.selection);
  const graph = useProjectStore((s) => s.doc.graph);
  const analysis = useProjectStore((s) => s.analysis);
  const updateParams = useProjectStore((s) => s.updateParams);
  const toggleExpanded = useProjectStore((s) => s.toggleExpanded);
  const node = selection.nodes.length === 1 ? graph.nodes.find((n) => n.id === selection.nodes[0]) : undefined;
  const def = node ? getLayer(node.type) : undefined;
  const specs = useMemo(() => (def ? fieldSpecs(def.schema) : []), [def]);
  const lang = currentLang();

  if (selection.nodes.length > 1) return <Shell>{t('inspector.multiple', { count: selection.nodes.length })}</Shell>;
  if (!node) {
    const edge = selection.edges.length === 1 ? graph.edges.find((e) => e.id === selection.edges[0]) : undefined;
    if (!edge) return <Shell>{t('inspector.nothing')}</Shell>;
    return (
      <Shell>
        <h3>{t('inspector.edge', { source: edge.source, target: edge.target })}</h3>
        <dl>
          <dt>{t('inspector.edgeShape')}</dt>
          <dd className="mono">{formatShape(analysis?.edges[edge.id] ?? undefined)}</dd>
        </dl>
      </Shell>
    );
  }

  const a = analysis?.nodes[node.id];
  const issues = analysis?.issues.filter((i) => i.nodeId === node.id) ?? [];
  const inputs = (a?.inputShapes ?? []).filter((s): s is Shape => !!s);
  return (
    <Shell>
      <div className="inspector-type" data-testid="inspector-type">
        {t(`layer.${node.type}`, { defaultValue: node.type })} <span className="muted">({node.type})</span>
      </div>
      <NameField node={node} />
      <h3>{t('inspector.params')}</h3>
      {def && specs.length === 0 && <p className="muted">{t('inspector.noParams')}</p>}
      {def &&
        specs.map((spec) => (
          <ParamField key={`${node.id}-${spec.name}`} spec={spec} schema={def.schema} value={node.params[spec.name]} onCommit={(v) => updateParams(node.id, { [spec.name]: v })} />
        ))}
      {issues.length > 0 && (
        <>
          <h3>{t('inspector.issues')}</h3>
          <ul className="issues">
            {issues.map((i, k) => (
              <IssueRow key={k} issue={i} testId="inspector-issue" />
            ))}
          </ul>
        </>
      )}
      {a && (
        <dl className="facts">
          <dt>{t('inspector.inputs')}</dt>
          <dd className="mono">{a.inputShapes.map((s) => formatShape(s ?? undefined)).join(', ') || '—'}</dd>
          <dt>{t('inspector.output')}</dt>
          <dd className="mono" data-testid="inspector-output">{formatShape(a.outputShape)}</dd>
          <dt>{t('inspector.params')}</dt>
          <dd className="mono">
            {groupedCount(a.paramCount.trainable, lang)}
            {a.paramCount.nonTrainable ? ` + ${groupedCount(a.paramCount.nonTrainable, lang)}` : ''}
          </dd>
          <dt>{t('inspector.macs')}</dt>
          <dd className="mono">{groupedCount(a.macs, lang)}</dd>
          {a.receptiveField && (
            <>
              <dt>{t('inspector.receptiveField')}</dt>
              <dd className="mono">
                {a.receptiveField.size}×{a.receptiveField.size} (/{a.receptiveField.jump})
              </dd>
            </>
          )}
        </dl>
      )}
      {a && a.formula.length > 0 && (
        <>
          <h3>{t('inspector.formula')}</h3>
          <pre className="formula">{a.formula.join('\n')}</pre>
        </>
      )}
      {def?.expand && (
        <>
          <button className="btn" data-testid="inspector-expand" onClick={() => toggleExpanded(node.id)}>
            {t(node.expanded ? 'inspector.hideExpansion' : 'inspector.showExpansion')}
          </button>
          <CompositeExpansion node={node} inputs={inputs} />
        </>
      )}
    </Shell>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <aside className="inspector" data-testid="inspector" aria-label={t('inspector.title')}>
      <h2>{t('inspector.title')}</h2>
      {children}
    </aside>
  );
}
