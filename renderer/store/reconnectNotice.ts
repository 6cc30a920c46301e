// The notice after deleting a link of a chain: "Deleted ‹name›" with a button that joins its neighbours.
// It goes away by itself once the offer no longer applies (the delete undone, the neighbours wired by hand).
import type { Graph } from '../../src/graph/schema';
import { i18n } from '../i18n';
import { notify, useNoticesAndDialogs } from '../app/noticesAndDialogs';
import { reconnect, type ReconnectOffer } from './graphOps';

/** A node as the canvas labels it: its name, else its id. */
const label = (graph: Graph, id: string) => graph.nodes.find((x) => x.id === id)?.name || id;

export interface ReconnectHooks {
  /** Makes the reconnection (one undoable edit). */
  run(): void;
  /** The document's graph now. */
  current(): Graph;
  /** Calls `onChange` after every store change; returns the unsubscribe. */
  watch(onChange: () => void): () => void;
}

/** Shows the offer; `before` is the graph before the delete (for the names). */
export function offerReconnect(before: Graph, offer: ReconnectOffer, hooks: ReconnectHooks) {
  const text =
    offer.deleted.length === 1
      ? i18n.t('editing:deleted', { name: label(before, offer.deleted[0]) })
      : i18n.t('editing:deletedMany', { count: offer.deleted.length });
  const to = offer.targets.map((t) => label(before, t.target)).join(', ');
  const id = notify('info', text, { label: i18n.t('editing:reconnect', { from: label(before, offer.source), to }), run: hooks.run });
  const stop = hooks.watch(() => {
    const open = useNoticesAndDialogs.getState().notices.some((n) => n.id === id);
    const applies = reconnect(hooks.current(), offer) !== hooks.current();
    if (open && !applies) useNoticesAndDialogs.getState().dismiss(id);
    if (!open || !applies) stop();
  });
}
