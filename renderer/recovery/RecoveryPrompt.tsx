// On start: if earlier windows left autosaves (a crash, a killed host), offer to restore or discard each.
// A restored document opens unsaved (dirty) with its old path, and is autosaved in this window's slot.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecoveryItem } from '../../src/contract/recovery';
import { host } from '../services/host';
import { useProjectStore } from '../store/projectStore';
import { autosaveSessionId } from './session';

export function RecoveryPrompt() {
  const { t } = useTranslation('recovery');
  const [items, setItems] = useState<RecoveryItem[]>([]);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    host
      .invoke('recovery.check', {})
      .then((r) => live && setItems(r.items.filter((i) => i.id !== autosaveSessionId)))
      .catch(() => {}); // no recovery service: nothing to offer
    return () => {
      live = false;
    };
  }, []);

  if (items.length === 0) return null;
  const drop = (id: string) => setItems((list) => list.filter((i) => i.id !== id));

  async function restore(item: RecoveryItem) {
    try {
      // Into this window's slot first, so the work stays protected until the user saves it.
      await host.invoke('recovery.autosave', { id: autosaveSessionId, doc: item.doc, projectPath: item.projectPath });
      await host.invoke('recovery.discard', { id: item.id });
      useProjectStore.getState().loadUnsaved(item.doc, item.projectPath); // unsaved until saved again
      setItems([]);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function discard(item: RecoveryItem) {
    try {
      await host.invoke('recovery.discard', { id: item.id });
      drop(item.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div role="dialog" aria-modal="true" aria-labelledby="recovery-title" className="modal-backdrop" data-testid="recovery-prompt">
      <div className="modal">
        <h2 id="recovery-title">{t('title', { defaultValue: 'Recover unsaved work?' })}</h2>
        <p>{t('explain', { defaultValue: 'CNN Studio closed before these projects were saved. Restore one to keep working on it, or discard it.' })}</p>
        <ul className="recovery-list">
          {items.map((item) => (
            <li key={item.id}>
              <strong>{item.name}</strong> — {t('savedAt', { defaultValue: 'autosaved {{when}}', when: new Date(item.savedAt).toLocaleString() })}
              {item.projectPath ? <div className="muted">{item.projectPath}</div> : null}
              <button type="button" onClick={() => void restore(item)}>
                {t('restore', { defaultValue: 'Restore' })}
              </button>
              <button type="button" onClick={() => void discard(item)}>
                {t('discard', { defaultValue: 'Discard' })}
              </button>
            </li>
          ))}
        </ul>
        {error ? <p role="alert">{error}</p> : null}
        <button type="button" onClick={() => setItems([])}>
          {t('later', { defaultValue: 'Decide later' })}
        </button>
      </div>
    </div>
  );
}
