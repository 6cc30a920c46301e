// Hostile and damaged model files, in process: issue #13's measured cases are refused in plain words at
// once, and seeded random mutations of real exported files (CNN Studio's own ONNX and tfjs exports of a small
// net: dims, data, data types, input sizes, attributes, ops, wiring, layer configs, the weights manifest, the
// shard, raw bytes) either import — with weights that fit — or are refused with an ImportError whose message
// is a sentence, never another exception, never a ZodError dump, each within a time bound. Seed 13 by default;
// FUZZ_SEED=… FUZZ_RUNS=… explore further (seeds 1–3 × 1,500 runs pass).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { importOnnxModel } from './importOnnx';
import { importTfjsModel } from './importTfjs';
import { toProject, type ImportResult } from './importModel';
import { ImportError } from './importError';
import { expectedBytes } from '../train/weightsFiles';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { editModelJson, editOnnx, exportedSmallNet, HOSTILE_CASES, initializer, type ExportedNet, type ModelFiles } from './testing/hostileModels';

let net: ExportedNet;
beforeAll(async () => {
  await tf.setBackend('cpu');
  net = await exportedSmallNet(tf);
});

/** Opens files the way the app does (the importer, then toProject), here in process. */
function open(files: ModelFiles): ImportResult {
  return files.kind === 'onnx' ? toProject(tf, importOnnxModel(files.onnx, 'fuzzed')) : toProject(tf, importTfjsModel(files.modelJson, files.shard));
}

