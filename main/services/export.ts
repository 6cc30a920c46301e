// Export and import services: export.run writes one format into a folder the user chose (PNG = the SVG
// rasterised with sharp); import.model opens a tfjs model.json (+ shards) or an .onnx file as a project with
// its weights, read in a worker thread with time and memory limits (node/import/runImport.ts).
import path from 'node:path';
import { defineHandlers, HostFailure, isInsideAllowedRoots, type HandlerContext } from './context';
import { exportChannels } from '../../src/contract/export';
import { readWeightsFolder, renderExport, WeightsFolderError, writeFiles, WriteFolderError } from '../../node/export/writeExport';
import { confinePath } from '../security/pathGuard';
import type { ExportedFiles } from '../../src/export/exportModel';
import { ExportError } from '../../src/export/flatGraph';
import { ImportError } from '../../src/import/importError';
import { importModelFile } from '../../node/import/runImport';
import { ModelFileError, type ModelFileErrorCode } from '../../node/import/modelFile';
import type { ProjectDoc } from '../../src/project/schema';
import type { SavedWeights } from '../../src/train/weightsFiles';
import { formatNeedsWeights } from '../../src/export/formats';
import { graphHash } from '../../src/train/graphHash';

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

export const handlers = defineHandlers(exportChannels, {
  'export.run': async (req, ctx) => {
    const outDir = confinePath(ctx, req.outDir, 'export folder');
    const needsTrained = formatNeedsWeights(req.format) && !req.untrained;
    const weights = needsTrained ? (sessionWeights(req) ?? (await projectWeights(ctx, req.projectPath, req.doc))) : undefined;
    if (needsTrained && !weights)
      throw new HostFailure('no-weights', 'This project has no trained weights yet — train it first (in the Training tab), or choose "untrained weights" to export the network as initialised.');
    let files: ExportedFiles;
    try {
      files = await renderExport(await loadTf(), req.doc, req.format, { weights, untrained: req.untrained });
    } catch (e) {
      if (e instanceof ExportError) throw new HostFailure('export-failed', e.message);
      throw new HostFailure('export-failed', `Export to ${req.format} failed: ${(e as Error).message}`);
    }
    try {
      // The folder itself is renamed in a whole-folder swap, and its staging sibling made beside it: only where that parent is allowed too.
      return await writeFiles(outDir, files, { allowWholeFolder: isInsideAllowedRoots(ctx, path.dirname(outDir)) });
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
});
