// Export and import services: export.run writes one format into a folder the user chose (PNG = the SVG
// rasterised with sharp); import.model opens a tfjs model.json (+ shards) or an .onnx file as a project with
// its weights.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defineHandlers, HostFailure, type HandlerContext } from './context';
import { exportChannels } from '../../src/contract/export';
import { readWeightsFolder, renderExport, WeightsFolderError, writeFiles, WriteFolderError } from '../../node/export/writeExport';
import { confinePath } from '../security/pathGuard';
import type { ExportedFiles } from '../../src/export/exportModel';
import { ExportError } from '../../src/export/flatGraph';
import { importTfjsModel, tfjsShardPaths } from '../../src/import/importTfjs';
import { importOnnxModel } from '../../src/import/importOnnx';
import { toProject } from '../../src/import/importModel';
import { ImportError } from '../../src/import/importError';
import type { ProjectDoc } from '../../src/project/schema';
import type { SavedWeights } from '../../src/train/weightsFiles';
import { formatNeedsWeights } from '../../src/export/formats';

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

export const handlers = defineHandlers(exportChannels, {
  'export.run': async (req, ctx) => {
    const outDir = confinePath(ctx, req.outDir, 'export folder');
    const needsTrained = formatNeedsWeights(req.format) && !req.untrained;
    const weights = needsTrained ? await projectWeights(ctx, req.projectPath, req.doc) : undefined;
    if (needsTrained && !weights)
      throw new HostFailure('no-weights', 'This project has no trained weights yet — train it first, or choose "untrained weights" to export the network as initialised.');
    let files: ExportedFiles;
    try {
      files = await renderExport(await loadTf(), req.doc, req.format, { weights, untrained: req.untrained });
    } catch (e) {
      if (e instanceof ExportError) throw new HostFailure('export-failed', e.message);
      throw new HostFailure('export-failed', `Export to ${req.format} failed: ${(e as Error).message}`);
    }
    try {
      return await writeFiles(outDir, files);
    } catch (e) {
      if (e instanceof WriteFolderError) throw new HostFailure('write-failed', e.message);
      throw e;
    }
  },

  'import.model': async (req, ctx) => {
    const file = confinePath(ctx, req.path, 'model file');
    if (/\.onnx$/i.test(file)) {
      const bytes = await fs.readFile(file).catch((e) => {
        throw new HostFailure('not-found', `Cannot read ${file} (${e?.code ?? e}) — check the path.`);
      });
      try {
        return toProject(await loadTf(), importOnnxModel(new Uint8Array(bytes), path.basename(file, path.extname(file))));
      } catch (e) {
        if (e instanceof ImportError) throw new HostFailure('unsupported-model', e.message);
        throw new HostFailure('import-failed', `Could not import ${path.basename(file)}: ${(e as Error).message}`);
      }
    }
    let json: string;
    try {
      json = await fs.readFile(file, 'utf8');
    } catch (e: any) {
      throw new HostFailure('not-found', `Cannot read ${file} (${e?.code ?? e}) — check the path.`);
    }
    try {
      const shards = await Promise.all(
        tfjsShardPaths(json).map(async (p) => {
          const shard = confinePath(ctx, path.resolve(path.dirname(file), p), 'weight shard');
          return new Uint8Array(await fs.readFile(shard).catch(() => {
            throw new ImportError(`The weight file ${p} named in ${path.basename(file)} is missing — keep it beside model.json.`);
          }));
        }),
      );
      const data = shards.length ? Buffer.concat(shards) : undefined;
      const imported = importTfjsModel(json, data && new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return toProject(await loadTf(), imported);
    } catch (e) {
      if (e instanceof ImportError || e instanceof HostFailure) throw e instanceof HostFailure ? e : new HostFailure('unsupported-model', e.message);
      throw new HostFailure('import-failed', `Could not import ${path.basename(file)}: ${(e as Error).message}`);
    }
  },
});
