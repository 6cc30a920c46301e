// `cnn-studio export <project|template> --format F --out DIR [--weights DIR] [--untrained]`: writes the
// trained network as tfjs, ONNX, PyTorch, safetensors, .npz, or a picture (svg/png). Weights come from
// --weights (a folder with model.json + weights.bin, as `cnn-studio train --out` writes), else from the
// project's own weights folder. Exit 1 when the network or its weights cannot be exported, 2 on misuse.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs, type CliCommand } from './command';
import { loadProjectArg } from './loadProject';

const FORMATS = ['tfjs', 'onnx', 'pytorch', 'safetensors', 'npz', 'svg', 'png'] as const;
type Format = (typeof FORMATS)[number];
const NEEDS_WEIGHTS = new Set<Format>(['tfjs', 'onnx', 'pytorch', 'safetensors', 'npz']);

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export a project or template as tfjs, ONNX, PyTorch, safetensors, .npz, SVG or PNG',
  usage: 'export <project|template> --format tfjs|onnx|pytorch|safetensors|npz|svg|png --out DIR [--weights DIR] [--untrained]',
  async run(args, io) {
    const { positional, flags } = parseArgs(args, ['untrained']);
    const format = flags.format as Format;
    if (!FORMATS.includes(format)) {
      io.err(`export: --format must be one of ${FORMATS.join(', ')}${typeof flags.format === 'string' ? `, not "${flags.format}"` : ''}.`);
      return 2;
    }
    if (typeof flags.out !== 'string') {
      io.err('export: give the folder to write into with --out DIR.');
      return 2;
    }
    if (positional.length !== 1) {
      io.err('export: give one project file or template id, e.g. `cnn-studio export model.cnnproj --format onnx --out dist`.');
      return 2;
    }
    const loaded = await loadProjectArg(positional[0]);
    if (!loaded.ok) {
      io.err(`export: ${loaded.message}`);
      return 2;
    }
    const { doc } = loaded;
    const untrained = flags.untrained === true;
    let weightsDir: string | undefined;
    if (typeof flags.weights === 'string') weightsDir = path.resolve(flags.weights);
    else if (doc.weights && loaded.source.endsWith('.cnnproj')) weightsDir = path.resolve(path.dirname(path.resolve(loaded.source)), doc.weights.path);
    const { savedWeightsFromFiles } = await import('../../src/export/projectWeights');
    let weights;
    if (NEEDS_WEIGHTS.has(format) && !untrained) {
      if (!weightsDir) {
        io.err(`export: ${loaded.source} has no trained weights — train it (\`cnn-studio train ${positional[0]} --out W\`) and pass --weights W, or add --untrained.`);
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
    const { tf } = await (await import('../../node/train/trainBackend')).loadTfForNode('wasm');
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
    const out = path.resolve(flags.out);
    await fs.mkdir(out, { recursive: true });
    for (const [name, data] of Object.entries(files)) {
      await fs.writeFile(path.join(out, name), data);
      const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      io.out(`wrote ${path.join(out, name)} (${size.toLocaleString('en-US')} bytes)`);
    }
    if (untrained && NEEDS_WEIGHTS.has(format)) io.out('note: the weights are the initial, untrained ones (--untrained).');
    return 0;
  },
};
