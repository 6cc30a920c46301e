// ONNX graphs written as other tools write them, for the import tests: any node and tensor names (empty ones
// too), Constant nodes holding tensors, named or fixed batch dims, NHWC inputs (tf2onnx), any opset.
// src/export/onnx/modelBuilder.ts writes CNN Studio's own files only (unique names, opset 17, NCHW).
import { onnx, ONNX_FLOAT, ONNX_INT64 } from '../../export/onnx/onnxProto';

type NodeProto = import('onnx-proto').onnx.INodeProto;
type TensorProto = import('onnx-proto').onnx.ITensorProto;
type AttributeProto = import('onnx-proto').onnx.IAttributeProto;

/** An attribute: a number (int), a float, int / float lists, or a tensor (Constant's value). */
export type Attr = { i: number } | { f: number } | { ints: number[] } | { floats: number[] } | { t: TensorProto };

const BOOL = 9;

/** A tensor: float32, int64 or bool (Dropout's training_mode), little-endian raw data. */
export function tensor(name: string, dims: number[], data: ArrayLike<number>, type: 'float' | 'int64' | 'bool' = 'float'): TensorProto {
  const raw =
    type === 'int64'
      ? new Uint8Array(BigInt64Array.from(Array.from(data), (v) => BigInt(v)).buffer)
      : type === 'bool'
        ? Uint8Array.from(data)
        : new Uint8Array(Float32Array.from(data).buffer);
  return { name, dims, dataType: type === 'int64' ? ONNX_INT64 : type === 'bool' ? BOOL : ONNX_FLOAT, rawData: raw };
}

function attribute(name: string, a: Attr): AttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('i' in a) return { name, type: T.INT, i: a.i };
  if ('f' in a) return { name, type: T.FLOAT, f: a.f };
  if ('ints' in a) return { name, type: T.INTS, ints: a.ints };
  if ('floats' in a) return { name, type: T.FLOATS, floats: a.floats };
  return { name, type: T.TENSOR, t: a.t };
}

/** Deterministic values in [−scale, scale) (a small LCG), so the tests need no random seed plumbing. */
export function values(n: number, seed: number, scale = 0.5): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 * scale - scale;
  }
  return out;
}

export class ForeignOnnx {
  private nodes: NodeProto[] = [];
  private inits: TensorProto[] = [];

  /** A weight (initializer). */
  init(name: string, dims: number[], data: ArrayLike<number>, type: 'float' | 'int64' | 'bool' = 'float'): string {
    this.inits.push(tensor(name, dims, data, type));
    return name;
  }

  /** A node, named as given ('' is a valid ONNX node name); returns its first output. */
  node(op: string, inputs: string[], outputs: string[], attrs: Record<string, Attr> = {}, name = ''): string {
    this.nodes.push({ opType: op, name, input: inputs, output: outputs, attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) });
    return outputs[0];
  }

  /** A Constant node holding a tensor. */
  constant(output: string, dims: number[], data: ArrayLike<number>, type: 'float' | 'int64' | 'bool' = 'float', name = ''): string {
    return this.node('Constant', [], [output], { value: { t: tensor('', dims, data, type) } }, name);
  }

  encode(input: { name: string; dims: (number | string)[] }, output: { name: string; dims: (number | string)[] }, opset = 13): Uint8Array {
    const info = (v: { name: string; dims: (number | string)[] }) => ({
      name: v.name,
      type: { tensorType: { elemType: ONNX_FLOAT, shape: { dim: v.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: opset }],
      producerName: 'test',
      graph: { name: 'torch_jit', node: this.nodes, initializer: this.inits, input: [info(input)], output: [info(output)] },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
