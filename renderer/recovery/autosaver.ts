// The autosave schedule, free of React and timers' owners so it is tested with fake timers: every
// `intervalMs` (30 s) a dirty document that changed since the last autosave is written to the recovery
// folder; once the document is clean again (saved, or undone to the saved state) its autosave is discarded.
import type { ProjectDoc } from '../../src/project/schema';

export const AUTOSAVE_INTERVAL_MS = 30_000;

export interface AutosaveState {
  doc: ProjectDoc;
  dirty: boolean;
  projectPath?: string;
}

export interface AutosaverDeps {
  save(doc: ProjectDoc, projectPath: string | undefined): Promise<unknown>;
  discard(): Promise<unknown>;
  onError?(e: unknown): void;
  intervalMs?: number;
}

export function createAutosaver(deps: AutosaverDeps) {
  let state: AutosaveState | undefined;
  let lastSaved: ProjectDoc | undefined;
  let hasAutosave = false;
  let busy = false;

  async function tick() {
    if (busy || !state) return;
    const { doc, dirty, projectPath } = state;
    busy = true;
    try {
      if (dirty && doc !== lastSaved) {
        await deps.save(doc, projectPath);
        lastSaved = doc;
        hasAutosave = true;
      } else if (!dirty && hasAutosave) {
        await deps.discard();
        hasAutosave = false;
        lastSaved = undefined;
      }
    } catch (e) {
      deps.onError?.(e); // the next tick tries again
    } finally {
      busy = false;
    }
  }

  const timer = setInterval(() => void tick(), deps.intervalMs ?? AUTOSAVE_INTERVAL_MS);
  return {
    update(next: AutosaveState) {
      state = next;
    },
    /** Runs one autosave check now (tests, and before the page unloads). */
    flush: tick,
    stop() {
      clearInterval(timer);
    },
  };
}
