// The ▸/▾ button on a composite's header: opens or closes the block in place (view state, not the document);
// opening selects the block and scrolls its frame into view.
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { revealFrame } from './revealFrame';
import { useExpandedBlocks } from './expandedStore';

/** Time for React Flow to draw and measure the opened frame before it is scrolled into view. */
const REVEAL_DELAY_MS = 60;

export function ExpandToggle({ id }: { id: string }) {
  const { t } = useTranslation('subflow');
  const open = useExpandedBlocks((s) => !!s.open[id]);
  const toggle = useExpandedBlocks((s) => s.toggle);
  const flow = useReactFlow();
  return (
    <button
      className="expand-toggle nodrag"
      data-testid={`expand-${id}`}
      aria-expanded={open}
      title={t(open ? 'close' : 'open')}
      onClick={(e) => {
        e.stopPropagation();
        toggle(id);
        if (!open) setTimeout(() => revealFrame(flow, id), REVEAL_DELAY_MS);
      }}
    >
      {open ? '▾' : '▸'}
    </button>
  );
}
