import { describe, expect, it } from 'vitest';
import { pytorchNodeNames } from './moduleNames';

describe('pytorchNodeNames: PyTorch scopes as module paths', () => {
  // The names torch.onnx.export (1.13) wrote for a Sequential of two residual blocks and a Linear head.
  const names = [
    '/layer1/layer1.0/conv1/Conv', '/layer1/layer1.0/relu/Relu', '/layer1/layer1.0/conv2/Conv', '/layer1/layer1.0/Add', '/layer1/layer1.0/Relu',
    '/Flatten', '/fc/Gemm', '/stem/stem.0/Conv', '/stem/stem.2/Constant', '/stem/stem.2/Constant_1', '/stem/stem.2/Clip', 'conv1', 'sequential/conv2d/BiasAdd', '',
  ].map((name) => ({ name, op: name.split('/').at(-1)!.replace(/_\d+$/, '') }));
  const want: Record<string, string> = {
    '/layer1/layer1.0/conv1/Conv': 'layer1.0.conv1',
    '/layer1/layer1.0/relu/Relu': 'layer1.0.relu',
    '/layer1/layer1.0/conv2/Conv': 'layer1.0.conv2',
    '/layer1/layer1.0/Add': 'layer1.0.Add', // two ops in layer1.0's own forward
    '/layer1/layer1.0/Relu': 'layer1.0.Relu',
    '/Flatten': 'Flatten', // a top-level functional op
    '/fc/Gemm': 'fc',
    '/stem/stem.0/Conv': 'stem.0',
    '/stem/stem.2/Clip': 'stem.2', // ReLU6: its two bound Constants are not layers
    conv1: 'conv1', // not a scope: unchanged
    'sequential/conv2d/BiasAdd': 'sequential/conv2d/BiasAdd',
    '': '',
  };
  it.each(Object.entries(want))('%s → %s', (name, expected) => {
    expect(pytorchNodeNames(names).get(name)).toBe(expected);
  });
});
