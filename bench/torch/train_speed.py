#!/usr/bin/env python3
"""Training throughput of the app's LeNet-5 and ResNet-20 templates in PyTorch: the reference for
`npm run bench -- --only=training --vs-torch` (bench/torch/torchBench.ts runs this and prints the ratios).

The nets are the templates in src/templates (lenet5.ts, resnet.ts + src/layers/residualBlock.ts) written out
by hand, layer for layer:
  LeNet-5   28x28x1: conv 6@5x5 pad 2, ReLU, maxpool 2 | conv 16@5x5 valid, ReLU, maxpool 2 | flatten 400 |
            dense 120 ReLU | dense 84 ReLU | dense 10 (softmax in the loss): 61,706 parameters.
  ResNet-20 32x32x3: conv 16@3x3 same, no bias, BN, ReLU | 3 stages x 3 basic blocks of 16/32/64 filters
            (3x3/s conv, BN, ReLU, 3x3 conv, BN, + shortcut, ReLU; stride 2 on the first block of stages 2
            and 3, whose shortcut is a 1x1/2 conv + BN: option B, only where the shape changes) |
            global average pool | dense 10: 274,042 parameters as Keras/tfjs count them (BN's moving
            mean and variance included), 272,474 trainable.
BN: momentum 0.9 in Keras' sense (torch momentum 0.1), eps 1e-5; convs before a BN have no bias, as the app.
Training as bench/training.ts: Adam 1e-3, cross-entropy, one synthetic batch (throughput does not depend on
pixel values), the loss read back every step (as tfjs' trainOnBatch does), a warm-up, then timed steps.
Layout: PyTorch's own NCHW (the app's tfjs runs NHWC); same arithmetic.
On shared cores PyTorch's OpenMP threads spin-wait for each other and lose 5-10x when a neighbour takes a core
(ours lose far less): time on a quiet machine, or set OMP_WAIT_POLICY=PASSIVE (reported as ompWaitPolicy).

Usage:
  train_speed.py --runs=lenet:64,lenet:256,resnet:128 [--steps=10] [--warmup=2] [--warmup-seconds=2] [--threads=N] [--device=cpu|cuda]
  train_speed.py --params-only [--runs=lenet,resnet]
  train_speed.py --probe          (torch version, CUDA availability, default threads)
Prints one JSON object per line: {model, batch, samplesPerSec, msPerStep, steps, params, trainableParams,
device, threads, torch}; --params-only leaves out the timings and adds tensorSizes (the element count of every
weight, sorted: layouts differ, OIHW here and HWIO in tfjs, sizes do not); --probe prints one object.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNet5(nn.Module):
    input_shape = (1, 28, 28)

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5, padding=2)
        self.c3 = nn.Conv2d(6, 16, 5)
        self.f5 = nn.Linear(16 * 5 * 5, 120)
        self.f6 = nn.Linear(120, 84)
        self.output = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c3(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.f5(x))
        x = F.relu(self.f6(x))
        return self.output(x)


def bn(channels):
    # Keras momentum 0.9 (moving = 0.9 * moving + 0.1 * batch) is torch's momentum 0.1.
    return nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1)


class BasicBlock(nn.Module):
    def __init__(self, in_channels, filters, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, filters, 3, stride=stride, padding=1, bias=False)
        self.conv1_bn = bn(filters)
        self.conv2 = nn.Conv2d(filters, filters, 3, padding=1, bias=False)
        self.conv2_bn = bn(filters)
        # projection 'auto': a 1x1/s conv + BN exactly when the stride or the channel count changes.
        self.shortcut = None
        if stride != 1 or in_channels != filters:
            self.shortcut = nn.Sequential(nn.Conv2d(in_channels, filters, 1, stride=stride, bias=False), bn(filters))

    def forward(self, x):
        y = F.relu(self.conv1_bn(self.conv1(x)))
        y = self.conv2_bn(self.conv2(y))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


class ResNet20(nn.Module):
    input_shape = (3, 32, 32)

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        self.bn1 = bn(16)
        blocks = []
        in_channels = 16
        for filters, first_stride in ((16, 1), (32, 2), (64, 2)):
            for i in range(3):
                blocks.append(BasicBlock(in_channels, filters, first_stride if i == 0 else 1))
                in_channels = filters
        self.stages = nn.Sequential(*blocks)
        self.output = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.stages(x)
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        return self.output(x)


MODELS = {'lenet': ('LeNet-5', LeNet5), 'resnet': ('ResNet-20', ResNet20)}
CLASSES = 10


def count_params(model):
    """(params as Keras/tfjs count them: weights + BN running mean/var, trainable params)."""
    trainable = sum(p.numel() for p in model.parameters())
    stats = sum(b.numel() for name, b in model.named_buffers() if name.endswith(('running_mean', 'running_var')))
    return trainable + stats, trainable


def tensor_sizes(model):
    """Element counts of every weight tfjs keeps (parameters, BN running mean/var), sorted."""
    tensors = list(model.parameters()) + [b for name, b in model.named_buffers() if name.endswith(('running_mean', 'running_var'))]
    return sorted(t.numel() for t in tensors)


def sync(device):
    if device.type == 'cuda':
        torch.cuda.synchronize()


def time_training(net, batch, steps, warmup, device, warmup_seconds=2.0):
    torch.manual_seed(7)
    x = torch.rand((batch, *net.input_shape), device=device)
    y = torch.randint(0, CLASSES, (batch,), device=device)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    net.train()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()  # the host reads the loss every step, as tfjs' trainOnBatch does

    # At least `warmup` steps and warmup_seconds of them, as the bench warms ours up (V8 compiles hot code late).
    warm = time.perf_counter()
    done = 0
    while done < warmup or time.perf_counter() - warm < warmup_seconds:
        step()
        done += 1
    sync(device)
    started = time.perf_counter()
    for _ in range(steps):
        step()
    sync(device)
    return (time.perf_counter() - started) / steps


def parse_runs(text, default_batch):
    runs = []
    for item in text.split(','):
        key, _, batch = item.strip().partition(':')
        key = {'lenet5': 'lenet', 'resnet20': 'resnet'}.get(key, key)
        if key not in MODELS:
            raise SystemExit(f'train_speed.py: unknown model "{key}" (have: {", ".join(MODELS)})')
        runs.append((key, int(batch) if batch else default_batch))
    return runs


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--runs', default='lenet:64,lenet:256,resnet:128', help='model:batch,… (models: lenet, resnet)')
    p.add_argument('--steps', type=int, default=10, help='timed steps per run')
    p.add_argument('--warmup', type=int, default=2, help='untimed steps first (at least)')
    p.add_argument('--warmup-seconds', type=float, default=2.0, help='untimed steps first for at least this long')
    p.add_argument('--threads', type=int, default=0, help='torch.set_num_threads (0: torch default)')
    p.add_argument('--device', default='cpu', choices=['cpu', 'cuda'])
    p.add_argument('--params-only', action='store_true', help='print the parameter counts, no training')
    p.add_argument('--probe', action='store_true', help='print torch version, CUDA availability, threads')
    a = p.parse_args(argv)

    if a.threads > 0:
        torch.set_num_threads(a.threads)
    if a.probe:
        cuda = torch.cuda.is_available()
        print(json.dumps({'torch': torch.__version__, 'python': sys.version.split()[0], 'cuda': cuda,
                          'cudaDevice': torch.cuda.get_device_name(0) if cuda else None,
                          'threads': torch.get_num_threads()}))
        return 0
    if a.device == 'cuda' and not torch.cuda.is_available():
        raise SystemExit('train_speed.py: --device=cuda but torch.cuda.is_available() is False')
    device = torch.device(a.device)
    if device.type == 'cuda':
        torch.backends.cudnn.benchmark = True

    for key, batch in parse_runs(a.runs, 64):
        name, cls = MODELS[key]
        torch.manual_seed(1)
        net = cls().to(device)
        params, trainable = count_params(net)
        row = {'model': name, 'key': key, 'batch': batch, 'params': params, 'trainableParams': trainable}
        if a.params_only:
            row['tensorSizes'] = tensor_sizes(net)
        else:
            ms = time_training(net, batch, a.steps, a.warmup, device, a.warmup_seconds) * 1000
            row.update({'samplesPerSec': batch / ms * 1000, 'msPerStep': ms, 'steps': a.steps, 'warmup': a.warmup,
                        'device': torch.cuda.get_device_name(0) if device.type == 'cuda' else 'cpu',
                        'threads': torch.get_num_threads(), 'torch': torch.__version__,
                        'ompWaitPolicy': os.environ.get('OMP_WAIT_POLICY')})
        print(json.dumps(row), flush=True)
        del net
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
