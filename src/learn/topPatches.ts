// Top patches per channel (Zeiler & Fergus 2014, "Visualizing and Understanding Convolutional Networks", §4):
// for each channel of a node, the k images whose strongest activation in that channel's map is the largest,
// each cropped to the receptive field of the map pixel where that maximum sits. One position per image (its
// max over the map), as Zeiler & Fergus take the strongest activation per image. The images run through a
// model cut at the node, in batches; only the per-(image, channel) max and its position leave tfjs.
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph } from '../graph/schema';
import { normalizeInPlace } from '../train/batches';
import { analysisOf, inputShapeOf } from './activations';
import { nodeTensors, type Tf } from './nodeTensors';
import { expandedGraph, isInnerPath, nodeAt } from './blockInsides';
import { receptiveFieldBox, receptiveFieldOfNode, type PixelBox } from './receptiveField';

/** Normalised input images (Float32 HWC, back to back) and the sample index of each. */
export interface InputBatch {
  indices: readonly number[];
  data: Float32Array;
}
/** Yields the images to search in batches of at most `batch` (in memory or streamed, as the caller has them). */
export type InputSource = (batch: number) => AsyncIterable<InputBatch>;

/**
 * The input pixels a map pixel sees (rows / columns inclusive, clipped to the image) and how many rows and
 * columns of its field fall outside the image on each side (padding): a crop padded by these has the
 * field's full size, so border patches are padded, not stretched.
 */
export interface PatchBox extends PixelBox {
  pad: { top: number; left: number; bottom: number; right: number };
}

export interface TopPatch {
  /** The sample index the source gave. */
  sample: number;
  /** The channel's maximum over this image's map, at (y, x). */
  value: number;
  y: number;
  x: number;
  box: PatchBox;
}

export interface TopPatches {
  nodeId: string;
  /** How many images were searched. */
  images: number;
  /** The node's output [H, W, C]. */
  mapShape: [number, number, number];
  /** One entry per channel: its best k, strongest first (ties: the earlier image first). */
  channels: { patches: TopPatch[] }[];
}

const cuts = new WeakMap<tfjs.LayersModel, WeakMap<Graph, Map<string, tfjs.LayersModel | null>>>();

/** The model cut at the node (weights shared; cached), or null when the node is the model's input itself. */
function cutAt(tf: Tf, graph: Graph, model: tfjs.LayersModel, nodeId: string): tfjs.LayersModel | null {
  let byGraph = cuts.get(model);
  if (!byGraph) cuts.set(model, (byGraph = new WeakMap()));
  let byNode = byGraph.get(graph);
  if (!byNode) byGraph.set(graph, (byNode = new Map()));
  const hit = byNode.get(nodeId);
  if (hit !== undefined) return hit;
  const out = nodeTensors(graph, model, analysisOf(graph).order).outputs.get(nodeId);
  if (!out) throw new Error(`The model has no output for node “${nodeId}”.`);
  const cut = out.id === model.inputs[0].id ? null : tf.model({ inputs: model.inputs, outputs: out, name: 'cnn_studio_top_patches' });
  byNode.set(nodeId, cut);
  return cut;
}

/** The clipped receptive field of map pixel (y, x) and the margins of its full field outside the image. */
export function patchBox(topGraph: Graph, nodeId: string, y: number, x: number): PatchBox {
  // A layer inside a block: its field runs through the expanded graph (src/learn/blockInsides.ts).
  const graph = isInnerPath(nodeId) ? expandedGraph(topGraph).graph : topGraph;
  const analysis = analysisOf(graph);
  const box = receptiveFieldBox(graph, analysis, nodeId, y, x);
  const field = receptiveFieldOfNode(graph, analysis, nodeId);
  if (!field || analysis.nodes[nodeId]?.outputShape?.length !== 3) return { ...box, pad: { top: 0, left: 0, bottom: 0, right: 0 } };
  // The unclipped field: rows y·j + start … y·j + start + r − 1 (src/learn/receptiveField.ts).
  const top = y * field.jump + field.startY;
  const left = x * field.jump + field.startX;
  const m = (v: number) => Math.max(0, v);
  return { ...box, pad: { top: m(box.top - top), left: m(box.left - left), bottom: m(top + field.size - 1 - box.bottom), right: m(left + field.size - 1 - box.right) } };
}

/** Keeps `list` (at most k, strongest first) with `p` inserted after every patch at least as strong. */
function insertTop<P extends { value: number }>(list: P[], p: P, k: number): void {
  if (list.length >= k && p.value <= list[k - 1].value) return;
  let i = list.length;
  while (i > 0 && list[i - 1].value < p.value) i--;
  list.splice(i, 0, p);
  if (list.length > k) list.pop();
}

/**
 * For every channel of `nodeId`'s output, the k images of `source` with the largest per-image maximum, with
 * the map position of that maximum and its receptive field on the input.
 */
