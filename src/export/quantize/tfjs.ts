// tfjs weight quantisation as the tfjs converter writes it (tfjs-converter/python/tensorflowjs/quantization.py):
// each float32 tensor of the manifest is stored as uint8 or float16 and its entry gains
// `quantization: {dtype, min, scale}` / `{dtype: 'float16'}`; tf.loadLayersModel (tfjs-core io decodeWeights)
// dequantises on load, value = q·scale + min. The topology is untouched: the model computes in float32.
import { toFloat16Array } from './float16';

export type TfjsQuantization = 'uint8' | 'float16';

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: 'uint8'; min: number; scale: number; original_dtype: 'float32' } | { dtype: 'float16'; original_dtype: 'float32' };
}

/**
 * Affine uint8 per tensor: scale = (max − min)/255 over the tensor's range, with the range "nudged" so that 0 is
 * exactly representable when the range covers it (TF-Lite's NudgeQuantizationRange, as the converter does).
 */
export function quantizeUint8Affine(data: Float32Array): { q: Uint8Array; min: number; scale: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const q = new Uint8Array(data.length);
  if (!(hi > lo)) return { q, min: Number.isFinite(lo) ? lo : 0, scale: 1 };
  const scale = (hi - lo) / 255;
  let min = lo;
  let max = hi;
  if (lo <= 0 && hi >= 0) {
    const zero = Math.round(-lo / scale);
    min = -zero * scale;
    max = 255 * scale + min;
  }
  for (let i = 0; i < data.length; i++) q[i] = Math.round((Math.min(max, Math.max(min, data[i])) - min) / scale);
  return { q, min, scale };
}

/** model.json + its one shard, every float32 weight stored as `dtype`. */
export function quantizeTfjsFiles(modelJson: string, shard: Uint8Array, dtype: TfjsQuantization): { modelJson: string; shard: Uint8Array } {
  const json = JSON.parse(modelJson);
  const groups: { paths: string[]; weights: ManifestEntry[] }[] = json.weightsManifest;
  if (groups.length !== 1) throw new Error('Expected one weights group');
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const spec of groups[0].weights) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = count * 4; // float32 and int32 alike
    const raw = shard.slice(offset, offset + bytes);
    offset += bytes;
    if (spec.dtype !== 'float32' || spec.quantization) {
      parts.push(raw);
      continue;
    }
    const data = new Float32Array(raw.buffer, 0, count);
    if (dtype === 'float16') {
      const h = toFloat16Array(data);
      parts.push(new Uint8Array(h.buffer));
      spec.quantization = { dtype: 'float16', original_dtype: 'float32' };
    } else {
      const { q, min, scale } = quantizeUint8Affine(data);
      parts.push(q);
      spec.quantization = { dtype: 'uint8', min, scale, original_dtype: 'float32' };
    }
  }
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  json.userDefinedMetadata = { ...json.userDefinedMetadata, cnnStudio: { ...json.userDefinedMetadata?.cnnStudio, weightQuantization: dtype } };
  return { modelJson: JSON.stringify(json), shard: out };
}
