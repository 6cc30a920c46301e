// The worker thread node/import/runImport.ts starts for one model file: reads it (node/import/modelFile.ts),
// posts the project back (the weights' bytes transferred, not copied) and ends. It runs with a heap limit;
// the host stops it when it takes too long or grows too large, so a hostile file costs this thread only.
import { parentPort, workerData } from 'node:worker_threads';
import { ImportError } from '../../src/import/importError';
import { ModelFileError, readModelFile } from './modelFile';
import type { HostToWorker, ImportJob, WorkerToHost } from './workerMessages';

const port = parentPort!;
const job = workerData as ImportJob;
const post = (m: WorkerToHost, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** Asks the host which of the shard paths may be read; the host answers, or stops this worker to refuse. */
function askHost(paths: string[]): Promise<string[]> {
  return new Promise((resolve) => {
    port.once('message', (m: HostToWorker) => resolve(m.paths));
    post({ type: 'shards', paths });
  });
}

async function loadTf() {
  const tf = await import('@tensorflow/tfjs');
  // Building the model only makes its weights (for their order and names): the plain JS backend does that.
  await tf.setBackend('cpu');
  return tf;
}

try {
  const result = await readModelFile(job.file, { loadTf, confineShards: job.confineShards ? askHost : undefined });
  const data = result.weights?.weightData;
  // Transfer only a buffer the weights own whole: a view into a larger buffer is copied.
  const own = data && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
  post({ type: 'done', result }, own ? [data.buffer as ArrayBuffer] : []);
} catch (e) {
  if (e instanceof ImportError) post({ type: 'refused', message: e.message, unsupported: e.unsupported, code: e instanceof ModelFileError ? e.code : undefined });
  else post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
}
