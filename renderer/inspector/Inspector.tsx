// The right-hand inspector: a form generated from the selected layer's zod schema with each parameter's
// explanation, its own problems, its analysis numbers with their meanings, and "About this layer".
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShape } from '../../src/graph/schema';
import { getLayer } from '../../src/layers/registry';
import type { LayerDef } from '../../src/layers/types';
import { nodeSubtitle } from '../../src/explain/nodeSubtitle';
import { useProjectStore } from '../store/projectStore';
import { useExpandedBlocks } from '../canvas/subflow/expandedStore';
import { BlockInsideList, InnerNodeInspector } from './InnerNodeInspector';
import { IssueRow } from '../problems/IssueRow';
import { currentLang } from '../i18n';
import { fieldSpecs } from './fieldSpec';
import { ParamField, type DerivedValue } from './ParamField';
import { NameField } from './NameField';
import { NodeFacts } from './NodeFacts';
import { AboutLayer } from './AboutLayer';
import { BlockInstancePanel } from '../blocks/BlockInstancePanel';
import { FineTunePanel } from './FineTunePanel';
import './inspector.css';

/** How a derived param (pooling's unset stride) shows: empty, with the value it stands for as placeholder. */
function derivedValue(def: LayerDef, name: string, params: Record<string, unknown>, lang: 'en' | 'ko', t: (k: string, o: Record<string, unknown>) => string): DerivedValue | undefined {
  const d = def.derivedParams?.[name];
  if (!d) return undefined;
  const parsed = def.schema.safeParse(params);
  if (!parsed.success) return undefined;
  const effective = d.effective(parsed.data);
  const args = { name: d.label[lang], value: effective };
  return { unset: d.unset, effective, placeholder: t('explain:field.derived', args), note: t('explain:field.derivedNote', args) };
}

export function Inspector() {
  const { t } = useTranslation();
  const selection = useProjectStore((s) => s.selection);
  const graph = useProjectStore((s) => s.doc.graph);
  const analysis = useProjectStore((s) => s.analysis);
  const updateParams = useProjectStore((s) => s.updateParams);
  const innerSelection = useExpandedBlocks((s) => s.innerSelection);
  const node = selection.nodes.length === 1 ? graph.nodes.find((n) => n.id === selection.nodes[0]) : undefined;
  const def = node ? getLayer(node.type) : undefined;
  const specs = useMemo(() => (def ? fieldSpecs(def.schema) : []), [def]);
  const lang = currentLang();

  if (selection.nodes.length > 1) return <Shell>{t('inspector.multiple', { count: selection.nodes.length })}</Shell>;
  if (!node) {
    const edge = selection.edges.length === 1 ? graph.edges.find((e) => e.id === selection.edges[0]) : undefined;
    // A layer picked inside an open block on the canvas (view-only selection).
    if (!edge && innerSelection)
      return (
        <Shell>
          <InnerNodeInspector path={innerSelection} />
        </Shell>
      );
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
  const subtitle = nodeSubtitle(node.type, node.params, lang);
  return (
    <Shell>
      <div className="inspector-type" data-testid="inspector-type">
        {t(`layer.${node.type}`, { defaultValue: node.type })} <span className="muted">({node.type})</span>
      </div>
      {(subtitle || def) && (
        <div className="inspector-summary">
          {subtitle && (
            <span className="mono inspector-subtitle" data-testid="inspector-subtitle">
              {subtitle}
            </span>
          )}
          {def && <span className="muted" data-testid="inspector-summary-line">{def.explain.summary[lang]}</span>}
        </div>
      )}
      <NameField node={node} />
      {node.type === 'Block' && <BlockInstancePanel node={node} />}
      {/* A user block's params (definition, repeat, per-repeat changes) are the block panel's own fields. */}
      {node.type !== 'Block' && <h3>{t('inspector.params')}</h3>}
      {def && node.type !== 'Block' && specs.length === 0 && <p className="muted">{t('inspector.noParams')}</p>}
      {def &&
        node.type !== 'Block' &&
        specs.map((spec) => (
          <ParamField
            key={`${node.id}-${spec.name}`}
            spec={spec}
            schema={def.schema}
            value={node.params[spec.name]}
            help={def.explain.params[spec.name]?.[lang]}
            derived={derivedValue(def, spec.name, node.params, lang, t)}
            onCommit={(v) => updateParams(node.id, { [spec.name]: v })}
          />
        ))}
      <FineTunePanel node={node} analysis={a} />
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
      {a && <NodeFacts analysis={a} />}
      {def && <AboutLayer def={def} analysis={a} />}
      {def?.expand && <BlockInsideList node={node} />}
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
