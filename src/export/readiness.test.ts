// Export readiness against the exporters themselves: for each network × format × quantisation, exportModel
// succeeds exactly when the check lists no error, and when it fails its message is the one the check names.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { exportModel } from './exportModel';
import { exportReadiness, readinessErrors } from './readiness';
import { EXPORT_FORMATS, FORMAT_QUANTIZATIONS, type ExportFormat, type ExportQuantization } from './formats';
import { templateDoc } from './testing/trainedModel';
import { mixedNet, net, vectorNet } from './testing/nets';
import { getPrimitiveLayer } from '../layers/registry';
import type { Graph } from '../graph/schema';
import type { ProjectDoc } from '../project/schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const withGraph = (doc: ProjectDoc, graph: Graph): ProjectDoc => ({ ...doc, graph });

/** Every format with every quantisation, allowed or not. */
const targets: [ExportFormat, ExportQuantization][] = EXPORT_FORMATS.flatMap((f) => (['none', 'float16', 'uint8', 'int8'] as const).map((q) => [f, q] as [ExportFormat, ExportQuantization]));

async function exportOutcome(doc: ProjectDoc, format: ExportFormat, quantize: ExportQuantization): Promise<string | undefined> {
  const [h, w, c] = [28, 28, 1];
  const input = doc.graph.nodes.find((n) => n.type === 'Input')?.params as { height: number; width: number; channels: number } | undefined;
  const size = (input?.height ?? h) * (input?.width ?? w) * (input?.channels ?? c);
  try {
    await exportModel(tf, doc, format, { untrained: true, quantize, calibration: { images: new Float32Array(2 * size).fill(0.5), n: 2 } });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('exportReadiness lists exactly what exportModel refuses', () => {
  const broken = (): Graph => net([['input', 'Input', { height: 8, width: 8, channels: 1 }, []], ['d', 'Dense', { units: 4 }, ['input']], ['output', 'Output', { classes: 3 }, ['d']]]);
  const unconnected = (): Graph => net([['input', 'Input', { height: 8, width: 8, channels: 1 }, []], ['output', 'Output', { classes: 3 }, []]]);
  const nets: [string, () => Promise<Graph>][] = [
    ['lenet5', async () => (await templateDoc('lenet5')).graph],
    ['resnet20', async () => (await templateDoc('resnet20')).graph],
    ['mixed (LRN, depthwise, concat)', async () => mixedNet()],
    ['vectors (BN, Add on vectors)', async () => vectorNet()],
    ['Dense on a map (invalid)', async () => broken()],
    ['Output not connected', async () => unconnected()],
  ];
  for (const [label, graph] of nets)
    it(label, { timeout: 60_000 }, async () => {
      const doc = withGraph(await templateDoc('lenet5'), await graph());
      for (const [format, quantize] of targets) {
        const errors = readinessErrors(exportReadiness(doc, format, quantize, { untrained: true, calibrationImages: 2 }));
        const failure = await exportOutcome(doc, format, quantize);
        expect({ format, quantize, ready: errors.length === 0 }).toEqual({ format, quantize, ready: failure === undefined });
        if (failure) expect(errors.map((e) => e.reason).join(' | ')).toContain(failure.replace(/^The network has problems — /, '').slice(0, 40));
      }
    });

  it('names a layer the ONNX writer has no form for, on that node, and exportModel refuses it the same way', async () => {
    const lrn = getPrimitiveLayer('LocalResponseNormalization')!;
    const onnx = lrn.onnx;
    delete (lrn as { onnx?: unknown }).onnx;
    try {
      const doc = withGraph(await templateDoc('lenet5'), mixedNet());
      const problems = exportReadiness(doc, 'onnx', 'none', { untrained: true });
      expect(problems.map((p) => [p.code, p.nodeId, p.severity])).toEqual([['no-onnx-form', 'lrn', 'error']]);
      await expect(exportModel(tf, doc, 'onnx', { untrained: true })).rejects.toThrow(problems[0].reason);
      expect(readinessErrors(exportReadiness(doc, 'tfjs', 'none', { untrained: true }))).toEqual([]); // other targets still fine
    } finally {
      (lrn as { onnx?: unknown }).onnx = onnx;
    }
  });

  // [what, format, quantize, context, codes expected]
  const cases: [string, ExportFormat, ExportQuantization, Parameters<typeof exportReadiness>[3], string[]][] = [
    ['no weights', 'onnx', 'none', { hasWeights: false }, ['no-weights']],
    ['untrained on purpose', 'onnx', 'none', { hasWeights: false, untrained: true }, []],
    ['int8 without calibration images', 'onnx', 'int8', { hasWeights: true, calibrationImages: 0 }, ['no-calibration-data']],
    ['PyTorch int8', 'pytorch', 'int8', { hasWeights: true }, ['quantization-unsupported']],
    ['tfjs int8', 'tfjs', 'int8', { hasWeights: true }, ['quantization-unsupported']],
    ['ONNX uint8', 'onnx', 'uint8', { hasWeights: true }, ['quantization-unsupported']],
    ['a picture needs nothing', 'svg', 'none', { hasWeights: false }, []],
  ];
  for (const [what, format, quantize, context, codes] of cases)
    it(what, async () => {
      const doc = await templateDoc('lenet5');
      expect(exportReadiness(doc, format, quantize, context).map((p) => p.code)).toEqual(codes);
    });

  it('says what a format does take, and warns where a target carries a layer with a caveat', async () => {
    const doc = withGraph(await templateDoc('lenet5'), mixedNet());
    const [q] = exportReadiness(doc, 'pytorch', 'float16', { hasWeights: true });
    expect(q.fix).toBe(`Choose one of: ${['none', ...FORMAT_QUANTIZATIONS.pytorch].join(', ')}.`);
    const int8 = exportReadiness(doc, 'onnx', 'int8', { hasWeights: true, calibrationImages: 10 });
    expect(int8.map((p) => [p.code, p.severity, p.nodeName])).toEqual([['int8-float-layer', 'warning', 'lrn']]);
    const tfjs = exportReadiness(doc, 'tfjs', 'uint8', { hasWeights: true });
    expect(tfjs.map((p) => [p.code, p.args.className])).toEqual([['custom-tfjs-layer', 'LocalResponseNormalization']]);
  });

  it('warns for a pooling layer only where it builds its custom class (a padding it does not count)', async () => {
    const doc = await templateDoc('lenet5');
    const pools = doc.graph.nodes.filter((n) => n.type === 'MaxPooling2D');
    expect(exportReadiness(doc, 'tfjs', 'none', { hasWeights: true }).filter((p) => p.code === 'custom-tfjs-layer')).toEqual([]);
    pools[0].params = { ...pools[0].params, padding: 1, includePad: false };
    const warned = exportReadiness(doc, 'tfjs', 'none', { hasWeights: true }).filter((p) => p.code === 'custom-tfjs-layer');
    expect(warned.map((p) => [p.nodeId, p.args.className])).toEqual([[pools[0].id, 'MaxPooling2DIgnorePad']]);
  });
});
