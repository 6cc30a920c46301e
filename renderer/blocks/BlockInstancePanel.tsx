// The inspector's part for a user block instance: which definition it is (picked among several; renamed here
// for every instance), how many instances share it, Repeat ×N with its per-repeat table and changes, Unpack,
// and the layers inside with their fields — an edit there changes the definition, so every instance changes
// and the next analysis checks each one's shapes again.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GraphNode } from '../../src/graph/schema';
import { getLayer } from '../../src/layers/registry';
import { findBlock } from '../../src/layers/userBlock';
import { instanceCount } from '../../src/graph/userBlocks';
import { useProjectStore } from '../store/projectStore';
import { fieldSpecs } from '../inspector/fieldSpec';
import { ParamField } from '../inspector/ParamField';
import { currentLang } from '../i18n';
import { DefinitionPicker } from './DefinitionPicker';
import { RepeatSection } from './RepeatSection';
import './blocks.css';

function DefinitionName({ blockId, name }: { blockId: string; name: string }) {
  const { t } = useTranslation('blocks');
  const [text, setText] = useState(name);
  useEffect(() => setText(name), [name]);
  const commit = () => {
    if (text.trim() && text.trim() !== name) useProjectStore.getState().renameBlock(blockId, text.trim());
    else setText(name);
  };
  return (
    <div className="field">
      <label htmlFor="block-definition-name">{t('inspector.rename')}</label>
      <input id="block-definition-name" data-testid="block-definition-name" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
    </div>
  );
}

function InnerLayer({ blockId, node }: { blockId: string; node: GraphNode }) {
  const { t } = useTranslation();
  const def = getLayer(node.type);
  const specs = useMemo(() => (def ? fieldSpecs(def.schema) : []), [def]);
  const lang = currentLang();
  if (!def) return null;
  return (
    <details className="block-inner" data-testid={`block-inner-${node.id}`}>
      <summary>
        <span>{node.name || node.id}</span> <span className="muted">{t(`layer.${node.type}`, { defaultValue: node.type })}</span>
      </summary>
      {specs.map((spec) => (
        <ParamField
          key={`${blockId}-${node.id}-${spec.name}`}
          spec={spec}
          schema={def.schema}
          value={node.params[spec.name]}
          help={def.explain.params[spec.name]?.[lang]}
          onCommit={(v) => useProjectStore.getState().updateBlockParams(blockId, node.id, { [spec.name]: v })}
        />
      ))}
    </details>
  );
}

export function BlockInstancePanel({ node }: { node: GraphNode }) {
  const { t } = useTranslation('blocks');
  const blockId = String(node.params.block ?? '');
  const block = useProjectStore((s) => findBlock(s.doc.graph.blocks, blockId));
  const uses = useProjectStore((s) => instanceCount(s.doc.graph, blockId));
  if (!block) return null;
  return (
    <section className="block-instance" data-testid="block-instance">
      <dl className="block-facts">
        <dt>{t('inspector.definition')}</dt>
        <dd>
          <DefinitionPicker node={node} block={block} />
        </dd>
        <dt>{t('inspector.instances')}</dt>
        <dd data-testid="block-instance-count">{uses}</dd>
        <dt>{t('inspector.layers')}</dt>
        <dd>{block.graph.nodes.length}</dd>
      </dl>
      <DefinitionName blockId={block.id} name={block.name} />
      <RepeatSection node={node} block={block} />
      <button className="btn" data-testid="block-unpack" title={t('inspector.unpackTitle')} onClick={() => useProjectStore.getState().unpackBlock(node.id)}>
        {t('inspector.unpack')}
      </button>
      <h3>{t('inspector.inner', { name: block.name })}</h3>
      <p className="muted small">{t('inspector.editHint', { name: block.name })}</p>
      {block.graph.nodes.map((n) => (
        <InnerLayer key={n.id} blockId={block.id} node={n} />
      ))}
    </section>
  );
}
