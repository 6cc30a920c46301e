// Training → Evaluate: the sub-view shown, the data chosen, the evaluation in flight and its result. Outside the
// components so a tab switch keeps them; none of it is document state. A result is dropped when the session's
// weights change (it no longer describes them).
import { create } from 'zustand';
import type { ImportReport } from '../../src/contract/dataset';
import { graphHash } from '../../src/train/graphHash';
import { useProjectStore } from '../store/projectStore';
import { useTrainingSession, type TrainingSessionState } from '../training/trainingSession';
import type { EvaluateReport } from './evaluateMessages';
import { evaluateInWorker, EvaluateCancelledError } from './evaluateRequest';
import { evaluationData, EvaluateDataError, type DataChoice, type EvaluationData } from './evaluateData';
import { host } from '../services/host';
import { i18n } from '../i18n';

export interface EvaluateResult {
  report: EvaluateReport;
  choice: DataChoice;
  folder?: string;
  importReport?: ImportReport;
  classNote?: EvaluationData['classNote'];
  at: string;
}

export interface EvaluateState {
  view: 'train' | 'evaluate';
  choice: DataChoice;
  folder: string;
  running?: { phase: 'loading' | 'importing' | 'predicting'; progress?: { done: number; total: number }; abort: AbortController; jobId: string };
  error?: string;
  result?: EvaluateResult;
  /** The class picked for the ROC and PR charts. */
  curveClass: number;
  /** Where the last report was written, or why it was not. */
  saved?: { path?: string; error?: string };
}

export const useEvaluate = create<EvaluateState>()(() => ({ view: 'train', choice: 'validation', folder: '', curveClass: 0 }));
const set = useEvaluate.setState;
const t = (key: string, args?: Record<string, unknown>) => i18n.t(`evaluate:${key}`, args ?? {});

type Session = Pick<TrainingSessionState, 'weights' | 'weightsOrigin' | 'phase'>;

/** Why Evaluate cannot run now (an i18n key), or undefined when it can. */
export function evaluateBlocker(s: Session, docGraphHash: string): string | undefined {
  if (s.phase === 'training' || s.phase === 'paused' || s.phase === 'stopping' || s.phase === 'loading') return 'blocked.training';
  if (!s.weights) return 'blocked.noWeights';
  if (s.weightsOrigin?.graphHash !== docGraphHash) return 'blocked.stale';
  return undefined;
}

/** The model's class names: the last run's, the weights', the project dataset's, else "0" … "N−1". */
export function modelClassNames(): string[] {
  const { result, weights } = useTrainingSession.getState();
  const { doc, analysis } = useProjectStore.getState();
  const outputs = analysis?.outputNodeId ? analysis.nodes[analysis.outputNodeId]?.outputShape?.[0] : undefined;
  const fits = (c?: string[]) => !!c?.length && (outputs === undefined || c.length === outputs);
  if (fits(result?.classNames)) return result!.classNames;
  if (fits(weights?.classNames)) return weights!.classNames!;
  if (fits(doc.dataset.classNames)) return doc.dataset.classNames!;
  return Array.from({ length: outputs ?? 10 }, (_, i) => String(i));
}

/** The class names the weights were trained with, where recorded (the last run's, or the weights'). */
function recordedClassNames(): string[] | undefined {
  const { result, weights } = useTrainingSession.getState();
  const outputs = modelClassNames().length;
  const c = result?.classNames?.length ? result.classNames : weights?.classNames;
  return c?.length === outputs ? c : undefined;
}

function datasetName(): string {
  const ds = useProjectStore.getState().doc.dataset;
  return ds.kind === 'mnist' ? 'MNIST' : (ds.path ?? ds.kind);
}

export async function runEvaluation(): Promise<void> {
  const st = useEvaluate.getState();
  if (st.running) return;
  const session = useTrainingSession.getState();
  const { doc } = useProjectStore.getState();
  const blocker = evaluateBlocker(session, graphHash(doc.graph));
  if (blocker) return set({ error: t(blocker) });
  const abort = new AbortController();
  const jobId = globalThis.crypto?.randomUUID?.() ?? `eval-${Date.now()}`;
  const { choice, folder } = st;
  set({ running: { phase: choice === 'folder' ? 'importing' : 'loading', abort, jobId }, error: undefined, saved: undefined });
  const progress = (phase: 'importing' | 'predicting') => (done: number, total: number) => {
    const r = useEvaluate.getState().running;
    if (r?.jobId === jobId) set({ running: { ...r, phase, progress: { done, total } } });
  };
  try {
    const weights = session.weights!;
    const run = session.weightsOrigin?.runId ? doc.runs?.find((r) => r.id === session.weightsOrigin!.runId) : undefined;
    const settings = run?.settings ?? doc.training;
    const limit = run ? run.dataset.limit : session.sampleLimit || undefined;
    const classNames = modelClassNames();
    const trainedClasses = recordedClassNames();
    // The worker's model is these weights, and (trained now) it still holds their dataset and validation split.
    const inWorker = session.weightsOrigin?.source === 'trained' && !!session.result && session.modelReady;
    const data = await evaluationData(doc, choice, {
      inWorker,
      modelClasses: classNames,
      ...(trainedClasses ? { trainedClasses } : {}),
      folder: folder.trim(),
      split: { validationSplit: settings.validationSplit, seed: settings.seed, ...(limit ? { limit } : {}) },
      folderImport: { jobId, onProgress: progress('importing') },
    });
    if (abort.signal.aborted) throw new EvaluateCancelledError('Cancelled.');
    const r = useEvaluate.getState().running;
    if (r?.jobId === jobId) set({ running: { ...r, phase: 'predicting', progress: undefined } });
    const source = choice === 'folder' ? folder.trim() : t(`source.${choice}`, { dataset: datasetName() });
    const report = await evaluateInWorker(
      { graph: doc.graph, ...(session.modelReady ? {} : { weights }), classNames, source, batchSize: Math.max(64, settings.batchSize), ...data.data },
      { onProgress: progress('predicting'), signal: abort.signal },
    );
    set({ result: { report, choice, ...(choice === 'folder' ? { folder: folder.trim() } : {}), importReport: data.importReport, classNote: data.classNote, at: new Date().toISOString() }, curveClass: 0 });
  } catch (e) {
    if (e instanceof EvaluateCancelledError || abort.signal.aborted) return;
    set({ error: e instanceof EvaluateDataError ? t(e.key, e.args) : e instanceof Error ? e.message : String(e) });
  } finally {
    if (useEvaluate.getState().running?.jobId === jobId) set({ running: undefined });
  }
}

export function cancelEvaluation(): void {
  const r = useEvaluate.getState().running;
  if (!r) return;
  r.abort.abort();
  if (r.phase === 'importing') void host.invoke('dataset.cancel', { jobId: r.jobId }).catch(() => undefined);
  set({ running: undefined });
}

export const evaluateActions = {
  setView: (view: EvaluateState['view']) => set({ view }),
  setChoice: (choice: DataChoice) => set({ choice }),
  setFolder: (folder: string) => set({ folder }),
  setCurveClass: (curveClass: number) => set({ curveClass }),
  setSaved: (saved: EvaluateState['saved']) => set({ saved }),
};

// Other weights (a new run, a restored one, an imported model): the result described the previous ones.
useTrainingSession.subscribe((s, prev) => {
  if (s.weights !== prev.weights && useEvaluate.getState().result) set({ result: undefined, saved: undefined });
});
