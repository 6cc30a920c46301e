// The quantised forms of the tfjs and ONNX exports, as exportModel writes them: the float export built as
// usual, then rewritten (tfjs manifest + shard; the ONNX ModelProto before encoding).
import type * as tfjs from '@tensorflow/tfjs';
import { ExportError, type FlatGraph } from '../flatGraph';
import type { ExportQuantization } from '../formats';
import { buildOnnxModel, ONNX_INPUT, type OnnxExportOptions } from '../onnx/exportOnnx';
import { onnx } from '../onnx/onnxProto';
import { TFJS_MODEL_JSON, TFJS_SHARD, type TfjsFiles } from '../tfjs/exportTfjs';
import type { WeightSet } from '../weights/weightSet';
import { calibrateLayerRanges, INPUT_RANGE_KEY, type ImageBatch } from './calibration';
import { quantizeOnnxFloat16 } from './onnxFloat16';
import { quantizeOnnxQdq, type Range } from './onnxQdq';
import { quantizeTfjsFiles } from './tfjs';

export function quantizeTfjs(files: TfjsFiles, q: ExportQuantization): TfjsFiles {
  if (q === 'none') return files;
  if (q !== 'uint8' && q !== 'float16') throw new ExportError(`TensorFlow.js weights can be stored as float16 or uint8, not ${q}.`);
  const r = quantizeTfjsFiles(files[TFJS_MODEL_JSON], files[TFJS_SHARD], q);
  return { [TFJS_MODEL_JSON]: r.modelJson, [TFJS_SHARD]: r.shard };
}

export async function quantizedOnnx(
  tf: typeof tfjs,
  model: tfjs.LayersModel,
  flat: FlatGraph,
  weights: WeightSet,
  onnxOpts: OnnxExportOptions,
  q: ExportQuantization,
  calibration?: ImageBatch,
): Promise<Uint8Array> {
  const built = buildOnnxModel(flat, weights, onnxOpts);
  if (q === 'float16') return onnx.ModelProto.encode(quantizeOnnxFloat16(built.model)).finish();
  if (q === 'int8') {
    if (!calibration || calibration.n < 1) throw new ExportError('int8 ONNX export needs calibration images (a few hundred training images) to measure the activation ranges.');
    const layerRanges = await calibrateLayerRanges(tf, model, calibration);
    const ranges = new Map<string, Range>();
    for (const [layer, tensor] of built.layerTensors) {
      const r = tensor === ONNX_INPUT ? layerRanges.get(INPUT_RANGE_KEY) : layerRanges.get(layer);
      if (r) ranges.set(tensor, r);
    }
    return onnx.ModelProto.encode(quantizeOnnxQdq(built.model, ranges, calibration.n).model).finish();
  }
  if (q !== 'none') throw new ExportError(`ONNX models can be stored as float16 or int8, not ${q}.`);
  return onnx.ModelProto.encode(built.model).finish();
}
