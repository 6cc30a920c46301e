// Export and import services: export.run writes one format into a folder the user chose (PNG = the SVG
// rasterised with sharp); import.model opens a tfjs model.json (+ shards) or an .onnx file as a project with
// its weights.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defineHandlers, HostFailure, type HandlerContext } from './context';
import { exportChannels } from '../../src/contract/export';
import { atomicWrite } from '../../node/fs/atomicWrite';
import { confinePath } from '../security/pathGuard';
import { exportModel, type ExportedFiles } from '../../src/export/exportModel';
import { ExportError } from '../../src/export/flatGraph';
import { savedWeightsFromFiles } from '../../src/export/projectWeights';
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
  const dir = path.resolve(path.dirname(project), doc.weights.path);
  confinePath(ctx, dir, 'weights folder');
  let json: string;
  let bin: Uint8Array;
  try {
    json = await fs.readFile(path.join(dir, 'model.json'), 'utf8');
    bin = new Uint8Array(await fs.readFile(path.join(dir, 'weights.bin')));
  } catch (e: any) {
    throw new HostFailure('no-weights', `No trained weights at ${dir} (${e?.code ?? e}) — train the model again.`);
  }
  try {
    return savedWeightsFromFiles(doc, json, bin);
  } catch (e) {
    throw new HostFailure('stale-weights', (e as Error).message);
  }
}

async function rasterise(files: ExportedFiles): Promise<ExportedFiles> {
  const sharp = (await import('sharp')).default;
  const out: ExportedFiles = {};
  for (const [name, data] of Object.entries(files))
    out[name.replace(/\.svg$/, '.png')] = new Uint8Array(await sharp(Buffer.from(data as string), { density: 144 }).png().toBuffer());
  return out;
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
      files = await exportModel(await loadTf(), req.doc, req.format, { weights, untrained: req.untrained });
      if (req.format === 'png') files = await rasterise(files);
    } catch (e) {
      if (e instanceof ExportError) throw new HostFailure('export-failed', e.message);
      throw new HostFailure('export-failed', `Export to ${req.format} failed: ${(e as Error).message}`);
    }
    await fs.mkdir(outDir, { recursive: true }).catch((e) => {
      throw new HostFailure('write-failed', `Cannot create ${outDir} (${e?.code ?? e}) — choose a writable folder.`);
    });
    const written: string[] = [];
    let bytes = 0;
    for (const [name, data] of Object.entries(files)) {
      const target = path.join(outDir, name);
      try {
        await atomicWrite(target, data);
      } catch (e: any) {
        throw new HostFailure('write-failed', `Could not write ${target} (${e?.code ?? e?.message ?? e}) — check the folder is writable and has space.`);
      }
      written.push(target);
      bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    }
    return { files: written, bytes };
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
