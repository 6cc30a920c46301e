// `cnn-studio export <project|template> --format F --out DIR [--weights DIR] [--untrained] [--quantize Q]
// [--calibration N] [--data FOLDER|mnist]`: writes the
// trained network as tfjs, ONNX, PyTorch, safetensors, .npz, or a picture (svg/png). Weights come from
// --weights (a folder with model.json + weights.bin, as `cnn-studio train --out` writes), else from the
// project's own weights folder. Exit 1 when the network or its weights cannot be exported, 2 on misuse (an
// impossible --out included). The files are written as one set (node/fs/fileSet.ts): the folder holds the whole
// previous export or the whole new one after any crash, and its other files are kept.
// Before anything is read or written, the target is checked (src/export/readiness.ts): every layer it cannot carry
// is named with the reason and the fix, exit 1, the folder untouched. --quantize (tfjs float16|uint8, ONNX
// float16|int8) loads the data (--data, else the project's dataset): int8 calibrates on --calibration training
// images; the size and validation accuracy before and after are printed, measured with onnxruntime / tfjs.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defineCommand } from './command';
import { choice, flag, integer, text } from './options';
import { loadProjectArg, PROJECT_ARGUMENT } from './loadProject';
import { allowedQuantizationsText, DEFAULT_CALIBRATION_IMAGES, EXPORT_FORMAT_NAMES, formatNeedsWeights, quantizationAllowed, quantizationNeedsCalibration, type ExportFormat, type ExportQuantization } from '../../src/export/formats';
import { exportReadiness, readinessErrors, type ReadinessProblem } from '../../src/export/readiness';
import type { ExportMeasurement } from '../../src/contract/export';
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

const QUANTIZATIONS = {
  none: 'float32 weights, as trained',
  float16: 'tfjs or ONNX: half-size float16 weights',
  uint8: 'tfjs: uint8 weights (affine per tensor, as the tfjs converter)',
  int8: 'ONNX: int8 QDQ static quantisation, calibrated on training images',
} satisfies Record<ExportQuantization, string>;

/** "node: reason — fix" (the graph's own messages already start with the node's name). */
const problemLine = (p: ReadinessProblem) => `${p.nodeName && !p.reason.startsWith(`${p.nodeName}:`) ? `${p.nodeName}: ` : ''}${p.reason} — ${p.fix}`;

const percent = (x: number) => `${(100 * x).toFixed(2)}%`;

