// `cnn-studio robustness <project|template> --weights DIR --data FOLDER [--transforms shiftX,scale,…] [--json]`:
// how a trained network's accuracy, and the true class's mean probability, fall as every image of a folder
// (classes by folder name, read by the dataset import the app and `train` use) is shifted, scaled, rotated,
// squeezed, thickened or thinned, made noisy or occluded (src/experiments/). --json prints one object:
// {"accuracy": <untransformed>, "meanTrueProb", "curves": [{"transform", "values", "accuracy", "meanTrueProb"}, …]}
// (shiftX/shiftY values in pixels, positive = right/down). Exit 0 done, 1 the network or its weights cannot be
// used, 2 misuse (no such folder, its classes are not the model's, a bad transform or magnitude list).
import path from 'node:path';
import { defineCommand } from './command';
import { choice, CliUsageError, custom, flag, integer, orList, text } from './options';
import { loadProjectArg, PROJECT_ARGUMENT } from './loadProject';
import { imageClassifier } from './imageClassifier';
import { closest } from './suggest';
import { TRANSFORM_IDS, TRANSFORMS, transformById, type ImageTransform } from '../../src/experiments/transforms';
import type { RobustnessResult } from '../../src/experiments/robustness';

/** `shiftX,scale` → the transforms, in the order given. */
export function parseTransformList(raw: string, flagName: string): ImageTransform[] {
  const ids = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (!ids.length) throw new CliUsageError(`${flagName} needs one or more of ${TRANSFORM_IDS.join(', ')}, separated by commas.`);
  return ids.map((id) => {
    const t = transformById(id);
    if (t) return t;
    const guess = closest(id, TRANSFORM_IDS);
    throw new CliUsageError(`${flagName}: "${id}" is not a transform${guess ? ` (did you mean ${guess}?)` : ''} — give ${orList(TRANSFORM_IDS)}.`);
  });
}

/** `shiftX=-2,0,2;noise=0,0.1` → magnitudes per transform id. */
export function parseMagnitudes(raw: string, flagName: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const part of raw.split(';').map((s) => s.trim()).filter(Boolean)) {
    const [id, list, extra] = part.split('=');
    const t = transformById(id?.trim() ?? '');
    if (!t || list === undefined || extra !== undefined) throw new CliUsageError(`${flagName} must look like "shiftX=-2,0,2;noise=0,0.1" (transforms: ${TRANSFORM_IDS.join(', ')}), not "${part}".`);
    const values = list.split(',').map((v) => Number(v.trim()));
    if (!values.length || values.some((v, i) => !Number.isFinite(v) || list.split(',')[i].trim() === '')) throw new CliUsageError(`${flagName}: ${t.id}'s magnitudes must be numbers separated by commas, not "${list}".`);
    out[t.id] = values;
  }
  return out;
}

const TEXT = {
  en: { base: (n: number, a: string, p: string) => `Accuracy on the ${n} untransformed images: ${a} (mean true-class probability ${p})`, value: 'value', accuracy: 'accuracy', prob: 'p(true class)' },
  ko: { base: (n: number, a: string, p: string) => `변환하지 않은 이미지 ${n}장의 정확도: ${a} (정답 클래스 평균 확률 ${p})`, value: '크기', accuracy: '정확도', prob: 'p(정답 클래스)' },
} as const;

/** Pads to `width` terminal columns, counting Hangul (and other wide East Asian letters) as two. */
function padWide(text: string, width: number): string {
  const cols = [...text].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
  return ' '.repeat(Math.max(0, width - cols)) + text;
}

/** One small table per transform: magnitude, accuracy, the true class's mean probability. */
export function formatRobustness(r: RobustnessResult, n: number, lang: 'en' | 'ko'): string {
  const t = TEXT[lang];
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const lines = [t.base(n, pct(r.accuracy), r.meanTrueProb.toFixed(3))];
  for (const c of r.curves) {
    const tr = transformById(c.transform)!;
    lines.push('', `${tr.label[lang]} (${tr.unit[lang]})`, `  ${padWide(t.value, 8)}  ${padWide(t.accuracy, 8)}  ${padWide(t.prob, 14)}`);
    for (const [i, v] of c.values.entries()) lines.push(`  ${String(v).padStart(8)}  ${pct(c.accuracy[i]).padStart(8)}  ${c.meanTrueProb[i].toFixed(3).padStart(14)}`);
  }
  return lines.join('\n');
}