/** What a refusal must never look like: a zod issue dump, an object, a stack line. */
const RAW = /ZodError|"code":|"origin":|\[object |\bat \S+\.ts:\d+/;
/** One file, read and checked: nothing a mutation does may take a reader longer than this. */
const BOUND_MS = 5_000;

/** 'imported' (and the result is a valid project with weights that fit) or 'refused' (an ImportError in words). */
function outcome(files: ModelFiles): 'imported' | 'refused' {
  const started = performance.now();
  try {
    const r = open(files);
    expect(analyzeGraph(r.doc.graph).ok).toBe(true);
    if (r.weights) expect(r.weights.weightData.byteLength).toBe(expectedBytes(r.weights.weightSpecs));
    return 'imported';
  } catch (e) {
    if (!(e instanceof ImportError)) throw new Error(`not an ImportError: ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
    expect(e.message).not.toMatch(RAW);
    expect(e.message.length).toBeGreaterThan(20);
    expect(e.message.length).toBeLessThan(3000);
    return 'refused';
  } finally {
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
  }
}

describe('issue #13: the measured hostile files', () => {
  it.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('%s: refused at once, in plain words', (_name, c) => {
    const started = performance.now();
    let error: unknown;
    try {
      open(c.make(net));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(c.refusal);
    expect((error as Error).message).not.toMatch(RAW);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('the unmutated files import (the mutations start from working files)', () => {
    expect(outcome({ kind: 'onnx', onnx: net.onnx })).toBe('imported');
    expect(outcome({ kind: 'tfjs', modelJson: net.modelJson, shard: net.shard })).toBe('imported');
  });
});

// ── mutations ──

const INITIALIZERS = ['c1_W', 'c1_B', 'd_W', 'd_B', 'out_W', 'out_B'];
const NODES = ['c1', 'f', 'd', 'out_logits', 'out', 'probabilities'];
const TENSORS = ['input', ...INITIALIZERS, ...NODES, '', 'nope'];
const ATTRIBUTES = ['kernel_shape', 'strides', 'pads', 'dilations', 'group', 'axis', 'transB', 'alpha', 'size'];
const OPS = ['Conv', 'Gemm', 'Relu', 'MaxPool', 'AveragePool', 'LpPool', 'BatchNormalization', 'Flatten', 'Softmax', 'Identity', 'Pad', 'Concat', 'Add', 'LRN', 'Gather', 'Max', 'Dropout', 'GlobalAveragePool', 'Resize', '__proto__'];

/** Sizes a file may declare: small, zero, negative, around 2³¹, 2³², 2⁵³. */
const declaredSize = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constantFrom(0, -1, 3456, 1e9, 2 ** 31, 2 ** 32 + 1, 2 ** 53 - 1, -1e9));

/** A change to a decoded file (the protobuf objects or the parsed JSON, both loosely typed here). */
type Mutation = { label: string; apply: (target: any) => void };
/** A change to the decoded file; one whose target an earlier change removed (a dropped node) changes nothing. */
const mutation = <A,>(arb: fc.Arbitrary<A>, label: (a: A) => string, apply: (a: A, target: any) => void): fc.Arbitrary<Mutation> =>
  arb.map((a) => ({
    label: label(a),
    apply: (t: any) => {
      try {
        apply(a, t);
      } catch {
        /* nothing left to change */
      }
    },
    toString: () => label(a),
  }));

const node = (m: any, name: string) => m.graph.node.find((n: any) => n.name === name);

const onnxMutation: fc.Arbitrary<Mutation> = fc.oneof(
  mutation(fc.tuple(fc.constantFrom(...INITIALIZERS), fc.array(declaredSize, { maxLength: 6 })), ([t, d]) => `${t}.dims = [${d}]`, ([t, d], m) => (initializer(m, t).dims = d)),
  mutation(fc.tuple(fc.constantFrom(...INITIALIZERS), fc.integer({ min: 0, max: 700 })), ([t, k]) => `${t}.raw_data cut by ${k}`, ([t, k], m) => {
    const i = initializer(m, t);
    i.rawData = i.rawData.subarray(0, Math.max(0, i.rawData.byteLength - k));
  }),
  mutation(fc.tuple(fc.constantFrom(...INITIALIZERS), fc.integer({ min: 0, max: 200 })), ([t, n]) => `${t}: float_data of ${n}`, ([t, n], m) => {
    const i = initializer(m, t);
    i.rawData = new Uint8Array(0);
    i.floatData = Array.from({ length: n }, (_, k) => k / 7);
  }),
  mutation(fc.tuple(fc.constantFrom(...INITIALIZERS), fc.integer({ min: 0, max: 17 })), ([t, d]) => `${t}.data_type = ${d}`, ([t, d], m) => (initializer(m, t).dataType = d)),
  mutation(fc.tuple(fc.constantFrom(...INITIALIZERS), fc.constantFrom(0, 1)), ([t, l]) => `${t}.data_location = ${l}`, ([t, l], m) => (initializer(m, t).dataLocation = l)),
  mutation(fc.tuple(fc.integer({ min: 0, max: 4 }), declaredSize), ([i, v]) => `input dim ${i} = ${v}`, ([i, v], m) => {
    const dim = m.graph.input[0].type.tensorType.shape.dim;
    if (i < dim.length) dim[i] = { dimValue: v };
    else dim.push({ dimValue: v });
  }),
  mutation(fc.tuple(fc.constantFrom(...NODES), fc.constantFrom(...ATTRIBUTES), fc.array(declaredSize, { maxLength: 5 })), ([n, a, v]) => `${n}.${a} = [${v}]`, ([n, a, v], m) => {
    const target = node(m, n);
    const attr = target.attribute.find((x: any) => x.name === a);
    if (attr) Object.assign(attr, { type: 7, ints: v });
    else target.attribute.push({ name: a, type: 7, ints: v });
  }),
  mutation(fc.tuple(fc.constantFrom(...NODES), fc.constantFrom(...ATTRIBUTES), declaredSize), ([n, a, v]) => `${n}.${a} = ${v}`, ([n, a, v], m) => {
    node(m, n).attribute = node(m, n).attribute.filter((x: any) => x.name !== a).concat({ name: a, type: 2, i: v });
  }),
  mutation(fc.tuple(fc.constantFrom(...NODES), fc.constantFrom(...OPS)), ([n, op]) => `${n}.op = ${op}`, ([n, op], m) => (node(m, n).opType = op)),
  mutation(fc.tuple(fc.constantFrom(...NODES), fc.array(fc.constantFrom(...TENSORS), { maxLength: 4 })), ([n, ins]) => `${n}.inputs = ${ins}`, ([n, ins], m) => (node(m, n).input = ins)),
  mutation(fc.tuple(fc.constantFrom(...NODES), fc.array(fc.constantFrom(...TENSORS), { maxLength: 2 })), ([n, outs]) => `${n}.outputs = ${outs}`, ([n, outs], m) => (node(m, n).output = outs)),
  mutation(fc.constantFrom(...NODES), (n) => `drop node ${n}`, (n, m) => (m.graph.node = m.graph.node.filter((x: any) => x.name !== n))),
  mutation(fc.constantFrom(...NODES), (n) => `repeat node ${n}`, (n, m) => m.graph.node.push({ ...node(m, n) })),
  mutation(fc.constantFrom(...INITIALIZERS), (t) => `drop initializer ${t}`, (t, m) => (m.graph.initializer = m.graph.initializer.filter((x: any) => x.name !== t))),
  mutation(fc.constantFrom('[1,2]', '{"a":1}', '["a","b","c","d","e","f","g","h","i","j"]', 'not json', `["${'x'.repeat(300)}"]`), (v) => `class_names = ${v.slice(0, 20)}`, (v, m) =>
    m.metadataProps.push({ key: 'class_names', value: v }),
  ),
  mutation(fc.constantFrom('', 'x'.repeat(600), '__proto__', 'cnn_studio'), (v) => `graph name "${v.slice(0, 10)}"`, (v, m) => (m.graph.name = v)),
  mutation(fc.constantFrom('x'.repeat(300), '', '__proto__'), (v) => `node c1 named "${v.slice(0, 10)}"`, (v, m) => (node(m, 'c1').name = v)),
);

const LAYERS = ['in', 'c1', 'f', 'd', 'out'];
const CONFIG_KEYS = ['kernel_size', 'strides', 'padding', 'filters', 'units', 'activation', 'use_bias', 'dilation_rate', 'batch_input_shape', 'rate', 'name'];
const WEIGHTS = ['c1/kernel', 'c1/bias', 'd/kernel', 'd/bias', 'out/kernel', 'out/bias'];
const jsonValue = fc.oneof(
  declaredSize,
  fc.constantFrom(null, 1.5, 'same', 'valid', 'relu6', 'x', true, {}),
  fc.array(declaredSize, { maxLength: 4 }),
  fc.tuple(fc.constant(null), declaredSize, declaredSize, declaredSize),
);
const layer = (j: any, name: string) => j.modelTopology.config.layers.find((l: any) => l.name === name);

const tfjsMutation: fc.Arbitrary<Mutation> = fc.oneof(
  mutation(fc.tuple(fc.constantFrom(...WEIGHTS), fc.array(declaredSize, { maxLength: 6 })), ([w, s]) => `${w}.shape = [${s}]`, ([w, s], j) => (j.weightsManifest[0].weights.find((x: any) => x.name === w).shape = s)),
  mutation(fc.tuple(fc.constantFrom(...WEIGHTS), jsonValue), ([w, s]) => `${w}.shape = ${JSON.stringify(s)}`, ([w, s], j) => (j.weightsManifest[0].weights.find((x: any) => x.name === w).shape = s)),
  mutation(fc.tuple(fc.constantFrom(...WEIGHTS), fc.constantFrom('int32', 'float16', 'string', 7)), ([w, d]) => `${w}.dtype = ${d}`, ([w, d], j) => (j.weightsManifest[0].weights.find((x: any) => x.name === w).dtype = d)),
  mutation(fc.constantFrom(...WEIGHTS), (w) => `drop weight ${w}`, (w, j) => (j.weightsManifest[0].weights = j.weightsManifest[0].weights.filter((x: any) => x.name !== w))),
  mutation(fc.constantFrom(...WEIGHTS), (w) => `repeat weight ${w}`, (w, j) => j.weightsManifest[0].weights.push({ ...j.weightsManifest[0].weights.find((x: any) => x.name === w) })),
  mutation(jsonValue, (v) => `weightsManifest = ${JSON.stringify(v)}`, (v, j) => (j.weightsManifest = v)),
  mutation(fc.tuple(fc.constantFrom(...LAYERS), fc.constantFrom(...CONFIG_KEYS), jsonValue), ([l, k, v]) => `${l}.${k} = ${JSON.stringify(v)}`, ([l, k, v], j) => (layer(j, l).config[k] = v)),
  mutation(fc.tuple(fc.constantFrom(...LAYERS), fc.constantFrom('Conv2D', 'Dense', 'Flatten', 'InputLayer', 'MaxPooling2D', 'Activation', 'UpSampling2D', 42, null)), ([l, c]) => `${l}.class_name = ${c}`, ([l, c], j) => (layer(j, l).class_name = c)),
  mutation(fc.tuple(fc.constantFrom(...LAYERS), fc.constantFrom('c1', 'd', 'in', '', 'x'.repeat(300), 7, null)), ([l, n]) => `${l}.name = ${String(n).slice(0, 10)}`, ([l, n], j) => (layer(j, l).name = n)),
  mutation(fc.tuple(fc.constantFrom(...LAYERS), fc.oneof(jsonValue, fc.constantFrom([[['nope', 0, 0, {}]]], [[['c1', 0, 0, {}]], [['d', 0, 0, {}]]], [[['out', 0, 0, {}]]], [[[null]]]))), ([l, v]) => `${l}.inbound_nodes = ${JSON.stringify(v)}`, ([l, v], j) =>
    (layer(j, l).inbound_nodes = v),
  ),
  mutation(fc.constantFrom(...LAYERS), (l) => `drop layer ${l}`, (l, j) => (j.modelTopology.config.layers = j.modelTopology.config.layers.filter((x: any) => x.name !== l))),
  mutation(jsonValue, (v) => `output_layers = ${JSON.stringify(v)}`, (v, j) => (j.modelTopology.config.output_layers = v)),
  mutation(jsonValue, (v) => `metadata = ${JSON.stringify(v)}`, (v, j) => (j.userDefinedMetadata.cnnStudio = { name: v, classNames: v })),
);

describe('seeded mutations of real exported files: imported, or refused with an ImportError in words', () => {
  it('ONNX: dims, data, data types, input sizes, attributes, ops, wiring, names', () => {
    const seen = { imported: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(onnxMutation, { minLength: 1, maxLength: 3 }), (ms) => {
        seen[outcome({ kind: 'onnx', onnx: editOnnx(net.onnx, (m) => ms.forEach((x) => x.apply(m))) })]++;
      }),
      { seed: Number(process.env.FUZZ_SEED ?? 13), numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
    console.log('ONNX mutations:', seen);
    expect(seen.refused).toBeGreaterThan(100);
  });

  it('ONNX: flipped and cut bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 }), fc.option(fc.nat()), (flips, cut) => {
        const bytes = net.onnx.slice(0, cut === null ? undefined : cut % net.onnx.byteLength);
        for (const [at, v] of flips) if (bytes.byteLength) bytes[at % bytes.byteLength] = v;
        outcome({ kind: 'onnx', onnx: bytes });
      }),
      { seed: Number(process.env.FUZZ_SEED ?? 13), numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });

  it('tfjs: the weights manifest, layer configs, classes, names, wiring, the shard', () => {
    const seen = { imported: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(tfjsMutation, { minLength: 1, maxLength: 3 }), fc.integer({ min: -8, max: 8 }), (ms, shardChange) => {
        const shard = shardChange < 0 ? net.shard.subarray(0, net.shard.byteLength + shardChange * 4) : shardChange > 6 ? new Uint8Array(net.shard.byteLength + 4) : net.shard;
        seen[outcome({ kind: 'tfjs', modelJson: editModelJson(net.modelJson, (j) => ms.forEach((x) => x.apply(j))), shard })]++;
      }),
      { seed: Number(process.env.FUZZ_SEED ?? 13), numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
    console.log('tfjs mutations:', seen);
    expect(seen.refused).toBeGreaterThan(100);
  });

  it('tfjs: model.json cut short or with characters replaced', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.constantFrom('{', '[', ']', '"', '9', '-', ',', ' ')), { maxLength: 4 }), (cut, edits) => {
        const chars = [...net.modelJson.slice(0, (cut % net.modelJson.length) + 1)];
        for (const [at, c] of edits) chars[at % chars.length] = c;
        outcome({ kind: 'tfjs', modelJson: chars.join(''), shard: net.shard });
      }),
      { seed: Number(process.env.FUZZ_SEED ?? 13), numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });
});
