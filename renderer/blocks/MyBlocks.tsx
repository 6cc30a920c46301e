// The palette's "My blocks": the project's block definitions; a click adds an instance where the palette
// adds a layer (after the selection, rewiring the chain), a drag places one where it is dropped (into an edge
// under the cursor, as a palette layer). An unused definition can be deleted here; the library buttons save
// the definitions to a .cnnblocks file and add those of another one.
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import { useProjectStore } from '../store/projectStore';
import { instanceCount } from '../../src/graph/userBlocks';
import { focusNode } from '../canvas/focusNode';
import { BLOCK_MIME } from '../canvas/Canvas';
import { exportBlockLibrary, importBlockLibrary } from './libraryActions';
import './blocks.css';

export function MyBlocks() {
  const { t } = useTranslation('blocks');
  const { t: tl } = useTranslation('blockLibrary');
  const flow = useReactFlow();
  const graph = useProjectStore((s) => s.doc.graph);
  const blocks = graph.blocks ?? [];
  const add = (blockId: string) => {
    const id = useProjectStore.getState().addBlockInstance(blockId);
    if (id) requestAnimationFrame(() => focusNode(flow, id));
  };
  const onDragStart = (e: DragEvent, blockId: string) => {
    e.dataTransfer.setData(BLOCK_MIME, blockId);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <section className="palette-group" data-testid="my-blocks">
      <h3>{t('palette.title')}</h3>
      {blocks.length === 0 && <p className="muted small">{t('palette.empty')}</p>}
      {blocks.map((b) => {
        const uses = instanceCount(graph, b.id);
        const usedInside = (graph.blocks ?? []).some((o) => o.graph.nodes.some((n) => n.type === 'Block' && n.params.block === b.id));
        return (
          <div key={b.id} className="my-blocks-row">
            <button
              className="palette-item"
              data-testid={`my-block-${b.id}`}
              draggable
              onDragStart={(e) => onDragStart(e, b.id)}
              onClick={() => add(b.id)}
              title={`${t('palette.add', { name: b.name, count: b.graph.nodes.length, uses })}\n${tl('dragHint')}`}
            >
              {b.name}
            </button>
            {uses === 0 && !usedInside && (
              <button className="btn my-blocks-delete" data-testid={`my-block-delete-${b.id}`} aria-label={t('palette.delete', { name: b.name })} title={t('palette.delete', { name: b.name })} onClick={() => useProjectStore.getState().deleteBlockDefinition(b.id)}>
                ×
              </button>
            )}
          </div>
        );
      })}
      <div className="my-blocks-library">
        <button className="btn" data-testid="block-library-export" disabled={blocks.length === 0} title={tl('exportTitle')} onClick={() => void exportBlockLibrary()}>
          {tl('export')}
        </button>
        <button className="btn" data-testid="block-library-import" title={tl('importTitle')} onClick={() => void importBlockLibrary()}>
          {tl('import')}
        </button>
      </div>
    </section>
  );
}
