// What node/import/runImport.ts (the host side) and node/import/importWorker.ts say to each other.
import type { ImportResult } from '../../src/import/importModel';

/** Given to the worker as workerData. */
export interface ImportJob {
  file: string;
  /** Whether the host wants the shard paths of a model.json to check (and perhaps refuse) before they are read. */
  confineShards: boolean;
}

export type WorkerToHost =
  | { type: 'shards'; paths: string[] }
  | { type: 'done'; result: ImportResult }
  /** The file was refused: an ImportError (with a ModelFileError's code when it has one). */
  | { type: 'refused'; message: string; unsupported: string[]; code?: string }
  /** Something other than the file went wrong (a bug): the error as text. */
  | { type: 'failed'; message: string };

export type HostToWorker = { type: 'shards'; paths: string[] };
