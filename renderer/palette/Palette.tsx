// The layer palette: layers grouped by category (registry order). Click (or Enter in the quick-add box)
// inserts the layer where the selection says, rewiring the chain (the line under the box tells where);
// dragging onto the canvas places it there (the canvas handles the drop).
import { useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import { layers } from '../../src/layers/registry';
import type { LayerCategory } from '../../src/layers/types';
import { layerSummaryText } from '../../src/explain/layerSummary';
import { useProjectStore } from '../store/projectStore';
import { LAYER_MIME } from '../canvas/Canvas';
import { focusNode } from '../canvas/focusNode';
import { searchLayers } from './quickAddSearch';
import { InsertTargetLine } from './InsertTargetLine';
import { PatternBuilderButton } from '../pattern/PatternBuilder';
import { MyBlocks } from '../blocks/MyBlocks';
import { USER_BLOCK_TYPE } from '../../src/layers/userBlock';

function groupByCategory(): [LayerCategory, string[]][] {
  const groups = new Map<LayerCategory, string[]>();
  // A user block is added from My blocks (it needs a definition), not as a bare layer type.
  for (const l of layers) if (l.type !== USER_BLOCK_TYPE) groups.set(l.category, [...(groups.get(l.category) ?? []), l.type]);
  return [...groups];
}

export function Palette() {
  const { t, i18n } = useTranslation();
  const { t: te } = useTranslation('editing');
  const flow = useReactFlow();
  const [query, setQuery] = useState('');
  const groups = useMemo(groupByCategory, []);
  const lang = i18n.language === 'ko' ? 'ko' : 'en';
  const entries = useMemo(
    () => layers.filter((l) => l.type !== USER_BLOCK_TYPE).map((l) => ({ type: l.type, label: t(`layer.${l.type}`, { defaultValue: l.type }) })),
    [t, i18n.language], // t's identity may not change with the language; the labels must
  );
  const matches = useMemo(() => searchLayers(query, entries), [query, entries]);

  const add = (type: string) => {
    const id = useProjectStore.getState().quickAdd(type);
    if (id) requestAnimationFrame(() => focusNode(flow, id));
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && matches[0]) {
      add(matches[0].type);
      setQuery('');
    } else if (e.key === 'Escape') setQuery('');
  };
  const onDragStart = (e: DragEvent, type: string) => {
    e.dataTransfer.setData(LAYER_MIME, type);
    e.dataTransfer.effectAllowed = 'copy';
  };
  const item = (type: string) => (
    <button
      key={type}
      className="palette-item"
      data-testid={`palette-${type}`}
      draggable
      onDragStart={(e) => onDragStart(e, type)}
      onClick={() => add(type)}
      title={te('itemTitle', { summary: layerSummaryText(type, lang) })}
    >
      {t(`layer.${type}`, { defaultValue: type })}
    </button>
  );

  return (
    <aside className="palette" aria-label={t('palette.title')}>
      <h2>{t('palette.title')}</h2>
      <input
        className="palette-search"
        data-testid="palette-search"
        data-graph-undo=""
        placeholder={t('palette.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKey}
      />
      <InsertTargetLine />
      <PatternBuilderButton />
      {query.trim() ? (
        <div className="palette-group">{matches.map((m) => item(m.type))}</div>
      ) : (
        groups.map(([cat, types]) => (
          <section key={cat} className="palette-group">
            <h3>{t(`category.${cat}`)}</h3>
            {types.map(item)}
          </section>
        ))
      )}
      {!query.trim() && <MyBlocks />}
      <p className="muted small">{te('hint')}</p>
    </aside>
  );
}
