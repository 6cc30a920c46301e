// Accumulates ONNX nodes and initializers for one graph and encodes the ModelProto (opset 17).
import { onnx, ONNX_FLOAT, ONNX_INT64, OPSET, IR_VERSION } from './onnxProto';
import type { OnnxAttr, OnnxConst } from './emitContext';

type NodeProto = import('onnx-proto').onnx.INodeProto;
type TensorProto = import('onnx-proto').onnx.ITensorProto;
type ValueInfo = import('onnx-proto').onnx.IValueInfoProto;

export type OnnxModel = import('onnx-proto').onnx.ModelProto;

export interface OnnxModelOptions {
  input: { name: string; shape: (number | string)[] };
  output: { name: string; shape: (number | string)[] };
  metadata: Record<string, string>;
  graphName: string;
  docString?: string;
}

const utf8 = new TextEncoder();

function attribute(name: string, a: OnnxAttr): import('onnx-proto').onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('i' in a) return { name, type: T.INT, i: a.i };
  if ('f' in a) return { name, type: T.FLOAT, f: a.f };
  if ('ints' in a) return { name, type: T.INTS, ints: a.ints };
  if ('floats' in a) return { name, type: T.FLOATS, floats: a.floats };
  return { name, type: T.STRING, s: utf8.encode(a.s) };
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export class OnnxModelBuilder {
  private nodes: NodeProto[] = [];
  private initializers: TensorProto[] = [];
  private used = new Set<string>();

  /** A tensor name not used yet: `base`, then `base_2`, `base_3` … */
  unique(base: string): string {
    let name = base;
    for (let k = 2; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  reserve(name: string): void {
    this.used.add(name);
  }

  /** Appends a node whose output is `output` made unique; `exact` keeps a reserved name as it is. */
  node(op: string, inputs: string[], output: string, attrs: Record<string, OnnxAttr> = {}, exact = false): string {
    const out = exact ? output : this.unique(output);
    this.nodes.push({
      opType: op,
      name: out,
      input: inputs,
      output: [out],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  constant(base: string, c: OnnxConst): string {
    const name = this.unique(base);
    const int64 = c.type === 'int64';
    const raw = int64 ? bytesOf(BigInt64Array.from(c.data as number[], (v) => BigInt(v))) : bytesOf(c.data instanceof Float32Array ? c.data : Float32Array.from(c.data));
    this.initializers.push({ name, dims: c.shape, dataType: int64 ? ONNX_INT64 : ONNX_FLOAT, rawData: raw });
    return name;
  }

  encode(opts: OnnxModelOptions): Uint8Array {
    return onnx.ModelProto.encode(this.build(opts)).finish();
  }

  /** The ModelProto before encoding (the quantisers in src/export/quantize rewrite it). */
  build(opts: OnnxModelOptions): OnnxModel {
    const valueInfo = (v: { name: string; shape: (number | string)[] }): ValueInfo => ({
      name: v.name,
      type: { tensorType: { elemType: ONNX_FLOAT, shape: { dim: v.shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
    });
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: 'CNN Studio',
      producerVersion: '0.1.0',
      docString: opts.docString ?? '',
      graph: {
        name: opts.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: [valueInfo(opts.input)],
        output: [valueInfo(opts.output)],
      },
      metadataProps: Object.entries(opts.metadata).map(([key, value]) => ({ key, value })),
    });
    return model;
  }
}
