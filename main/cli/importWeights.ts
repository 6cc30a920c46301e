// `cnn-studio import-weights <project|template> --from trained.safetensors [--out DIR]`: weights trained in
// PyTorch (the PyTorch export's train.py, on a cluster) brought home. The state dict is mapped back onto the
// project's graph by the exporter's own layout (src/import/importTorchWeights.ts) and stored as the app stores
// trained weights — model.json + weights.bin, so `evaluate --weights`, `explain --weights` and `train --init`
// take them. Without --out they become the project's weights (its .weights/ folder, the app's own save, and the
// project file's reference, each written atomically); a file that does not fit writes nothing.
// Exit 0 imported, 1 the file does not fit (or cannot be written), 2 misuse.
import path from 'node:path';
import { defineCommand } from './command';
import { saveProjectWeights } from './projectWeights';
import { text } from './options';
import { loadProjectArg, PROJECT_ARGUMENT } from './loadProject';
import { ImportError } from '../../src/import/importError';
import { formatCount } from '../../src/import/importLimits';

export const importWeightsCommand = defineCommand({
  name: 'import-weights',
  summary: "Bring weights trained in PyTorch (the PyTorch export's train.py) back as the project's trained weights",
  arguments: [PROJECT_ARGUMENT],
  options: {
    from: text({ placeholder: 'FILE.safetensors', description: "the state dict train.py saved (trained.safetensors); DDP's module. names are fine", required: true }),
    out: text({
      placeholder: 'DIR',
      description: 'write model.json + weights.bin into DIR (as `train --out` does) and leave the project file as it is',
      defaultText: "the project's own weights folder (<project>.weights/), the project file pointing at it",
    }),
  },
  examples: ['cnn-studio import-weights my.cnnproj --from trained.safetensors', 'cnn-studio import-weights lenet5 --from trained.safetensors --out runs/torch'],
  async run({ args: [project], options: o, verbose }, io) {
    const loaded = await loadProjectArg(project);
    if (!loaded.ok) return (io.err(`import-weights: ${loaded.message}`), 2);
    const isTemplate = loaded.source.startsWith('template ');
    if (isTemplate && o.out === undefined) {
      io.err(`import-weights: ${loaded.source} has no weights folder of its own — add --out DIR for the weights, or give a .cnnproj file.`);
      return 2;
    }
    const { doc } = loaded;
    const from = path.resolve(o.from);
    // tfjs (the wasm backend) only once the file has been read: a wrong path is refused at once.
    const loadTf = async () => (await (await import('../../node/train/trainBackend')).loadTfForNode('wasm', { verbose, log: io.err })).tf;
    const { readTorchWeightsFile } = await import('../../node/import/torchWeightsFile');
    let imported;
    try {
      imported = await readTorchWeightsFile(loadTf, doc, from);
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      io.err(`import-weights: ${e.message}`);
      return 1;
    }
    const { graphHash } = await import('../../src/train/graphHash');
    const hash = graphHash(doc.graph);
    const w = imported.weights;
    io.out(
      `read ${imported.tensors} tensors (${formatCount(imported.values)} weights) from ${from}${imported.prefix ? ` (names under '${imported.prefix}' unwrapped)` : ''}; ` +
        `classes and input scaling from ${imported.metaFrom === 'file' ? "the file's train.py record" : 'the project'}`,
    );
    try {
      if (o.out !== undefined) {
        const out = path.resolve(o.out);
        const { modelJsonText, MODEL_JSON, WEIGHTS_BIN } = await import('../../src/train/weightsFiles');
        const { writeFileSetAtomically } = await import('../../node/fs/fileSet');
        const meta = { graphHash: hash, trainedAt: new Date().toISOString(), normalization: w.normalization, ...(w.classNames ? { classNames: w.classNames } : {}) };
        // model.json names weights.bin: in an in-place swap it lands last.
        await writeFileSetAtomically(out, { [WEIGHTS_BIN]: w.weightData, [MODEL_JSON]: modelJsonText(w.modelTopology, w.weightSpecs, meta) }, { entry: MODEL_JSON });
        io.out(`wrote ${path.join(out, MODEL_JSON)}, ${path.join(out, WEIGHTS_BIN)} — use them with \`cnn-studio evaluate ${project} --weights ${o.out}\``);
        return 0;
      }
      const target = path.resolve(project);
      // The app's own save, then the project file's reference to it: what the app would have written.
      const saved = await saveProjectWeights(target, doc, w);
      const { serializeProjectFile } = await import('../../src/project/projectFile');
      const { atomicWrite } = await import('../../node/fs/atomicWrite');
      await atomicWrite(target, serializeProjectFile(saved), { backup: true });
      io.out(`wrote ${path.join(path.dirname(target), saved.weights.path)}${path.sep} and updated ${target} to use them`);
      return 0;
    } catch (e) {
      io.err(`import-weights: could not write the weights: ${(e as Error).message}`);
      return 1;
    }
  },
});
