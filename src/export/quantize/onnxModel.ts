// Small helpers over an ONNX ModelProto for the quantisers: read an initializer's floats, make initializers and
// nodes, record how the model was stored in its metadata.
import { onnx, ONNX_FLOAT } from '../onnx/onnxProto';
import type { OnnxModel } from '../onnx/modelBuilder';

export type TensorProto = import('onnx-proto').onnx.ITensorProto;
export type NodeProto = import('onnx-proto').onnx.INodeProto;

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export const elementCount = (t: TensorProto): number => (t.dims ?? []).reduce<number>((p, d) => p * Number(d), 1);

/** A float32 initializer's values (our writer stores them as raw little-endian bytes). */
export function floatData(t: TensorProto): Float32Array {
  if (t.dataType !== ONNX_FLOAT) throw new Error(`initializer ${t.name} is not float32`);
  if (t.rawData && t.rawData.length) return new Float32Array(new Uint8Array(t.rawData).buffer, 0, elementCount(t)); // a copy: a decoded Buffer may share a pool
  return Float32Array.from(t.floatData ?? []);
}

export function initializer(name: string, dims: number[], dataType: number, data: ArrayBufferView): TensorProto {
  return { name, dims, dataType, rawData: bytesOf(data) };
}

export function node(opType: string, input: string[], output: string, attrs: { axis?: number; to?: number } = {}): NodeProto {
  const T = onnx.AttributeProto.AttributeType;
  return { opType, name: output, input, output: [output], attribute: Object.entries(attrs).map(([name, i]) => ({ name, type: T.INT, i })) };
}

export function setMetadata(model: OnnxModel, key: string, value: string): void {
  const props = model.metadataProps.filter((p) => p.key !== key);
  props.push(onnx.StringStringEntryProto.create({ key, value }));
  model.metadataProps = props;
}

/** A name not taken by any tensor of the graph yet. */
export function nameMaker(model: OnnxModel): (base: string) => string {
  const used = new Set<string>();
  for (const n of model.graph!.node ?? []) for (const o of [...(n.input ?? []), ...(n.output ?? [])]) used.add(o);
  for (const t of model.graph!.initializer ?? []) used.add(t.name!);
  for (const v of [...(model.graph!.input ?? []), ...(model.graph!.output ?? [])]) used.add(v.name!);
  return (base) => {
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  };
}
