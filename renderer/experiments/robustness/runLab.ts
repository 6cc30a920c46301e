// Runs one sweep for the lab's current choices: the model's weights (current or a saved run's), the images (the
// worker's validation set, or a folder read through the host like the Dataset tab does), then the worker job.
import { host } from '../../services/host';
import { ImportOptionsSchema } from '../../../src/contract/dataset';
import { useProjectStore } from '../../store/projectStore';
import { loadRunWeights, robustness, useTrainingSession } from '../../training/trainingSession';
import type { ToWorker } from '../../worker/messages';
import { LAB_COLORS, useLab } from './labStore';

type Request = Omit<Extract<ToWorker, { type: 'robustness' }>, 'type' | 'id'>;

async function folderImages(path: string, limit: number, shape: { height: number; width: number; channels: 1 | 3 }): Promise<NonNullable<Request['images']>> {
  const imported = await host.invoke('dataset.importFolder', { path, options: ImportOptionsSchema.parse(shape) });
  const count = Math.min(limit, imported.summary.n);
  const b = await host.invoke('dataset.getBatch', { datasetId: imported.datasetId, start: 0, count });
  return { pixels: b.images, labels: Array.from(b.labels), classNames: imported.summary.classNames, height: b.height, width: b.width, channels: b.channels };
}

export async function runLab(who: { runName?: string; current: boolean }): Promise<void> {
  const lab = useLab.getState();
  if (!lab.transforms.length) return useLab.setState({ error: 'noTransform' });
  if (lab.source === 'folder' && !lab.folder.trim()) return useLab.setState({ error: 'noFolder' });
  const abort = new AbortController();
  useLab.setState({ error: undefined, running: { phase: lab.source === 'folder' ? 'importing' : 'measuring', abort } });
  try {
    const doc = useProjectStore.getState().doc;
    const session = useTrainingSession.getState();
    const run = lab.model === 'current' ? undefined : (doc.runs ?? []).find((r) => r.id === lab.model);
    const graph = run?.graph ?? doc.graph;
    const input = graph.nodes.find((n) => n.type === 'Input')?.params as { height?: number; width?: number; channels?: number } | undefined;
    const shape = { height: input?.height ?? 28, width: input?.width ?? 28, channels: (input?.channels === 3 ? 3 : 1) as 1 | 3 };
    const images = lab.source === 'folder' ? await folderImages(lab.folder.trim(), lab.limit, shape) : undefined;
    if (abort.signal.aborted) throw Object.assign(new Error('cancelled'), { cancelled: true });
    useLab.setState({ running: { phase: 'measuring', abort } });
    const weights = run ? await loadRunWeights(run) : undefined;
    const report = await robustness(
      { graph, weights, classNames: session.result?.classNames, images, limit: lab.limit, transforms: lab.transforms, similarity: lab.similarity },
      { signal: abort.signal, onProgress: (done, total) => useLab.setState({ running: { phase: 'measuring', abort, progress: { done, total } } }) },
    );
    const results = useLab.getState().results;
    useLab.setState({ results: [...results, { key: `${Date.now()}`, ...who, color: LAB_COLORS[results.length % LAB_COLORS.length], report }] });
  } catch (e) {
    const cancelled = (e as { cancelled?: boolean }).cancelled;
    useLab.setState({ error: cancelled ? 'cancelled' : e instanceof Error ? e.message : String(e) });
  } finally {
    useLab.setState({ running: undefined });
  }
}
