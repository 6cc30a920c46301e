// The ONNX protobuf classes (onnx-proto: generated protobufjs code for onnx.proto, IR version 8).
import onnxProto from 'onnx-proto';

export const onnx = (onnxProto as unknown as { onnx: typeof import('onnx-proto').onnx }).onnx;
export type { onnx as OnnxTypes } from 'onnx-proto';

export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;
export const OPSET = 17;
export const IR_VERSION = 8;
export const ONNX_UINT8 = 2;
export const ONNX_INT8 = 3;
export const ONNX_INT32 = 6;
export const ONNX_FLOAT16 = 10;
