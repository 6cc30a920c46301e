// PyTorch weights back onto the graph, the pure part: an export's own model.safetensors (random weights far
// from the initial ones) must come back bit for bit as the tfjs weights it was written from, with names
// wrapped by DDP too; files that do not fit — or lie about themselves — are refused naming the tensor, the
// shapes and the layer. The round trip through real PyTorch training is node/import/torchWeights.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { flattenGraph } from '../export/flatGraph';
import { weightSetFromModel } from '../export/weights/weightSet';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../export/weights/safetensors';
import { exportPytorch } from '../export/torch/exportPytorch';
import { randomizedModel, templateDoc } from '../export/testing/trainedModel';
import { mixedNet, net, vectorNet } from '../export/testing/nets';
import { TrainingSettingsSchema } from '../train/settings';
import type { ProjectDoc } from '../project/schema';
import type { Graph } from '../graph/schema';
import { ImportError } from './importError';
import { importTorchWeights, TORCH_META_KEY } from './importTorchWeights';
import { loadTfForNode } from '../../node/train/trainBackend';

beforeAll(async () => {
  await loadTfForNode('wasm');
});

const settings = TrainingSettingsSchema.parse({});

/** The export's state dict (random weights) and the tfjs weights it was written from, by weight name. */
function exported(graph: Graph, seed = 5) {
  const model = randomizedModel(graph, seed);
  const set = weightSetFromModel(model);
  model.dispose();
  const bytes = exportPytorch(flattenGraph(graph), set, settings)['model.safetensors'];
  const want = new Map([...set.values()].flat().map((w) => [w.name, w]));
  return { bytes, tensors: decodeSafetensors(bytes).tensors, want };
}

/** The imported weights by name (tfjs "C1/kernel"), decoded from the specs + data the app stores. */
function byName(saved: { weightSpecs: { name: string; shape: number[] }[]; weightData: Uint8Array }) {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  const all = new Float32Array(saved.weightData.slice().buffer);
  let at = 0;
  for (const s of saved.weightSpecs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    out.set(s.name, { shape: s.shape, data: all.subarray(at, at + n) });
    at += n;
  }
  return out;
}

const doc = async (graph: Graph): Promise<ProjectDoc> => ({ ...(await templateDoc('lenet5')), name: 'net', graph });

