// `cnn-studio export <project|template> --format F --out DIR [--weights DIR] [--untrained]`: writes the
// trained network as tfjs, ONNX, PyTorch, safetensors, .npz, or a picture (svg/png). Weights come from
// --weights (a folder with model.json + weights.bin, as `cnn-studio train --out` writes), else from the
// project's own weights folder. Exit 1 when the network or its weights cannot be exported, 2 on misuse (an
// impossible --out included). The files are written as one set (node/fs/fileSet.ts): the folder holds the whole
// previous export or the whole new one after any crash, and its other files are kept.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defineCommand } from './command';
import { choice, flag, text } from './options';
import { loadProjectArg, PROJECT_ARGUMENT } from './loadProject';
import { formatNeedsWeights, type ExportFormat } from '../../src/export/formats';
import { checkOutputFolder } from '../../node/fs/outputFolder';

// Each format's meaning for --help; keyed by the shared list (src/export/formats.ts), so a new format needs one here.
const FORMATS = {
  tfjs: 'TensorFlow.js layers model (model.json + weights)',
  onnx: 'ONNX model',
  pytorch: 'PyTorch model.py + train.py + weights',
  safetensors: 'the weights as .safetensors',
  npz: 'the weights as NumPy .npz',
  svg: 'a picture of the graph, no weights needed',
  png: 'the picture as PNG',
} satisfies Record<ExportFormat, string>;

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Export a project or template as tfjs, ONNX, PyTorch, safetensors, .npz, SVG or PNG',
  arguments: [PROJECT_ARGUMENT],
  options: {
    format: choice(FORMATS, { description: 'what to write', required: true }),
    out: text({ placeholder: 'DIR', description: 'the folder to write into, made if missing', required: true }),
    weights: text({ placeholder: 'DIR', description: 'a folder with model.json + weights.bin, as `cnn-studio train --out` writes', defaultText: "the project's own weights folder" }),
    untrained: flag('write freshly initialised (untrained) weights instead of trained ones'),
  },
  examples: [
    'cnn-studio export lenet5 --weights runs/lenet --format onnx --out dist/onnx',
    'cnn-studio export my.cnnproj --format pytorch --out dist/torch',
    'cnn-studio export my.cnnproj --format png --out dist',
  ],
  async run({ args: [project], options: { format, out: outDir, weights: weightsFlag, untrained }, verbose }, io) {
    const loaded = await loadProjectArg(project);
    if (!loaded.ok) {
      io.err(`export: ${loaded.message}`);
      return 2;
    }
    const { doc } = loaded;
    // An impossible --out (a file on the way, /proc, read-only) is refused before tfjs loads, in milliseconds.
    const out = path.resolve(outDir);
    try {
      await checkOutputFolder(out);
    } catch (e) {
      io.err(`export: --out ${(e as Error).message}`);
      return 2;
    }
    let weightsDir: string | undefined;
    if (weightsFlag !== undefined) weightsDir = path.resolve(weightsFlag);
    else if (doc.weights && loaded.source.endsWith('.cnnproj')) weightsDir = path.resolve(path.dirname(path.resolve(loaded.source)), doc.weights.path);
    const { readWeightsFolder, renderExport, writeFiles } = await import('../../node/export/writeExport');
    let weights;
    if (formatNeedsWeights(format) && !untrained) {
      if (!weightsDir) {
        io.err(`export: ${loaded.source} has no trained weights — train it (\`cnn-studio train ${project} --out W\`) and pass --weights W, or add --untrained.`);
        return 1;
      }
      try {
        weights = await readWeightsFolder(doc, weightsDir);
      } catch (e) {
        io.err(`export: cannot use the weights in ${weightsDir}: ${(e as Error).message}`);
        return 1;
      }
    }
    const { tf } = await (await import('../../node/train/trainBackend')).loadTfForNode('wasm', { verbose, log: io.err });
    // The app's export service writes through the same three steps (node/export/writeExport.ts).
    try {
      const files = await renderExport(tf, doc, format, { weights, untrained });
      const written = await writeFiles(out, files);
      for (const file of written.files) io.out(`wrote ${file} (${(await fs.stat(file)).size.toLocaleString('en-US')} bytes)`);
    } catch (e) {
      io.err(`export: ${(e as Error).message}`);
      return 1;
    }
    if (untrained && formatNeedsWeights(format)) io.out('note: the weights are the initial, untrained ones (--untrained).');
    return 0;
  },
});