export const robustnessCommand = defineCommand({
  name: 'robustness',
  summary: "Measure how a trained network's accuracy falls as a folder's images are shifted, scaled, rotated, squeezed, thickened, made noisy or occluded",
  arguments: [PROJECT_ARGUMENT],
  options: {
    weights: text({ placeholder: 'DIR', description: 'a folder with model.json + weights.bin, as `cnn-studio train --out` writes', required: true }),
    data: text({ placeholder: 'FOLDER', description: 'the images to evaluate: a folder with one subfolder per class (named as the model\'s classes), an IDX or CIFAR folder, or "mnist"', required: true }),
    transforms: custom({ placeholder: 'LIST', description: `the transforms, separated by commas: ${TRANSFORM_IDS.join(', ')}`, defaultText: 'all of them', parse: parseTransformList }),
    magnitudes: custom({ placeholder: 'SPEC', description: 'other magnitudes for some transforms: "shiftX=-2,0,2;noise=0,0.1" (shifts and occlusion in pixels, rotation in degrees, scale/squeeze factors, stroke ±dilations, noise σ on 0..1 pixels)', defaultText: '9 per transform, the identity among them', parse: parseMagnitudes }),
    limit: integer({ min: 1, description: 'evaluate N images drawn at random (by --seed) instead of all' }),
    seed: integer({ min: 0, default: 0, description: 'seeds the noise and the --limit draw: the same seed gives the same curves' }),
    json: flag('print one JSON object {accuracy, meanTrueProb, curves: [{transform, values, accuracy, meanTrueProb}]} instead of tables'),
    lang: choice({ en: 'English', ko: 'Korean' }, { description: 'the language of the tables', default: 'en' }),
  },
  examples: ['cnn-studio robustness lenet5 --weights runs/lenet --data digits/', 'cnn-studio robustness my.cnnproj --weights runs/w --data test/ --transforms shiftX,rotation --json'],
  async run({ args: [project], options: o, verbose }, io) {
    const loaded = await loadProjectArg(project);
    if (!loaded.ok) return (io.err(`robustness: ${loaded.message}`), 2);
    const { doc } = loaded;
    const classifier = await imageClassifier(doc, 'robustness');
    if (!classifier.ok) return (io.err(classifier.message), 1);
    const { analysis, classNames: modelClasses } = classifier;
    const [H, W, C] = classifier.shape;

    const { dataArgFrom, loadTrainingData } = await import('./trainData');
    let data;
    try {
      data = await loadTrainingData(dataArgFrom(o.data, doc.dataset, undefined), { height: H, width: W, channels: C });
    } catch (e) {
      return (io.err(`robustness: ${(e as Error).message}`), 2);
    }
    const ds = data.dataset;
    if (ds.height !== H || ds.width !== W || ds.channels !== C)
      return (io.err(`robustness: --data ${o.data} holds ${ds.height}×${ds.width}×${ds.channels} images; ${doc.name}'s Input is ${H}×${W}×${C}.`), 2);
    // The folder's classes by name → the model's output index; a class the model does not know is refused.
    const toModel = ds.classNames.map((name) => modelClasses.indexOf(name));
    if (toModel.some((k) => k < 0))
      return (io.err(`robustness: the classes in ${o.data} (${ds.classNames.join(', ')}) are not the model's classes (${modelClasses.join(', ')}) — give a folder with one subfolder per model class.`), 2);

    const saved = await (async () => {
      const { readWeightsFolder } = await import('../../node/export/writeExport');
      return readWeightsFolder(doc, path.resolve(o.weights));
    })().catch((e: unknown) => e as Error);
    if (saved instanceof Error) return (io.err(`robustness: cannot use the weights in ${path.resolve(o.weights)}: ${saved.message}`), 1);

    // The images to evaluate: all, or --limit drawn by --seed (kept in the folder's order).
    const { mulberry32, shuffleInPlace } = await import('../../src/train/random');
    let indices = Array.from({ length: ds.n }, (_, i) => i);
    if (o.limit !== undefined && o.limit < ds.n) {
      shuffleInPlace(indices, mulberry32(o.seed));
      indices = indices.slice(0, o.limit).sort((a, b) => a - b);
    }
    const size = H * W * C;
    const pixels = new Float32Array(indices.length * size);
    const labels = new Int32Array(indices.length);
    for (const [j, i] of indices.entries()) {
      for (let k = 0; k < size; k++) pixels[j * size + k] = ds.images[i * size + k] / 255;
      labels[j] = toModel[ds.labels[i]];
    }

    const { tf } = await (await import('../../node/train/trainBackend')).loadTfForNode('wasm', { verbose, log: io.err });
    const { buildTfModelWithAnalysis } = await import('../../src/train/buildTfModel');
    const { applyWeights } = await import('../../src/train/applyWeights');
    const { robustnessCurves, tfPredictor } = await import('../../src/experiments/robustness');
    let model;
    try {
      model = buildTfModelWithAnalysis(doc.graph, tf, analysis).model;
      applyWeights(tf, model, saved);
    } catch (e) {
      return (io.err(`robustness: ${(e as Error).message}`), 1);
    }
    try {
      // Up to 1000 images a batch, at most 16 M input values (≈110 ImageNet-sized images), so large inputs fit in memory.
      const batchSize = Math.max(1, Math.min(1000, Math.floor(2 ** 24 / size)));
      const set = { data: pixels, n: indices.length, height: H, width: W, channels: C, labels, normalization: saved.normalization };
      const result = await robustnessCurves(tfPredictor(tf, model), set, modelClasses.length, o.transforms ?? TRANSFORMS, { magnitudes: o.magnitudes, seed: o.seed, batchSize });
      if (o.json) io.out(JSON.stringify(result));
      else io.out(formatRobustness(result, set.n, o.lang));
    } finally {
      model.dispose();
    }
    return 0;
  },
});