describe('importTorchWeights: an export comes back exactly', () => {
  const cases: [string, () => Promise<Graph>][] = [
    ['LeNet-5 (conv OIHW, Linear after Flatten in C·H·W order)', async () => (await templateDoc('lenet5')).graph],
    ['ResNet-20 (residual blocks, BatchNorm statistics)', async () => (await templateDoc('resnet20')).graph],
    ['Inception (inception blocks)', async () => (await templateDoc('inception')).graph],
    ['mixed net (depthwise, BatchNorm after Flatten)', async () => mixedNet()],
    ['vector net', async () => vectorNet()],
    [
      'past 2²⁰ weights (indices in two probe digits)',
      async () =>
        net([
          ['input', 'Input', { height: 32, width: 32, channels: 1 }, []],
          ['flat', 'Flatten', {}, ['input']],
          ['wide', 'Dense', { units: 1100, activation: 'relu' }, ['flat']],
          ['output', 'Output', { classes: 2 }, ['wide']],
        ]),
    ],
  ];
  it.each(cases)('%s', async (_, make) => {
    const graph = await make();
    const { bytes, want } = exported(graph);
    const r = await importTorchWeights(tf, await doc(graph), bytes);
    const got = byName(r.weights);
    expect(got.size).toBe(want.size);
    for (const [name, w] of want) {
      const g = got.get(name);
      expect(g, name).toBeDefined();
      expect(g!.shape).toEqual(w.shape);
      expect(Buffer.from(g!.data.buffer, g!.data.byteOffset, g!.data.byteLength).equals(Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength)), name).toBe(true);
    }
    expect(r.prefix).toBe('');
  });

  it("a DDP file (every name under 'module.') and an F16 one are read too", async () => {
    const graph = (await templateDoc('lenet5')).graph;
    const { tensors, want } = exported(graph);
    const ddp = encodeSafetensors(tensors.map((t) => ({ ...t, name: `module.${t.name}` })));
    const r = await importTorchWeights(tf, await doc(graph), ddp);
    expect(r.prefix).toBe('module.');
    const c1 = byName(r.weights).get('C1/kernel')!;
    expect(Array.from(c1.data)).toEqual(Array.from(want.get('C1/kernel')!.data));
    // F16: every float16 value is a float32, so what comes back is the half-precision rounding of the export.
    const half = f16File(tensors);
    const h = await importTorchWeights(tf, await doc(graph), half);
    const hk = byName(h.weights).get('C1/kernel')!.data;
    const wk = want.get('C1/kernel')!.data;
    for (let i = 0; i < wk.length; i++) expect(Math.abs(hk[i] - wk[i])).toBeLessThanOrEqual(Math.abs(wk[i]) * 2 ** -10 + 2 ** -24);
  });

  it('a BF16 file (a model saved after .bfloat16()) reads as the top half of each float32, exactly', async () => {
    const graph = (await templateDoc('lenet5')).graph;
    const { tensors, want } = exported(graph);
    const header: Record<string, unknown> = {};
    let off = 0;
    const parts = tensors.map((t) => {
      const isF = t.data instanceof Float32Array;
      const b = isF ? new Uint8Array(Uint16Array.from(new Uint32Array(new Float32Array(t.data as Float32Array).buffer), (u) => u >>> 16).buffer) : new Uint8Array(t.data.buffer.slice(0));
      header[t.name] = { dtype: isF ? 'BF16' : 'I64', shape: t.shape, data_offsets: [off, off + b.length] };
      off += b.length;
      return b;
    });
    const r = await importTorchWeights(tf, await doc(graph), assemble(JSON.stringify(header), parts));
    const got = byName(r.weights).get('F5/kernel')!.data;
    const truncated = new Float32Array(new Uint32Array(new Float32Array(want.get('F5/kernel')!.data).buffer).map((u) => (u & 0xffff0000) >>> 0).buffer);
    expect(Array.from(got)).toEqual(Array.from(truncated));
  });

  it("train.py's metadata gives the normalisation and class names; without it the project's are kept", async () => {
    const graph = (await templateDoc('lenet5')).graph;
    const { tensors } = exported(graph);
    const classNames = Array.from({ length: 10 }, (_, i) => `digit${i}`);
    const meta = { [TORCH_META_KEY]: JSON.stringify({ normalization: { mean: [0.13], std: [0.31] }, classNames }) };
    const r = await importTorchWeights(tf, await doc(graph), encodeSafetensors(tensors, meta));
    expect(r.weights.normalization).toEqual({ mean: [0.13], std: [0.31] });
    expect(r.weights.classNames).toEqual(classNames);
    expect(r.metaFrom).toBe('file');
    const d = await doc(graph);
    const p = await importTorchWeights(tf, { ...d, weights: { path: 'x.weights', graphHash: 'h', normalization: { mean: [0.5], std: [0.2] } } }, encodeSafetensors(tensors));
    expect(p.weights.normalization).toEqual({ mean: [0.5], std: [0.2] });
    expect(p.metaFrom).toBe('project');
  });
});

/** The tensors as an F16 file (float32 → nearest half, written by hand: round-to-nearest-even on the bits). */
function f16File(tensors: NamedTensor[]): Uint8Array {
  const toHalf = (v: number) => {
    const f = new Float32Array([v]);
    const u = new Uint32Array(f.buffer)[0];
    const sign = (u >>> 16) & 0x8000;
    const exp = ((u >>> 23) & 0xff) - 127 + 15;
    const mant = u & 0x7fffff;
    if (exp <= 0) return sign | Math.round((mant | 0x800000) / 2 ** (14 - exp));
    const r = Math.round(mant / 8192);
    return sign | ((exp << 10) + r);
  };
  const header: Record<string, unknown> = {};
  let off = 0;
  const parts: Uint8Array[] = [];
  for (const t of tensors) {
    const isF = t.data instanceof Float32Array;
    const bytes = isF ? new Uint8Array(new Uint16Array(Array.from(t.data as Float32Array, toHalf)).buffer) : new Uint8Array(t.data.buffer);
    header[t.name] = { dtype: isF ? 'F16' : 'I64', shape: t.shape, data_offsets: [off, off + bytes.length] };
    off += bytes.length;
    parts.push(bytes);
  }
  return assemble(JSON.stringify(header), parts);
}

