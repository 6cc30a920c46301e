// The autosave schedule, free of React and timers' owners so it is tested with fake timers: every
// `intervalMs` (30 s) a dirty document that changed since the last autosave is written to the recovery
// folder; once the document is clean again (saved, or undone to the saved state) its autosave is discarded at
// once — not at the next tick: a window closed or reloaded within 30 s of a save would otherwise offer, on the
// next start, to recover work that was saved.
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
  /** The check running now: another waits for it instead of overlapping it (a slow save, a flush). */
  let inFlight: Promise<void> | undefined;

  /** One check; true when the user saved while an autosave was being written (then it is dropped at once). */
  async function check(current: AutosaveState): Promise<boolean> {
    const { doc, dirty, projectPath } = current;
    try {
      if (dirty && doc !== lastSaved) {
        await deps.save(doc, projectPath);
        lastSaved = doc;
        hasAutosave = true;
        return state?.dirty === false;
      }
      if (!dirty && hasAutosave) {
        await deps.discard();
        hasAutosave = false;
        lastSaved = undefined;
      }
    } catch (e) {
      deps.onError?.(e); // the next tick tries again
    }
    return false;
  }

  function tick(): Promise<void> {
    if (inFlight) return inFlight;
    if (!state) return Promise.resolve();
    inFlight = check(state).then((again) => {
      inFlight = undefined;
      return again ? tick() : undefined;
    });
    return inFlight;
  }

  const timer = setInterval(() => void tick(), deps.intervalMs ?? AUTOSAVE_INTERVAL_MS);
  return {
    update(next: AutosaveState) {
      state = next;
      if (!next.dirty && hasAutosave) void tick(); // saved (or undone to the saved state): drop the autosave now
    },
    /** Runs one autosave check now (tests, and before the page unloads). */
    flush: tick,
    stop() {
      clearInterval(timer);
    },
  };
}
