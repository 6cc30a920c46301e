// Opening a model file as a project: an .onnx file, or a tfjs model.json with the weight shards it names.
// Every size is checked before the bytes it describes are read: the file's own size, then (tfjs) the
// manifest's weights against the shard files' sizes on disk, so a model.json naming a 50 GB file reads none
// of it. This is the work node/import/importWorker.ts runs off the host's thread; it may also be called directly.
import type * as tfjs from '@tensorflow/tfjs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ImportError } from '../../src/import/importError';
import { checkFileSize, formatCount, IMPORT_LIMITS } from '../../src/import/importLimits';
import { importOnnxModel } from '../../src/import/importOnnx';
import { importTfjsModel, tfjsWeightFiles } from '../../src/import/importTfjs';
import { toProject, type ImportResult } from '../../src/import/importModel';

/** Why a model file was not opened when the reason is the file as a whole, not what it describes. */
export type ModelFileErrorCode = 'not-found' | 'too-large' | 'too-slow' | 'reader-stopped' | 'cancelled';

/** An ImportError with a code for the caller: the message says what was wrong and what to do. */
export class ModelFileError extends ImportError {
  constructor(
    readonly code: ModelFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModelFileError';
  }
}

export interface ReadModelFileOptions {
  /** tfjs, loaded only once the file has been read (a refused file never pays for loading it). */
  loadTf: () => Promise<typeof tfjs>;
  /**
   * The shard files model.json names, resolved beside it: returns the paths to read, or throws to refuse
   * (the hosts keep reads inside the folders the user opened).
   */
  confineShards?: (paths: string[]) => Promise<string[]> | string[];
}

/** True for an ONNX file; anything else is read as a tfjs model.json. */
export const isOnnxFile = (file: string): boolean => /\.onnx$/i.test(file);

async function fileSize(file: string, what: string): Promise<number> {
  const stat = await fs.stat(file).catch((e) => {
    throw new ModelFileError('not-found', `Cannot read ${what} ${file} (${e?.code ?? e}) — check the path.`);
  });
  if (!stat.isFile()) throw new ModelFileError('not-found', `${file} is not a file — choose a .onnx file or a model.json.`);
  return stat.size;
}

/**
 * The file's bytes, at most `size` of them (what was measured and checked): a file that grows after it was
 * measured is not read past that, so no check can be outrun. Fewer bytes than measured: it shrank.
 */
export async function readMeasured(file: string, what: string, size: number): Promise<Uint8Array> {
  const fh = await fs.open(file, 'r').catch((e) => {
    throw new ModelFileError('not-found', `Cannot read ${what} ${file} (${e?.code ?? e}) — check the path.`);
  });
  try {
    const bytes = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await fh.read(bytes, at, size - at, at);
      if (bytesRead === 0) throw new ImportError(`${path.basename(file)} changed while it was read — try again.`);
      at += bytesRead;
    }
    return bytes;
  } finally {
    await fh.close();
  }
}

function tooLarge(what: string, bytes: number, limit: number): void {
  try {
    checkFileSize(what, bytes, limit);
  } catch (e) {
    throw new ModelFileError('too-large', (e as Error).message);
  }
}

/** The model file is there, is a file, and is not larger than its kind ever is: refused otherwise, with nothing read. */
export async function checkModelFile(file: string): Promise<number> {
  const size = await fileSize(file, 'the model file');
  tooLarge(path.basename(file), size, isOnnxFile(file) ? IMPORT_LIMITS.maxFileBytes : IMPORT_LIMITS.maxModelJsonBytes);
  return size;
}

export async function readModelFile(file: string, { loadTf, confineShards }: ReadModelFileOptions): Promise<ImportResult> {
  const base = path.basename(file);
  const size = await checkModelFile(file);
  const bytes = await readMeasured(file, 'the model file', size);
  if (isOnnxFile(file)) return toProject(await loadTf(), importOnnxModel(bytes, path.basename(file, path.extname(file))));
  const json = new TextDecoder().decode(bytes);
  const manifest = tfjsWeightFiles(json);
  const resolved = manifest.paths.map((p) => path.resolve(path.dirname(file), p));
  const shards = confineShards ? await confineShards(resolved) : resolved;
  let total = 0;
  const sizes: number[] = [];
  for (const [i, shard] of shards.entries()) {
    const stat = await fs.stat(shard).catch(() => undefined);
    if (!stat) throw new ImportError(`The weight file ${manifest.paths[i]} named in ${base} is missing — keep it beside model.json.`);
    // A device or a pipe (/dev/zero) has no size to check and no end: only files are read.
    if (!stat.isFile()) throw new ImportError(`The weight file ${manifest.paths[i]} named in ${base} is not a file — keep the weight files tfjs wrote beside model.json.`);
    sizes.push(stat.size);
    total += stat.size;
    tooLarge(`The weight files of ${base}`, total, IMPORT_LIMITS.maxFileBytes);
  }
  if (shards.length && total !== manifest.bytes)
    throw new ImportError(`The weight files hold ${formatCount(total)} bytes but ${base} lists ${formatCount(manifest.bytes)} — a shard is missing or damaged. Nothing was imported.`);
  let weightData: Uint8Array | undefined;
  if (shards.length) {
    weightData = new Uint8Array(total);
    let at = 0;
    for (const [i, shard] of shards.entries()) {
      weightData.set(await readMeasured(shard, 'the weight file', sizes[i]), at);
      at += sizes[i];
    }
  }
  return toProject(await loadTf(), importTfjsModel(json, weightData));
}
