// Opening a model file off the host's thread: the reading (node/import/modelFile.ts) runs in a worker thread
// with a heap limit, watched from here for time and memory, so that a hostile file — one that stalls a
// reader, or makes it allocate gigabytes — costs that worker, which is stopped, and never the host, which
// keeps answering. Both hosts' 'import.model' and `cnn-studio import` open files through importModelFile.
//
// Where the worker's code is: a build ships it as importWorker.js / importWorker.mjs beside the bundle that
// holds this module (electron-vite and build:cli each list node/import/importWorker.ts as an entry); a source
// checkout (tests, tsx) runs importWorker.ts itself through tsx, registered inside the worker.
import { Worker } from 'node:worker_threads';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ImportError } from '../../src/import/importError';
import type { ImportResult } from '../../src/import/importModel';
import { checkModelFile, ModelFileError, type ModelFileErrorCode } from './modelFile';
import type { HostToWorker, ImportJob, WorkerToHost } from './workerMessages';

export interface ModelImportOptions {
  /**
   * The shard files a model.json names (absolute, beside it): returns the paths to read, or throws to refuse
   * (that error is what importModelFile throws). Runs here, on the host's side.
   */
  confineShards?: (paths: string[]) => string[];
  /** Stop and refuse after this long (default 120 s: a VGG-16 opens in well under a minute). */
  timeoutMs?: number;
  /** The worker's JS heap (default 2048 MB). */
  heapMb?: number;
  /** How much the process may grow while the worker reads, weights' buffers included (default: half the RAM, at most 6 GB). */
  memoryMb?: number;
  signal?: AbortSignal;
}

export const IMPORT_TIMEOUT_MS = 120_000;
export const IMPORT_HEAP_MB = 2048;
export const defaultImportMemoryMb = (): number => Math.min(6144, Math.floor(os.totalmem() / 2 / 1048576));
/** How often the process's memory is sampled while a worker reads. */
const MEMORY_SAMPLE_MS = 100;

const here = fileURLToPath(import.meta.url);

/** How to start the worker: its built file beside this bundle, else the TypeScript source run through tsx. */
function workerEntry(): { file: string | URL; eval: boolean } {
  for (const name of ['importWorker.js', 'importWorker.mjs']) {
    const built = path.join(path.dirname(here), name);
    if (existsSync(built)) return { file: built, eval: false };
  }
  const source = path.join(path.dirname(here), 'importWorker.ts');
  if (!existsSync(source))
    throw new Error(`The model reader (importWorker.js) is missing beside ${here} — this build is incomplete; rebuild it (npm run build).`);
  // tsx is a dev dependency: present wherever the TypeScript source is run. Its ES module API, found from its
  // package.json (the CommonJS one does not register from an eval'd worker).
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = path.join(path.dirname(tsxPackage), JSON.parse(readFileSync(tsxPackage, 'utf8')).exports['./esm/api'].import.default);
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(source).href)}); });`;
  return { file: code, eval: true };
}

/**
 * The project a model file becomes (see src/import/importModel.ts), read in a worker. Throws ImportError
 * for a file that cannot be opened (ModelFileError, with a code, when the reason is the file as a whole:
 * missing, too large, too slow to read), whatever confineShards throws, and Error for anything else.
 */
export async function importModelFile(file: string, opts: ModelImportOptions = {}): Promise<ImportResult> {
  // What the file system already says (missing, a folder, too large) is refused without starting a worker.
  await checkModelFile(file);
  return inWorker(file, opts);
}

function inWorker(file: string, opts: ModelImportOptions): Promise<ImportResult> {
  const timeoutMs = opts.timeoutMs ?? IMPORT_TIMEOUT_MS;
  const memoryMb = opts.memoryMb ?? defaultImportMemoryMb();
  const name = path.basename(file);
  if (opts.signal?.aborted) return Promise.reject(new ModelFileError('cancelled', `Opening ${name} was cancelled.`));
  const entry = workerEntry();
  const job: ImportJob = { file, confineShards: !!opts.confineShards };
  const worker = new Worker(entry.file, {
    eval: entry.eval,
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: opts.heapMb ?? IMPORT_HEAP_MB },
    // tfjs greets Node on the console; what the worker prints is not the host's output.
    stdout: true,
    stderr: true,
  });
  worker.stdout.resume();
  worker.stderr.resume();

  return new Promise<ImportResult>((resolve, reject) => {
    let settled = false;
    const baseline = process.memoryUsage.rss();
    const finish = (outcome: { value: ImportResult } | { error: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watch);
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if ('value' in outcome) resolve(outcome.value);
      else reject(outcome.error);
    };
    const refuse = (code: ModelFileErrorCode, message: string) => finish({ error: new ModelFileError(code, message) });
    const tooLarge = (need: string) =>
      refuse('too-large', `${name} is too large to open: reading it needed more than ${need} of memory. Nothing was imported — the file is damaged, or the network is larger than CNN Studio can hold.`);

    const timer = setTimeout(
      () =>
        refuse('too-slow', `${name} took too long to read (stopped after ${Math.round(timeoutMs / 100) / 10} s, far longer than a real model of its size takes) — the file is damaged or made to stall a reader. Nothing was imported.`),
      timeoutMs,
    );
    // Weights live in buffers outside the JS heap, which the heap limit does not count: the process's
    // resident memory does (the worker shares this process).
    const watch = setInterval(() => {
      if (process.memoryUsage.rss() - baseline > memoryMb * 1048576) tooLarge(`${memoryMb} MB`);
    }, MEMORY_SAMPLE_MS);
    const onAbort = () => refuse('cancelled', `Opening ${name} was cancelled.`);
    opts.signal?.addEventListener('abort', onAbort);

    worker.on('message', (m: WorkerToHost) => {
      if (m.type === 'shards') {
        try {
          const paths = opts.confineShards ? opts.confineShards(m.paths) : m.paths;
          worker.postMessage({ type: 'shards', paths } satisfies HostToWorker);
        } catch (e) {
          finish({ error: e });
        }
      } else if (m.type === 'done') finish({ value: m.result });
      else if (m.type === 'refused') finish({ error: m.code ? new ModelFileError(m.code as ModelFileErrorCode, m.message) : new ImportError(m.message, m.unsupported) });
      else finish({ error: new Error(`Could not import ${name}: ${m.message}`) });
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') tooLarge(`${opts.heapMb ?? IMPORT_HEAP_MB} MB`);
      else finish({ error: new Error(`Could not import ${name}: ${e.message}`) });
    });
    worker.on('exit', (code) => refuse('reader-stopped', `The model reader stopped (exit code ${code}) before it finished ${name}. Nothing was imported — try again; if it happens again, the file is damaged.`));
  });
}