function assemble(headerJson: string, parts: Uint8Array[]): Uint8Array {
  const json = new TextEncoder().encode(headerJson);
  const out = new Uint8Array(8 + json.length + parts.reduce((s, p) => s + p.length, 0));
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The file's header JSON changed by `edit` (tensor data kept as is). */
function withHeader(bytes: Uint8Array, edit: (h: Record<string, any>) => void): Uint8Array {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const h = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  edit(h);
  return assemble(JSON.stringify(h), [bytes.subarray(8 + n)]);
}

describe('importTorchWeights refuses what does not fit, naming it', () => {
  const lenet = async () => {
    const d = await templateDoc('lenet5');
    return { d, ...exported(d.graph) };
  };
  const without = (ts: NamedTensor[], name: string) => ts.filter((t) => t.name !== name);
  const cases: [string, (x: Awaited<ReturnType<typeof lenet>>) => Uint8Array, RegExp[]][] = [
    [
      'a tensor of the wrong shape',
      ({ tensors }) => encodeSafetensors(tensors.map((t) => (t.name === 'C1.weight' ? { ...t, shape: [6, 1, 25, 1] } : t))),
      [/"C1\.weight" \(layer "C1"\): expected shape \[6, 1, 5, 5\], got \[6, 1, 25, 1\]/, /Nothing was imported/],
    ],
    ['a missing tensor', ({ tensors }) => encodeSafetensors(without(tensors, 'F5.bias')), [/missing "F5\.bias" \[120\] \(layer "F5"\)/]],
    [
      'an extra tensor',
      ({ tensors }) => encodeSafetensors([...tensors, { name: 'fc9.weight', shape: [2, 3], data: new Float32Array(6) }]),
      [/extra "fc9\.weight" F32 \[2, 3\]: this network has no such tensor/],
    ],
    [
      'an F64 tensor',
      ({ tensors }) => {
        const header: Record<string, unknown> = {};
        let off = 0;
        const parts = tensors.map((t) => {
          const f64 = t.name === 'C1.bias';
          const b = f64 ? new Uint8Array(Float64Array.from(t.data as Float32Array).buffer) : new Uint8Array(t.data.buffer.slice(0));
          header[t.name] = { dtype: f64 ? 'F64' : t.data instanceof Float32Array ? 'F32' : 'I64', shape: t.shape, data_offsets: [off, off + b.length] };
          off += b.length;
          return b;
        });
        return assemble(JSON.stringify(header), parts);
      },
      [/"C1\.bias" \(layer "C1"\) is F64; weights must be F32 \(or F16\/BF16\) — save with model\.float\(\)/],
    ],
    ['a truncated file', ({ bytes }) => bytes.subarray(0, bytes.length - 100), [/claims bytes \d+…\d+ of the data, but the data part is .* bytes — the file was cut short or its header lies/]],
    [
      'a header that lies about its offsets',
      ({ bytes }) => withHeader(bytes, (h) => (h['C1.weight'].data_offsets = [0, 10])),
      [/tensor "C1\.weight" is F32 \[6, 1, 5, 5\], 600 bytes, but its offsets span 10 bytes/],
    ],
    ['a header longer than the file', ({ bytes }) => { const b = bytes.slice(); new DataView(b.buffer).setBigUint64(0, BigInt(b.length), true); return b; }, [/header claims .* bytes but the file has only/]],
    ['a huge header length', ({ bytes }) => { const b = bytes.slice(); new DataView(b.buffer).setBigUint64(0, 2n ** 62n, true); return b; }, [/more than a tensor list needs/]],
    ['not JSON', () => assemble('{nope', []), [/header is not JSON/]],
    ['a shape past the limits', ({ bytes }) => withHeader(bytes, (h) => (h['C1.weight'].shape = [1e9, 1e9])), [/more than CNN Studio reads in one tensor/]],
    ['NaN weights', ({ tensors }) => encodeSafetensors(tensors.map((t) => (t.name === 'F6.bias' ? { ...t, data: new Float32Array(t.data.length).fill(NaN) } : t))), [/"F6\.bias" \(layer "F6"\) holds NaN — the training run diverged/]],
    ['a 4-byte file', () => new Uint8Array(4), [/shorter than the 8-byte header length/]],
  ];
  it.each(cases)('%s', async (_, make, messages) => {
    const x = await lenet();
    const err = await importTorchWeights(tf, x.d, make(x)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    for (const m of messages) expect((err as Error).message).toMatch(m);
  });

  it('another network\'s weights list every tensor that differs', async () => {
    const resnet = exported((await templateDoc('resnet20')).graph);
    const err = await importTorchWeights(tf, await templateDoc('lenet5'), resnet.bytes).then(
      () => new Error('imported'),
      (e: unknown) => e as Error,
    );
    expect(err.message).toMatch(/missing "C1\.weight" \[6, 1, 5, 5\] \(layer "C1"\)/);
    expect(err.message).toMatch(/and \d+ more/);
  });
});