export async function topPatches(tf: Tf, graph: Graph, model: tfjs.LayersModel, source: InputSource, nodeId: string, opts: { k?: number; batch?: number } = {}): Promise<TopPatches> {
  const k = Math.max(1, Math.floor(opts.k ?? 9));
  const batch = Math.max(1, Math.floor(opts.batch ?? 64));
  const shape = (isInnerPath(nodeId) ? nodeAt(graph, nodeId)?.analysis : analysisOf(graph).nodes[nodeId])?.outputShape;
  if (shape?.length !== 3) throw new Error(`Top patches need a node with feature maps (H×W×C); “${nodeId}” outputs ${shape ? shape.join('×') : 'nothing'}.`);
  const [H, W, C] = shape as [number, number, number];
  const inShape = inputShapeOf(model);
  const size = inShape.reduce((a, b) => a * b, 1);
  const cut = cutAt(tf, graph, model, nodeId);
  const best: Omit<TopPatch, 'box'>[][] = Array.from({ length: C }, () => []);
  let images = 0;
  for await (const b of source(batch)) {
    const n = b.indices.length;
    if (!n) continue;
    if (b.data.length !== n * size) throw new Error(`A batch of ${n} images has ${b.data.length} values; the model's input ${inShape.join('×')} needs ${n * size}.`);
    const [maxT, argT] = tf.tidy(() => {
      const x = tf.tensor4d(b.data, [n, ...inShape] as [number, number, number, number]);
      const y = (cut ? cut.predict(x) : x) as tfjs.Tensor4D;
      const flat = y.reshape([n, H * W, C]);
      return [flat.max(1), flat.argMax(1)];
    });
    const [maxes, args] = await Promise.all([maxT.data(), argT.data()]);
    maxT.dispose();
    argT.dispose();
    for (let i = 0; i < n; i++)
      for (let c = 0; c < C; c++) {
        const at = args[i * C + c];
        insertTop(best[c], { sample: b.indices[i], value: maxes[i * C + c], y: Math.floor(at / W), x: at % W }, k);
      }
    images += n;
  }
  // Boxes only for the winners (C·k of them, not every image).
  const channels = best.map((list) => ({ patches: list.map((p) => ({ ...p, box: patchBox(graph, nodeId, p.y, p.x) })) }));
  return { nodeId, images, mapShape: [H, W, C], channels };
}

/**
 * A source over dataset samples: their uint8 HWC pixels read per batch (`read`), scaled to 0..1 and
 * normalised as the trainer feeds them (src/train/batches.ts).
 */
export function sampleSource(indices: readonly number[], read: (indices: readonly number[]) => Promise<Uint8Array>, channels: number, normalization?: { mean: number[]; std: number[] }): InputSource {
  return async function* (batch: number) {
    for (let s = 0; s < indices.length; s += batch) {
      const part = indices.slice(s, s + batch);
      const px = await read(part);
      const data = new Float32Array(px.length);
      for (let i = 0; i < px.length; i++) data[i] = px[i] / 255;
      yield { indices: part, data: normalizeInPlace(data, channels, normalization) };
    }
  };
}

export interface Crop {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
}

/**
 * The box's pixels of one uint8 HWC image, with the box's padding margins filled with `fill` (0: black), so
 * every crop of a node has its field's full size.
 */
export function cropPatch(pixels: Uint8Array, h: number, w: number, c: number, box: PatchBox, fill = 0): Crop {
  if (pixels.length !== h * w * c) throw new Error(`The image has ${pixels.length} values; ${h}×${w}×${c} needs ${h * w * c}.`);
  const rows = box.bottom - box.top + 1;
  const cols = box.right - box.left + 1;
  const height = rows + box.pad.top + box.pad.bottom;
  const width = cols + box.pad.left + box.pad.right;
  const out = new Uint8Array(height * width * c).fill(fill);
  for (let r = 0; r < rows; r++) {
    const from = ((box.top + r) * w + box.left) * c;
    out.set(pixels.subarray(from, from + cols * c), ((r + box.pad.top) * width + box.pad.left) * c);
  }
  return { pixels: out, height, width, channels: c };
}

export type CroppedPatch = TopPatch & Crop;
export interface CroppedTopPatches extends Omit<TopPatches, 'channels'> {
  channels: { patches: CroppedPatch[] }[];
}

/** Every patch with its crop, reading each winning image's pixels once (`read`: uint8 HWC, back to back). */
export async function cropTopPatches(result: TopPatches, read: (indices: readonly number[]) => Promise<Uint8Array>, image: readonly [number, number, number], fill = 0): Promise<CroppedTopPatches> {
  const [h, w, c] = image;
  const size = h * w * c;
  const samples = [...new Set(result.channels.flatMap((ch) => ch.patches.map((p) => p.sample)))];
  const px = await read(samples);
  const at = new Map(samples.map((s, i) => [s, i] as const));
  const pixelsOf = (s: number) => px.subarray(at.get(s)! * size, (at.get(s)! + 1) * size);
  return { ...result, channels: result.channels.map((ch) => ({ patches: ch.patches.map((p) => ({ ...p, ...cropPatch(pixelsOf(p.sample), h, w, c, p.box, fill) })) })) };
}
