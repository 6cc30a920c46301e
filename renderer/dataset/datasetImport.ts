// The dataset import store: the import in flight (job id, progress) and the last result (its folder, options,
// summary and thumbnails — not its pixels, which stay in the host's cache). Kept outside the components so
// switching tabs does not lose an import; the training side reads `result.datasetId` here.
import { create } from 'zustand';
import type { Res } from '../../src/contract';
import type { ImportOptions } from '../../src/contract/dataset';
import type { DatasetRef } from '../../src/project/schema';
import { host, HostCallError } from '../services/host';
import { useProjectStore } from '../store/projectStore';

export type ImportResult = Res<'dataset.importFolder'>;

export interface DatasetImport {
  jobId?: string;
  /** The folder of `result`, as given (the project records it). */
  path?: string;
  /** The options `result` was imported with. */
  options?: ImportOptions;
  progress?: { done: number; total: number; rate: number; phase: string };
  result?: ImportResult;
  error?: string;
  /** The project store's loadSeq when `result` / `error` came: the tab shows them for that document only (or, the result, while the document names its folder). */
  resultSeq?: number;
  errorSeq?: number;
}

export const useDatasetImport = create<DatasetImport>(() => ({}));

export async function importFolder(path: string, options: ImportOptions): Promise<void> {
  const jobId = globalThis.crypto?.randomUUID?.() ?? `job-${Date.now()}`;
  useDatasetImport.setState({ jobId, progress: { done: 0, total: 0, rate: 0, phase: 'scan' }, error: undefined });
  const off = host.on('dataset.progress', (p) => {
    if (p.jobId === jobId) useDatasetImport.setState({ progress: p });
  });
  try {
    const result = await host.invoke('dataset.importFolder', { path, options, jobId });
    useDatasetImport.setState({ result, path, options, jobId: undefined, progress: undefined, resultSeq: useProjectStore.getState().loadSeq });
    setTrainingData(path, result.format, options, result.summary.classNames);
  } catch (e) {
    const cancelled = e instanceof HostCallError && e.code === 'cancelled';
    useDatasetImport.setState({ jobId: undefined, progress: undefined, error: cancelled ? undefined : (e as Error).message, errorSeq: useProjectStore.getState().loadSeq });
  } finally {
    off();
  }
}

/** What the Dataset tab shows of the store for the open document: the last result when it is this document's, the last error when it came in this load. */
export function useShownImport(): Pick<DatasetImport, 'jobId' | 'progress' | 'result' | 'error' | 'path' | 'options'> {
  const s = useDatasetImport();
  const loadSeq = useProjectStore((p) => p.loadSeq);
  const docPath = useProjectStore((p) => (p.doc.dataset.kind === 'mnist' ? undefined : p.doc.dataset.path));
  const mine = s.resultSeq === loadSeq || (!!docPath && s.path === docPath);
  return { jobId: s.jobId, progress: s.progress, result: mine ? s.result : undefined, path: mine ? s.path : undefined, options: mine ? s.options : undefined, error: s.errorSeq === loadSeq ? s.error : undefined };
}

export async function cancelImport(): Promise<void> {
  const { jobId } = useDatasetImport.getState();
  if (jobId) await host.invoke('dataset.cancel', { jobId });
}

/** Points the project's training data at an imported dataset, or back to MNIST (the document store's undoable setDataset). */
export function setTrainingData(path: string | undefined, kind: DatasetRef['kind'] = 'mnist', options?: ImportOptions, classNames?: string[]): void {
  const dataset: DatasetRef = kind === 'mnist' || !path ? { kind: 'mnist' } : { kind, path, options, classNames };
  useProjectStore.getState().setDataset(dataset);
}
