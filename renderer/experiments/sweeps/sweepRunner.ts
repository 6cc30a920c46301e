// Runs a sweep's trials one after another in the training worker. Each trial's graph and settings go to the
// trainer as the trial's own (trainRun's `trial`): the document, its undo history and the canvas stay the user's.
import { create } from 'zustand';
import { applyTrial, newSweepId, nextTrials, planSweep, trialName, type SweepSpec, type SweepState, type SweepTrial } from '../../../src/experiments/sweep';
import type { RunRecord } from '../../../src/experiments/runRecord';
import { useProjectStore } from '../../store/projectStore';
import { stopTraining, trainRun, useTrainingSession } from '../../training/trainingSession';

export interface SweepsState {
  /** The latest sweep (kept for Resume); its done trials are recomputed from doc.runs with its id. */
  state?: SweepState;
  running: boolean;
  current?: { k: number; n: number; trial: SweepTrial };
  error?: string;
}
export const useSweeps = create<SweepsState>()(() => ({ running: false }));
let cancelled = false;

/** The trials of sweep `id` recorded in the document's runs (latest run per trial wins). */
export function doneFromRuns(runs: readonly RunRecord[], id: string): SweepState['done'] {
  const byTrial = new Map<number, SweepState['done'][number]>();
  for (const r of runs) if (r.sweep?.id === id) byTrial.set(r.sweep.trial, { trial: r.sweep.trial, runId: r.id, status: r.status, metrics: r.metrics });
  return [...byTrial.values()].sort((a, b) => a.trial - b.trial);
}

export function cancelSweep(): void {
  cancelled = true;
  if (useSweeps.getState().running) stopTraining();
}

/** Starts a new sweep (spec) or resumes the latest one (no spec). */
export async function runSweep(spec?: SweepSpec): Promise<void> {
  if (useSweeps.getState().running) return;
  const prior = useSweeps.getState().state;
  if (!spec && !prior) return;
  const state: SweepState = spec ? { id: newSweepId(new Date()), spec, done: [] } : { ...prior!, done: doneFromRuns(useProjectStore.getState().doc.runs ?? [], prior!.id) };
  const plan = planSweep(state.spec);
  const todo = nextTrials(plan, state);
  cancelled = false;
  useSweeps.setState({ state, running: true, error: undefined, current: undefined });
  const original = useProjectStore.getState().doc;
  try {
    for (const [k, trial] of todo.entries()) {
      if (cancelled) break;
      const applied = applyTrial(original, state.spec, trial);
      if (!applied.ok) { useSweeps.setState({ error: applied.message }); break; }
      useSweeps.setState({ current: { k: k + 1, n: todo.length, trial } });
      const run = await trainRun({ origin: 'sweep', sweep: { id: state.id, trial: trial.index, values: trial.values }, name: trialName(trial), fresh: true, trial: { graph: applied.doc.graph, settings: applied.doc.training } });
      if (!run) { useSweeps.setState({ error: useTrainingSession.getState().error ?? 'The trial could not start.' }); break; }
      useSweeps.setState((s) => ({ state: s.state && { ...s.state, done: doneFromRuns(useProjectStore.getState().doc.runs ?? [], state.id) } }));
    }
  } finally {
    useSweeps.setState({ running: false, current: undefined });
  }
}
