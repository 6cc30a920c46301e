"""ONNX files made the way users make them: ordinary PyTorch CNNs exported with torch.onnx.export.

Usage: python3 torch_onnx_corpus.py OUT_DIR
Writes OUT_DIR/<net>_op<k>.onnx for every net and opset (11, 13, 17), in eval mode with PyTorch's
defaults (constant folding on, so BN folds into the preceding conv and leaves Identity nodes), each
net's test inputs OUT_DIR/<net>.input.bin (float32 little-endian, N×C×H×W), PyTorch's outputs
OUT_DIR/<net>.torch.bin and OUT_DIR/manifest.json describing them. Weights are random but seeded, and
every BatchNorm gets non-trivial running statistics, so a wrong fold shows in the predictions.
Read by node/import/torchOnnxCorpus.test.ts.
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

OPSETS = (11, 13, 17)


class TwoConv(nn.Module):
    """Conv → ReLU → Conv → ReLU → Flatten → Linear → Softmax, flattened with x.view(x.size(0), -1)."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 8, 3)
        self.c2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.fc = nn.Linear(16 * 5 * 5, 10)

    def forward(self, x):
        x = F.relu(self.c1(x))
        x = F.relu(self.c2(x))
        x = x.view(x.size(0), -1)
        return F.softmax(self.fc(x), dim=1)


