// Writing an export to disk, the same for every host (the app's export service and `cnn-studio export`):
// read the trained weights beside the project, render the format (PNG = the SVG rasterised with sharp), and
// write the files as one set (node/fs/fileSet.ts), so an interrupted export leaves the complete previous export
// or the complete new one — never a new model.json beside an old shard — and the user's other files stay.
import type * as tfjs from '@tensorflow/tfjs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { exportModel, type ExportedFiles } from '../../src/export/exportModel';
import type { ExportFormat } from '../../src/export/formats';
import { savedWeightsFromFiles } from '../../src/export/projectWeights';
import type { ProjectDoc } from '../../src/project/schema';
import type { SavedWeights } from '../../src/train/weightsFiles';
import { MODEL_JSON, WEIGHTS_BIN } from '../../src/train/weightsFiles';
import { FileSetError, writeFileSetAtomically, type FileSetOptions } from '../fs/fileSet';
import { OutputFolderError } from '../fs/outputFolder';
import { describeFileError } from '../fs/fileErrors';
import { settleFileSet } from '../fs/settleFileSet';

/** Why a weights folder could not be used: the files are missing/unreadable, or were trained on another graph. */
export class WeightsFolderError extends Error {
  constructor(
    readonly code: 'no-weights' | 'stale-weights',
    message: string,
  ) {
    super(message);
    this.name = 'WeightsFolderError';
  }
}

/**
 * The two files training writes into a weights folder, read as one set: a write killed mid-swap is finished
 * first (settleFileSet). Missing or unreadable files are a WeightsFolderError('no-weights').
 */
export async function readWeightsFiles(dir: string): Promise<{ json: string; bin: Uint8Array }> {
  await settleFileSet(dir);
  try {
    const json = await fs.readFile(path.join(dir, MODEL_JSON), 'utf8');
    const bin = new Uint8Array(await fs.readFile(path.join(dir, WEIGHTS_BIN)));
    return { json, bin };
  } catch (e: any) {
    const why = e?.code === 'ENOENT' ? `${MODEL_JSON} or ${WEIGHTS_BIN} is missing` : (e?.code ?? e?.message ?? String(e));
    throw new WeightsFolderError('no-weights', `No trained weights at ${dir} (${why}) — train the model again.`);
  }
}

/** The weights in `dir` (model.json + weights.bin, as training writes them), checked against the project's graph. */
export async function readWeightsFolder(doc: ProjectDoc, dir: string): Promise<SavedWeights> {
  const { json, bin } = await readWeightsFiles(dir);
  try {
    return savedWeightsFromFiles(doc, json, bin);
  } catch (e) {
    throw new WeightsFolderError('stale-weights', (e as Error).message);
  }
}

/** The files of one export, in memory: exportModel's, with the SVG picture rasterised for 'png'. */
export async function renderExport(
  tf: typeof tfjs,
  doc: ProjectDoc,
  format: ExportFormat,
  opts: { weights?: SavedWeights; untrained?: boolean },
): Promise<ExportedFiles> {
  const files = await exportModel(tf, doc, format, opts);
  if (format !== 'png') return files;
  const sharp = (await import('sharp')).default;
  const out: ExportedFiles = {};
  for (const [name, data] of Object.entries(files))
    out[name.replace(/\.svg$/, '.png')] = new Uint8Array(await sharp(Buffer.from(data as string), { density: 144 }).png().toBuffer());
  return out;
}

/** Why writing into the export folder failed, with the path and what to do. */
export class WriteFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteFolderError';
  }
}

/**
 * Writes every file into `outDir` (made if missing) as one set; returns the paths and the byte total. Impossible
 * folders (a file on the way, /proc, read-only) fail at once with a WriteFolderError that says so.
 */
export async function writeFiles(outDir: string, files: ExportedFiles, opts: FileSetOptions = {}): Promise<{ files: string[]; bytes: number }> {
  try {
    // model.json names the shards: in an in-place swap it goes last, so it is never read beside older shards.
    const { files: written, bytes } = await writeFileSetAtomically(outDir, files, { ...('model.json' in files ? { entry: 'model.json' } : {}), ...opts });
    return { files: written, bytes };
  } catch (e: any) {
    if (e instanceof OutputFolderError || e instanceof FileSetError) throw new WriteFolderError(e.message);
    throw new WriteFolderError(`The export folder ${path.resolve(outDir)} ${describeFileError(e, outDir, 'writing')}`);
  }
}
