// Test support: a small real network exported by CNN Studio's own exporters (ONNX and tfjs), and the ways a
// file can lie about it — the cases measured in issue #13, each with the refusal it must now give, plus
// files that are valid but slow or large to read (for the worker's time and memory limits).
import type * as tfjs from '@tensorflow/tfjs';
import { onnx } from '../../export/onnx/onnxProto';
import { exportOnnx } from '../../export/onnx/exportOnnx';
import { exportTfjs, TFJS_MODEL_JSON, TFJS_SHARD } from '../../export/tfjs/exportTfjs';
import { flattenGraph } from '../../export/flatGraph';
import { weightSetFromModel } from '../../export/weights/weightSet';
import { randomizedModel } from '../../export/testing/trainedModel';
import { smallProjectDoc } from '../../project/testDoc';

/**
 * Input 28×28×1 → c1 Conv2D 6@5×5 → f Flatten → d Dense 32 → out Output 10, as files. ONNX initializers:
 * c1_W [6, 1, 5, 5] (600 bytes), c1_B, d_W [3456, 32], d_B, out_W, out_B. tfjs weights: c1/kernel, c1/bias, …
 */
export interface ExportedNet {
  onnx: Uint8Array;
  modelJson: string;
  shard: Uint8Array;
}

export async function exportedSmallNet(tf: typeof tfjs): Promise<ExportedNet> {
  const graph = smallProjectDoc('Small net').graph;
  const model = randomizedModel(graph);
  try {
    const files = await exportTfjs(tf, model, { modelName: 'Small net' });
    return { onnx: exportOnnx(flattenGraph(graph), weightSetFromModel(model), { modelName: 'Small net' }), modelJson: files[TFJS_MODEL_JSON], shard: files[TFJS_SHARD] };
  } finally {
    model.dispose();
  }
}

/** The ONNX file decoded, changed by `edit` (the protobuf objects, as onnx-proto decodes them) and encoded again. */
export function editOnnx(bytes: Uint8Array, edit: (model: any) => void): Uint8Array {
  const m: any = onnx.ModelProto.decode(bytes);
  edit(m);
  return onnx.ModelProto.encode(m).finish();
}

/** model.json parsed, changed by `edit` and written again. */
export function editModelJson(text: string, edit: (json: any) => void): string {
  const j = JSON.parse(text);
  edit(j);
  return JSON.stringify(j);
}

export const initializer = (m: any, name: string): any => m.graph.initializer.find((t: any) => t.name === name);
export const onnxNode = (m: any, name: string): any => m.graph.node.find((n: any) => n.name === name);
export const onnxAttribute = (node: any, name: string): any => node.attribute.find((a: any) => a.name === name);
export const kerasLayer = (j: any, name: string): any => j.modelTopology.config.layers.find((l: any) => l.name === name || l.config?.name === name);
export const manifestEntry = (j: any, name: string): any => j.weightsManifest[0].weights.find((w: any) => w.name === name);

export type ModelFiles = { kind: 'onnx'; onnx: Uint8Array } | { kind: 'tfjs'; modelJson: string; shard: Uint8Array };

export interface HostileCase {
  name: string;
  make(net: ExportedNet): ModelFiles;
  /** What the refusal must say. */
  refusal: RegExp;
}

const onnxCase = (name: string, edit: (m: any) => void, refusal: RegExp): HostileCase => ({ name, make: (net) => ({ kind: 'onnx', onnx: editOnnx(net.onnx, edit) }), refusal });
const tfjsCase = (name: string, edit: (j: any) => void, refusal: RegExp, shard?: (s: Uint8Array) => Uint8Array): HostileCase => ({
  name,
  make: (net) => ({ kind: 'tfjs', modelJson: editModelJson(net.modelJson, edit), shard: shard ? shard(net.shard) : net.shard }),
  refusal,
});

/**
 * Issue #13's measured cases (before: 9 min at 90% CPU ignoring SIGTERM; 36 s frozen at 12.9 GB; "ok" with
 * weights 600 bytes short; a raw ZodError dump) and their tfjs counterparts, with the plain-words refusal each gets now.
 */
