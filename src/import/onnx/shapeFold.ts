// Constants a file computes instead of storing. PyTorch writes `x.view(x.size(0), -1)` as
// Shape → Gather → Unsqueeze → Concat → Reshape, and opset 11+ passes Clip bounds, Pad pads and Reshape
// shapes as Constant nodes. These small integer programs are evaluated here, with the batch size as the one
// unknown, so the Reshape (or Clip, Pad) after them reads a constant as if the file had stored it.
import { ONNX_INT32, ONNX_INT64 } from '../../export/onnx/onnxProto';
import type { Shape } from '../../graph/schema';
import type { OnnxConstant } from '../layerReaders';
import { ImportError } from '../importError';
import { int64, readInitializer, type Initializer } from './tensors';

/** An integer tensor known while importing; null stands for the batch size, known only when the model runs. */
export interface IntValue {
  dims: number[];
  data: (number | null)[];
}

/** The ops evaluated on known integer tensors (ONNX operator spec, opsets 11–18). */
export const SHAPE_OPS = new Set(['Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Concat', 'Cast']);

const TYPE_INT = 2;
const TYPE_INTS = 7;
const TYPE_FLOAT = 1;
const TYPE_FLOATS = 6;

/**
 * A Constant node's tensor (ONNX Constant: exactly one of value, value_float(s), value_int(s)), read and
 * checked as an initializer would be.
 */
export function constantNodeTensor(n: any, what: string): Initializer {
  const a = (n.attribute ?? [])[0];
  if (!a || (n.attribute ?? []).length !== 1) return { problem: new ImportError(`${what} holds ${(n.attribute ?? []).length} values; an ONNX Constant holds exactly one. Nothing was imported — the file is damaged; export the model again.`) };
  const name = String(a.name ?? '');
  if (name === 'value' && a.t) return readInitializer(a.t, what);
  if (name === 'value_float' && a.type === TYPE_FLOAT) return { dims: [], data: Float32Array.of(Number(a.f ?? 0)) };
  if (name === 'value_floats' && a.type === TYPE_FLOATS) return { dims: [(a.floats ?? []).length], data: Float32Array.from(a.floats ?? []) };
  if (name === 'value_int' && a.type === TYPE_INT) return { dims: [], data: [int64(a.i ?? 0)] };
  if (name === 'value_ints' && a.type === TYPE_INTS) return { dims: [(a.ints ?? []).length], data: (a.ints ?? []).map(int64) };
  return { problem: new ImportError(`${what} holds a ${name || 'nameless'} value, which CNN Studio does not read (it reads tensors, floats and ints). Nothing was imported — export the model with constant folding on.`) };
}

/** An initializer (int64) as a known integer tensor. */
export const intsOfConstant = (c: Initializer | undefined): IntValue | undefined => (c && !('problem' in c) && Array.isArray(c.data) ? { dims: c.dims, data: c.data } : undefined);

/** A known integer tensor with no unknown entry, as the constant a reader sees. */
export const constantOfInts = (v: IntValue): OnnxConstant | undefined => (v.data.every((d) => d !== null) ? { dims: v.dims, data: v.data as number[] } : undefined);

/**
 * The shape ONNX's Shape gives for a tensor the importer tracks as tfjs [H, W, C] (or [N] for a vector):
 * N×C×H×W, or N×H×W×C for a tensor kept in tf2onnx's NHWC layout.
 */
export const onnxDimsOf = (s: Shape, nhwc = false): (number | null)[] => (s.length === 3 && !nhwc ? [null, s[2], s[0], s[1]] : [null, ...s]);

const axisOf = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/**
 * One shape op evaluated, or undefined when its inputs are not known here (then the op is read as a layer
 * or named as unsupported). `ins`: the known integer value of each input; `dims`: input 0's ONNX dims when
 * it is a graph tensor (onnxDimsOf).
 */
export function foldShapeOp(op: string, a: Record<string, any>, ins: (IntValue | undefined)[], dims: (number | null)[] | undefined): IntValue | undefined {
  const [x] = ins;
  // Unsqueeze / Squeeze axes: an attribute up to opset 12, the second input from opset 13.
  const axesIn = ins[1]?.data.every((d) => d !== null) ? (ins[1].data as number[]) : undefined;
  switch (op) {
    case 'Shape': {
      if (!dims) return undefined;
      const all = dims;
      // Opset 15 start/end: a slice of the shape.
      const start = axisOf(a.start ?? 0, all.length);
      const end = a.end === undefined ? all.length : axisOf(a.end, all.length);
      const data = all.slice(Math.max(0, start), Math.min(all.length, end));
      return { dims: [data.length], data };
    }
    case 'Gather': {
      const idx = ins[1];
      if (!x || !idx || x.dims.length !== 1 || (a.axis ?? 0) !== 0 || idx.data.some((i) => i === null)) return undefined;
      const data = (idx.data as number[]).map((i) => x.data[axisOf(i, x.data.length)]);
      if (data.some((d) => d === undefined)) return undefined;
      return { dims: idx.dims, data };
    }
    case 'Unsqueeze': {
      const axes = a.axes ?? axesIn;
      if (!x || !Array.isArray(axes)) return undefined;
      const rank = x.dims.length + axes.length;
      const dims = [...x.dims];
      for (const ax of [...axes].map((e: number) => axisOf(e, rank)).sort((p, q) => p - q)) dims.splice(ax, 0, 1);
      return { dims, data: x.data };
    }
    case 'Squeeze': {
      if (!x) return undefined;
      const axes: number[] | undefined = a.axes ?? axesIn;
      const drop = new Set((axes ?? x.dims.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0)).map((e) => axisOf(e, x.dims.length)));
      return { dims: x.dims.filter((_, i) => !drop.has(i)), data: x.data };
    }
    case 'Concat': {
      if (ins.some((v) => !v || v.dims.length !== 1) || ![0, -1].includes(a.axis ?? 0)) return undefined;
      const data = ins.flatMap((v) => v!.data);
      return { dims: [data.length], data };
    }
    case 'Cast':
      // Integer shapes cast to int64 (or int32) keep their values; a cast to float is not a shape computation.
      return x && (a.to === ONNX_INT64 || a.to === ONNX_INT32) ? x : undefined;
    default:
      return undefined;
  }
}
