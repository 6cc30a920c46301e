// `cnn-studio import <model> --out FILE.cnnproj [--force]`: the counterpart of the app's *Open a model* — an
// .onnx file or a tfjs model.json (its shards beside it) becomes a project file, its weights saved beside it
// the way the app saves them (`FILE.weights/` with model.json + weights.bin, through the app's own
// 'train.saveWeights' handler). The file is read by the same runner as the app's (node/import/runImport.ts:
// a worker with time and memory limits), so a refused file gets the app's message — and nothing is written:
// every check comes before the first write. Exit 1 when the model cannot be opened or written, 2 on misuse.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defineCommand } from './command';
import { flag, text } from './options';
import { ImportError } from '../../src/import/importError';
import { formatCount } from '../../src/import/importLimits';
import { saveProjectWeights } from './projectWeights';

const exists = (p: string) => fs.lstat(p).then(
  () => true,
  () => false,
);

export const importCommand = defineCommand({
  name: 'import',
  summary: 'Open an ONNX or tfjs model as a project (.cnnproj), its weights saved beside it',
  arguments: [{ name: 'model', description: 'a model file: an .onnx file, or a tfjs model.json with its weight files beside it' }],
  options: {
    out: text({ placeholder: 'FILE.cnnproj', description: 'the project file to write; the weights go into FILE.weights/ beside it', required: true }),
    force: flag('replace FILE.cnnproj and FILE.weights/ when they exist'),
  },
  examples: ['cnn-studio import model.onnx --out digits.cnnproj', 'cnn-studio import web_model/model.json --out net.cnnproj --force'],
  async run({ args: [model], options: { out, force } }, io) {
    const target = path.resolve(out);
    if (!/\.cnnproj$/i.test(target)) {
      io.err(`import: --out must name a project file ending in .cnnproj, not "${out}".`);
      return 2;
    }
    const { weightsDirFor } = await import('../services/train');
    const weightsDir = weightsDirFor(target);
    const folder = await fs.stat(path.dirname(target)).catch(() => undefined);
    if (!folder?.isDirectory()) {
      io.err(`import: the folder ${path.dirname(target)} does not exist — create it first, or choose another --out.`);
      return 1;
    }
    if (!force)
      for (const p of [target, weightsDir])
        if (await exists(p)) {
          io.err(`import: ${p} exists — choose another --out, or add --force to replace it.`);
          return 2;
        }

    const { importModelFile } = await import('../../node/import/runImport');
    let imported;
    try {
      imported = await importModelFile(path.resolve(model));
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      io.err(`import: ${e.message}`);
      return 1;
    }

    const { serializeProjectFile } = await import('../../src/project/projectFile');
    const { atomicWrite } = await import('../../node/fs/atomicWrite');
    let doc = imported.doc;
    const hadWeightsDir = await exists(weightsDir);
    try {
      // The app's own save: what the project refers to is what the app would have written.
      if (imported.weights) doc = await saveProjectWeights(target, doc, imported.weights);
      await atomicWrite(target, serializeProjectFile(doc), { backup: force });
    } catch (e) {
      // Half a project is no project: the weights written for it go again, unless the folder was there before.
      if (!hadWeightsDir) await fs.rm(weightsDir, { recursive: true, force: true }).catch(() => {});
      io.err(`import: could not write ${target}: ${(e as Error).message}`);
      return 1;
    }
    io.out(`wrote ${target} (${doc.name}: ${doc.graph.nodes.length} layers)`);
    if (imported.weights) {
      const values = imported.weights.weightData.byteLength / 4;
      io.out(`wrote ${weightsDir}${path.sep} (${formatCount(values)} weights, ${formatCount(imported.weights.weightData.byteLength)} bytes)`);
    } else io.out('note: the model file has no weights; the project starts untrained.');
    return 0;
  },
});
