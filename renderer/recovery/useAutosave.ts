// Autosaves the open project every 30 s while it has unsaved changes (recovery.autosave), and discards
// the autosave once it is saved. Mount once, in App.
import { useEffect } from 'react';
import { host } from '../services/host';
import { dirtyIn, useProjectStore } from '../store/projectStore';
import { createAutosaver, AUTOSAVE_INTERVAL_MS } from './autosaver';
import { autosaveSessionId } from './session';

export function useAutosave(intervalMs = AUTOSAVE_INTERVAL_MS): void {
  useEffect(() => {
    const autosaver = createAutosaver({
      intervalMs,
      save: (doc, projectPath) => host.invoke('recovery.autosave', { id: autosaveSessionId, doc, projectPath }),
      discard: () => host.invoke('recovery.discard', { id: autosaveSessionId }),
      onError: (e) => console.warn('Autosave failed; will retry.', e),
    });
    const push = (s: ReturnType<typeof useProjectStore.getState>) => autosaver.update({ doc: s.doc, dirty: dirtyIn(s), projectPath: s.filePath });
    push(useProjectStore.getState());
    const unsubscribe = useProjectStore.subscribe(push);
    return () => {
      unsubscribe();
      autosaver.stop();
    };
  }, [intervalMs]);
}