/** The before/after lines: bytes and validation accuracy. */
export function measurementLines(m: ExportMeasurement, quantize: ExportQuantization): string[] {
  const bytes = (n: number) => `${n.toLocaleString('en-US')} bytes`;
  return [
    `size: float32 ${bytes(m.before.bytes)} → ${quantize} ${bytes(m.after.bytes)} (${((100 * m.after.bytes) / m.before.bytes).toFixed(1)}%)`,
    `validation accuracy on ${m.samples.toLocaleString('en-US')} images${m.source ? ` of ${m.source}` : ''}: float32 ${percent(m.before.accuracy)} → ${quantize} ${percent(m.after.accuracy)} (${((m.after.accuracy - m.before.accuracy) * 100).toFixed(2)} points; same prediction on ${percent(m.agreement)})`,
  ];
}

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Export a project or template as tfjs, ONNX, PyTorch, safetensors, .npz, SVG or PNG',
  arguments: [PROJECT_ARGUMENT],
  options: {
    format: choice(FORMATS, { description: 'what to write', required: true }),
    out: text({ placeholder: 'DIR', description: 'the folder to write into, made if missing', required: true }),
    weights: text({ placeholder: 'DIR', description: 'a folder with model.json + weights.bin, as `cnn-studio train --out` writes', defaultText: "the project's own weights folder" }),
    untrained: flag('write freshly initialised (untrained) weights instead of trained ones'),
    quantize: choice(QUANTIZATIONS, { description: 'how the weights are stored (tfjs: float16|uint8, onnx: float16|int8)', default: 'none' }),
    calibration: integer({ min: 1, description: 'int8: training images the activation ranges are calibrated on', defaultText: String(DEFAULT_CALIBRATION_IMAGES) }),
    data: text({ placeholder: 'FOLDER|mnist', description: 'with --quantize: the images to calibrate and measure accuracy on', defaultText: "the project's dataset" }),
  },
  examples: [
    'cnn-studio export lenet5 --weights runs/lenet --format onnx --out dist/onnx',
    'cnn-studio export my.cnnproj --format pytorch --out dist/torch',
    'cnn-studio export my.cnnproj --format png --out dist',
    'cnn-studio export lenet5 --weights runs/lenet --format onnx --quantize int8 --data mnist --out dist/int8',
  ],
  async run({ args: [project], options: { format, out: outDir, weights: weightsFlag, untrained, quantize, calibration, data }, verbose }, io) {
    if (!quantizationAllowed(format, quantize)) {
      io.err(`export: --format ${format} cannot be stored as ${quantize} — --quantize takes ${allowedQuantizationsText(format)} for ${EXPORT_FORMAT_NAMES[format]}.`);
      return 2;
    }
    if (quantize === 'none' && (calibration !== undefined || data !== undefined)) {
      io.err('export: --calibration and --data go with --quantize (they choose the images to calibrate and measure on).');
      return 2;
    }
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
    const needsWeights = formatNeedsWeights(format) && !untrained;
    // What the target cannot carry, all of it, before anything is read or written.
    const problems = exportReadiness(doc, format, quantize, { untrained });
    for (const p of problems.filter((p) => p.severity === 'warning')) io.err(`export: note: ${problemLine(p)}`);
    const errors = readinessErrors(problems);
    if (errors.length) {
      io.err(`export: ${doc.name} cannot be exported as ${EXPORT_FORMAT_NAMES[format]}${quantize !== 'none' ? ` ${quantize}` : ''} — nothing was written:`);
      for (const p of errors) io.err(`  ${problemLine(p)}`);
      return 1;
    }
    const { readWeightsFolder, renderExport, writeFiles } = await import('../../node/export/writeExport');
    let weights;
    if (needsWeights) {
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
    // Quantised: the images to calibrate and measure on (the project's dataset unless --data names one).
    let measureData: { dataset: import('../../src/data/dataset').InMemoryDataset; source: string } | undefined;
    if (quantize !== 'none') {
      const { loadCliTrainingData, dataMismatch } = await import('./trainRun');
      try {
        const d = await loadCliTrainingData({ data, doc, projectPath: loaded.source.endsWith('.cnnproj') ? loaded.source : undefined });
        const { analyzeGraph } = await import('../../src/analysis/analyzeGraph');
        const mismatch = dataMismatch('export', doc, analyzeGraph(doc.graph), d);
        if (mismatch) {
          io.err(mismatch);
          return 1;
        }
        measureData = { dataset: d.dataset, source: d.source };
      } catch (e) {
        io.err(`export: --quantize ${quantize} needs images to ${quantizationNeedsCalibration(quantize) ? 'calibrate and ' : ''}measure on: ${(e as Error).message}`);
        return 1;
      }
    }
    const { tf } = await (await import('../../node/train/trainBackend')).loadTfForNode('wasm', { verbose, log: io.err });
    // The app's export service writes through the same three steps (node/export/writeExport.ts).
    try {
      let files;
      let measurement: ExportMeasurement | undefined;
      if (measureData) {
        const { exportAndMeasure } = await import('../../node/export/measureExport');
        const r = await exportAndMeasure(tf, doc, format, { weights, untrained, quantize }, { dataset: measureData.dataset, calibrationCount: calibration ?? DEFAULT_CALIBRATION_IMAGES });
        files = r.files;
        measurement = { ...r.measurement, source: measureData.source };
      } else files = await renderExport(tf, doc, format, { weights, untrained });
      const written = await writeFiles(out, files);
      if (measurement) for (const line of measurementLines(measurement, quantize)) io.out(line);
      for (const file of written.files) io.out(`wrote ${file} (${(await fs.stat(file)).size.toLocaleString('en-US')} bytes)`);
    } catch (e) {
      io.err(`export: ${(e as Error).message}`);
      return 1;
    }
    if (untrained && formatNeedsWeights(format)) io.out('note: the weights are the initial, untrained ones (--untrained).');
    return 0;
  },
});