class LeNet5(nn.Module):
    """LeCun et al. 1998 as usually written: tanh and 2×2 average pooling, returns logits."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool1 = nn.AvgPool2d(2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool2 = nn.AvgPool2d(2)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool1(torch.tanh(self.conv1(x)))
        x = self.pool2(torch.tanh(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = torch.tanh(self.fc1(x))
        x = torch.tanh(self.fc2(x))
        return self.fc3(x)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.down is None else self.down(x)))


class SmallResNet(nn.Module):
    """He et al. 2016 in miniature: a stem with ImageNet's 3×3/2 max pool (padding 1), an identity block, a strided
    block with a 1×1 projection, GAP, logits."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(3, stride=2, padding=1))
        self.layer1 = BasicBlock(8, 8, 1)
        self.layer2 = BasicBlock(8, 16, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = self.layer2(self.layer1(self.stem(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


class VGGish(nn.Module):
    """Simonyan & Zisserman 2014 in miniature: conv-conv-pool stages (the second pool with ceil_mode, exact on an
    even size), then Linear-ReLU-Dropout, logits."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(inplace=True), nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(2, ceil_mode=True),
        )
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(16 * 4 * 4, 32), nn.ReLU(inplace=True), nn.Dropout(0.5), nn.Linear(32, 5))

    def forward(self, x):
        return self.classifier(self.features(x))


class InceptionNet(nn.Module):
    """Szegedy et al. 2015's module: 1×1, 1×1→3×3 and 3×3 max pool→1×1 branches concatenated on channels."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.b1 = nn.Conv2d(8, 4, 1)
        self.b2a = nn.Conv2d(8, 4, 1)
        self.b2b = nn.Conv2d(4, 6, 3, padding=1)
        self.b3pool = nn.MaxPool2d(3, stride=1, padding=1)
        self.b3 = nn.Conv2d(8, 2, 1)
        self.fc = nn.Linear(12, 10)

    def forward(self, x):
        x = F.relu(self.stem(x))
        y = torch.cat([F.relu(self.b1(x)), F.relu(self.b2b(F.relu(self.b2a(x)))), F.relu(self.b3(self.b3pool(x)))], dim=1)
        y = F.adaptive_avg_pool2d(y, 1)
        return self.fc(y.view(y.size(0), -1))


class MobileNetish(nn.Module):
    """Howard et al. 2017: depthwise 3×3 + pointwise 1×1, each with BN and ReLU6, GAP, logits."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU6(inplace=True))
        self.dw = nn.Sequential(nn.Conv2d(8, 8, 3, padding=1, groups=8, bias=False), nn.BatchNorm2d(8), nn.ReLU6(inplace=True))
        self.pw = nn.Sequential(nn.Conv2d(8, 16, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU6(inplace=True))
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = self.pw(self.dw(self.stem(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class EfficientNetish(nn.Module):
    """The activations ONNX spells as several ops: SiLU (EfficientNet), GELU (ConvNeXt), Mish (YOLOv4)."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.SiLU())
        self.c2 = nn.Sequential(nn.Conv2d(8, 8, 3, stride=2, padding=1), nn.GELU())
        self.c3 = nn.Sequential(nn.Conv2d(8, 16, 3, padding=1), nn.Mish())
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.c3(self.c2(self.c1(x))), 1), 1))


class GoogLeNetStem(nn.Module):
    """Szegedy et al. 2014's pools as torchvision writes them: MaxPool2d(3, 2, ceil_mode=True) where the ceiling
    adds a partial window (15 → 7, not 6), with and without padding."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.pool1 = nn.MaxPool2d(3, stride=2, ceil_mode=True)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.pool2 = nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)
        self.fc = nn.Linear(8 * 4 * 4, 6)

    def forward(self, x):
        x = self.pool2(F.relu(self.conv2(self.pool1(F.relu(self.conv1(x))))))
        return self.fc(torch.flatten(x, 1))


# name → (module, input C×H×W, returns, dynamic batch axis name or None)
NETS = {
    'two_conv': (TwoConv, (1, 12, 12), 'probabilities', 'batch_size'),
    'lenet5': (LeNet5, (1, 28, 28), 'logits', None),
    'resnet': (SmallResNet, (3, 16, 16), 'logits', 'N'),
    'vgg': (VGGish, (3, 16, 16), 'logits', 'batch_size'),
    'inception': (InceptionNet, (3, 12, 12), 'logits', None),
    'mobilenet': (MobileNetish, (3, 16, 16), 'logits', 'batch_size'),
    'efficientnet': (EfficientNetish, (3, 12, 12), 'logits', 'batch_size'),
    'googlenet_stem': (GoogLeNetStem, (3, 15, 15), 'logits', None),
}


def randomize(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                # Non-trivial statistics and affine terms: a fold that drops one of them changes the output.
                m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.3)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) * 1.5 + 0.25)
                m.weight.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.bias.copy_(torch.randn(m.num_features, generator=g) * 0.2)
        # PyTorch's default init gives near-uniform class probabilities, under which a wrong weight order could
        # still agree to 1e-4: the classifier is scaled so the predictions are far apart.
        last = [m for m in model.modules() if isinstance(m, nn.Linear)][-1]
        last.weight.mul_(12.0)
        last.bias.copy_(torch.randn(last.out_features, generator=g))


def main(out):
    os.makedirs(out, exist_ok=True)
    manifest = []
    for k, (name, (cls, chw, returns, batch)) in enumerate(NETS.items()):
        torch.manual_seed(1000 + k)
        model = cls()
        randomize(model, 2000 + k)
        model.eval()
        x = torch.randn(3, *chw, generator=torch.Generator().manual_seed(3000 + k))
        with torch.no_grad():
            y = model(x)
        x.numpy().astype('<f4').tofile(os.path.join(out, f'{name}.input.bin'))
        y.numpy().astype('<f4').tofile(os.path.join(out, f'{name}.torch.bin'))
        for opset in OPSETS:
            file = f'{name}_op{opset}.onnx'
            dyn = {'input': {0: batch}, 'output': {0: batch}} if batch else None
            torch.onnx.export(model, x[:1], os.path.join(out, file), opset_version=opset, input_names=['input'], output_names=['output'], dynamic_axes=dyn)
            manifest.append({'net': name, 'opset': opset, 'file': file, 'input': f'{name}.input.bin', 'torch': f'{name}.torch.bin',
                             'inputShape': [3, *chw], 'outputShape': list(y.shape), 'returns': returns, 'dynamicBatch': bool(batch)})
    with open(os.path.join(out, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)


if __name__ == '__main__':
    main(sys.argv[1])
