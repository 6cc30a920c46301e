// `cnn-studio export <project|template> --format F --out DIR [--weights DIR] [--untrained]`: writes the
// trained network as tfjs, ONNX, PyTorch, safetensors, .npz, or a picture (svg/png). Weights come from
// --weights (a folder with model.json + weights.bin, as `cnn-studio train --out` writes), else from the
// project's own weights folder. Exit 1 when the network or its weights cannot be exported, 2 on misuse.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defineCommand } from './command';
import { choice, flag, text } from './options';
import { loadProjectArg, PROJECT_ARGUMENT } from './loadProject';
import { formatNeedsWeights, type ExportFormat } from '../../src/export/formats';

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
    let weightsDir: string | undefined;
    if (weightsFlag !== undefined) weightsDir = path.resolve(weightsFlag);
    else if (doc.weights && loaded.source.endsWith('.cnnproj')) weightsDir = path.resolve(path.dirname(path.resolve(loaded.source)), doc.weights.path);
    const { savedWeightsFromFiles } = await import('../../src/export/projectWeights');
    let weights;
    if (formatNeedsWeights(format) && !untrained) {
      if (!weightsDir) {
        io.err(`export: ${loaded.source} has no trained weights — train it (\`cnn-studio train ${project} --out W\`) and pass --weights W, or add --untrained.`);
        return 1;
      }
      try {
        const json = await fs.readFile(path.join(weightsDir, 'model.json'), 'utf8');
        const bin = new Uint8Array(await fs.readFile(path.join(weightsDir, 'weights.bin')));
        weights = savedWeightsFromFiles(doc, json, bin);
      } catch (e: any) {
        io.err(`export: cannot use the weights in ${weightsDir}: ${e?.code === 'ENOENT' ? 'model.json or weights.bin is missing' : e.message}`);
        return 1;
      }
    }
    // wasm with our kernels: the PyTorch export's check prediction on a 224×224 net takes seconds, not minutes.
    const { tf } = await (await import('../../node/train/trainBackend')).loadTfForNode('wasm', { verbose, log: io.err });
    const { exportModel } = await import('../../src/export/exportModel');
    let files: Record<string, Uint8Array | string>;
    try {
      files = await exportModel(tf, doc, format, { weights, untrained });
      if (format === 'png') {
        const sharp = (await import('sharp')).default;
        const [[name, svg]] = Object.entries(files);
        files = { [name.replace(/\.svg$/, '.png')]: new Uint8Array(await sharp(Buffer.from(svg as string), { density: 144 }).png().toBuffer()) };
      }
    } catch (e) {
      io.err(`export: ${(e as Error).message}`);
      return 1;
    }
    const out = path.resolve(outDir);
    await fs.mkdir(out, { recursive: true });
    for (const [name, data] of Object.entries(files)) {
      await fs.writeFile(path.join(out, name), data);
      const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      io.out(`wrote ${path.join(out, name)} (${size.toLocaleString('en-US')} bytes)`);
    }
    if (untrained && formatNeedsWeights(format)) io.out('note: the weights are the initial, untrained ones (--untrained).');
    return 0;
  },
});