export const HOSTILE_CASES: HostileCase[] = [
  onnxCase(
    'ONNX: an initializer declaring dims [1e9, 1e9, 5, 5]',
    (m) => (initializer(m, 'c1_W').dims = [1e9, 1e9, 5, 5]),
    /Weight tensor "c1_W" declares the shape \[1000000000, 1000000000, 5, 5\], 2\.50·10\^19 values — more than CNN Studio reads in one tensor/,
  ),
  onnxCase(
    'ONNX: an input declared 60000×60000',
    (m) => {
      const dim = m.graph.input[0].type.tensorType.shape.dim;
      dim[2].dimValue = 60000;
      dim[3].dimValue = 60000;
    },
    /The model input is 60000×60000 pixels, larger than CNN Studio's largest input \(8192×8192\)/,
  ),
  onnxCase(
    'ONNX: an input of 8192×8192×3 (each side allowed, too many values)',
    (m) => {
      const dim = m.graph.input[0].type.tensorType.shape.dim;
      [dim[1].dimValue, dim[2].dimValue, dim[3].dimValue] = [3, 8192, 8192];
    },
    /The model input is 8192×8192×3, 201,326,592 values per image — more than CNN Studio takes/,
  ),
  onnxCase(
    'ONNX: an initializer with no data (c1_W, 600 bytes)',
    (m) => (initializer(m, 'c1_W').rawData = new Uint8Array(0)),
    /Weight tensor "c1_W" declares the shape \[6, 1, 5, 5\], 150 values, but holds 0 values\. Nothing was imported — the file was cut off or damaged/,
  ),
  onnxCase(
    'ONNX: an initializer 4 bytes short',
    (m) => (initializer(m, 'd_B').rawData = initializer(m, 'd_B').rawData.subarray(4)),
    /Weight tensor "d_B" declares the shape \[32\], 32 values, but holds 124 bytes \(31 values\)/,
  ),
  onnxCase('ONNX: a negative dim', (m) => (initializer(m, 'c1_B').dims = [-6]), /Weight tensor "c1_B" declares the shape \[-6\]: every dimension must be a whole number of at least 1/),
  onnxCase(
    'ONNX: a negative kernel size',
    (m) => (onnxAttribute(onnxNode(m, 'c1'), 'kernel_shape').ints = [-5, -5]),
    /ONNX node "c1" \(Conv\) has kernel_shape \[-5,-5\]: each entry must be a whole number from 1 to 1024/,
  ),
  onnxCase('ONNX: a zero stride', (m) => (onnxAttribute(onnxNode(m, 'c1'), 'strides').ints = [0, 0]), /ONNX node "c1" \(Conv\) has strides \[0,0\]: each entry must be a whole number from 1 to 1024/),
  onnxCase('ONNX: negative pads', (m) => (onnxAttribute(onnxNode(m, 'c1'), 'pads').ints = [-2, -2, -2, -2]), /ONNX node "c1" \(Conv\) has pads \[-2,-2,-2,-2\]: each entry must be a whole number from 0 to 1024/),
  onnxCase('ONNX: weights kept in an external file', (m) => (initializer(m, 'd_W').dataLocation = 1), /Weight tensor "d_W" keeps its values in a separate file \(ONNX external data\)/),
  tfjsCase(
    'tfjs: a weight declaring shape [1e9, 1e9, 5, 5]',
    (j) => (manifestEntry(j, 'c1/kernel').shape = [1e9, 1e9, 5, 5]),
    /Weight "c1\/kernel" in model\.json declares the shape \[1000000000, 1000000000, 5, 5\], 2\.50·10\^19 values — more than CNN Studio reads in one tensor/,
  ),
  tfjsCase(
    'tfjs: an input declared 60000×60000',
    (j) => (kerasLayer(j, 'in').config.batch_input_shape = [null, 60000, 60000, 1]),
    /Layer "in" \(InputLayer\) becomes an Input whose height is 60000, but it must be at most 8192/,
  ),
  tfjsCase('tfjs: a shard 600 bytes short', () => {}, /The weight files hold 443,840 bytes but model\.json lists 444,440 — a shard is missing or damaged/, (s) => s.subarray(0, s.byteLength - 600)),
  tfjsCase(
    'tfjs: a negative kernel size',
    (j) => (kerasLayer(j, 'c1').config.kernel_size = [-5, -5]),
    /Layer "c1" \(Conv2D\) becomes a Conv2D whose kernelSize is -5, but it must be at least 1\. Nothing was imported/,
  ),
  tfjsCase('tfjs: a fractional stride', (j) => (kerasLayer(j, 'c1').config.strides = [1.5, 1.5]), /Layer "c1" \(Conv2D\) becomes a Conv2D whose strides is 1\.5, but it must be a whole number/),
  tfjsCase('tfjs: a weight with a negative dim', (j) => (manifestEntry(j, 'd/bias').shape = [-32]), /Weight "d\/bias" in model\.json declares the shape \[-32\]: every dimension must be a whole number of at least 1/),
];

/** The files of a case as a folder holds them: `model.onnx`, or `model.json` + the shard it names. */
export function filesOf(files: ModelFiles): Record<string, string | Uint8Array> {
  return files.kind === 'onnx' ? { 'model.onnx': files.onnx } : { [TFJS_MODEL_JSON]: files.modelJson, [TFJS_SHARD]: files.shard };
}

/**
 * A valid ONNX file that takes a while to read: `n` 1×1 convolutions in a row after c1 (a reader's and a model
 * builder's work grows with the layers; 1990 of them ≈ 2 s, under the 2000 layers tfjs can build in a row).
 */
export function convChainOnnx(net: ExportedNet, n: number): Uint8Array {
  return editOnnx(net.onnx, (m) => {
    const [conv, ...rest] = m.graph.node;
    const weight = new Uint8Array(new Float32Array(36).fill(0.1).buffer);
    const chain: any[] = [];
    let prev = conv.output[0];
    for (let i = 0; i < n; i++) {
      const out = `k${i}`;
      m.graph.initializer.push({ name: `${out}_W`, dims: [6, 6, 1, 1], dataType: 1, rawData: weight });
      chain.push({ opType: 'Conv', name: out, input: [prev, `${out}_W`], output: [out], attribute: [{ name: 'kernel_shape', type: 7, ints: [1, 1] }] });
      prev = out;
    }
    rest[0].input = [prev];
    m.graph.node = [conv, ...chain, ...rest];
  });
}

/** A valid ONNX file with a large Dense layer: `units` × 3456 weights (7000 → 97 MB, ~400 MB to read). */
export function bigDenseOnnx(net: ExportedNet, units: number): Uint8Array {
  return editOnnx(net.onnx, (m) => {
    const set = (name: string, dims: number[]) => Object.assign(initializer(m, name), { dims, rawData: new Uint8Array(dims.reduce((a, b) => a * b, 1) * 4) });
    set('d_W', [3456, units]);
    set('d_B', [units]);
    set('out_W', [units, 10]);
  });
}
