// A model made in PyTorch, opened in the app as a user would: a MobileNet-style net (conv + batch norm +
// ReLU6, depthwise 3×3 stride 2, pointwise 1×1, global average pooling, a Linear head returning logits)
// exported with torch.onnx.export at opset 13 (PyTorch's defaults: BN folded into the convs, names like
// "/stem/stem.0/Conv"), opened from the Export tab's *Open a model*; then the graph shows its shapes and no
// errors, it trains on MNIST in the worker, Learn shows what its first conv sees, and it exports to ONNX from
// the trained weights with logits out, as the original; then File → Load weights… brings back what one more
// step of training in PyTorch made of its PyTorch export. Skipped, saying why, without Python + torch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, menu, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';
import * as ort from 'onnxruntime-node';
import { screenshotPath } from './helpers/screenshots';
import { onnx } from '../src/export/onnx/onnxProto';

const PYTHON = process.env.CNN_STUDIO_TORCH_PYTHON ?? '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const MAKE_MODEL = `
import sys, torch, torch.nn as nn
torch.manual_seed(0)
class MobileNetish(nn.Module):
    def __init__(s):
        super().__init__()
        s.stem = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU6())
        s.dw = nn.Sequential(nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=8, bias=False), nn.BatchNorm2d(8), nn.ReLU6())
        s.pw = nn.Sequential(nn.Conv2d(8, 16, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU6())
        s.pool = nn.AdaptiveAvgPool2d(1)
        s.fc = nn.Linear(16, 10)
    def forward(s, x):
        return s.fc(torch.flatten(s.pool(s.pw(s.dw(s.stem(x)))), 1))
m = MobileNetish().eval()
for mod in m.modules():
    if isinstance(mod, nn.BatchNorm2d):
        mod.running_mean.uniform_(-0.5, 0.5); mod.running_var.uniform_(0.5, 2)
torch.onnx.export(m, torch.randn(1, 1, 28, 28), sys.argv[1], opset_version=13, input_names=['input'], output_names=['logits'], dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}})
`;

// One SGD step of the app's PyTorch export in PyTorch (a cluster's train.py in small), saving the state dict as
// train.py does, and the trained net's logits for a fixed input.
const TRAIN_IN_TORCH = `
import sys, numpy as np, torch, torch.nn.functional as F
from safetensors.torch import save_file
from model import MODEL_CLASS, load_weights
torch.manual_seed(1)
net = load_weights(MODEL_CLASS())
opt = torch.optim.SGD(net.parameters(), lr=0.5)
net.train()
loss = F.cross_entropy(net(torch.rand(16, 1, 28, 28)), torch.arange(16) % 10)
opt.zero_grad(); loss.backward(); opt.step()
net.eval()
save_file({k: v.contiguous() for k, v in net.state_dict().items()}, 'trained.safetensors')
x = torch.rand(2, 1, 28, 28)
with torch.no_grad():
    y = net(x)
x.numpy().astype('<f4').tofile('x.bin'); y.numpy().astype('<f4').tofile('y.bin')
`;

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];
const workDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'cnn-interop-e2e-')));
const onnxFile = path.join(workDir, 'mobilenetish.onnx');
const byTestId = (id: string) => page.getByTestId(id);

describe.skipIf(!hasTorch)(`a PyTorch model opened in the app${hasTorch ? '' : ` (skipped: no torch in ${PYTHON}; install Debian's python3-torch or set CNN_STUDIO_TORCH_PYTHON)`}`, () => {
  beforeAll(async () => {
    const script = path.join(workDir, 'make_model.py');
    writeFileSync(script, MAKE_MODEL);
    const r = spawnSync(PYTHON, [script, onnxFile], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`torch.onnx.export failed: ${r.stderr}`);
    host = await startWebHost();
    browser = await launchBrowser();
    ({ page, errors } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('opens: every layer on the canvas with its shape, no errors, the head returning logits', async () => {
    await byTestId('tab-export').click();
    await byTestId('export-panel').waitFor();
    await byTestId('import-path').fill(onnxFile);
    await byTestId('import-run').click();
    await byTestId('import-done').or(byTestId('import-error')).waitFor({ timeout: 60_000 });
    expect(await byTestId('import-error').count(), await byTestId('export-panel').innerText()).toBe(0);
    const nodes = page.locator('.react-flow__node');
    const texts = await nodes.allInnerTexts();
    expect(texts.some((t) => /Depthwise/.test(t) && /14×14×8/.test(t))).toBe(true); // stride 2 of 28×28×8
    expect(texts.some((t) => /Conv2D/.test(t) && /14×14×16/.test(t))).toBe(true); // the pointwise 1×1
    expect(texts.some((t) => /10 classes, logits/.test(t))).toBe(true);
    // No errors; the stride-2 depthwise conv on 28×28 drops a pixel (27 not divisible by 2), as the lecture's
    // W2 = (W1 − F + 2P)/S + 1 warns: that is the original's arithmetic, kept.
    expect(await byTestId('status-issues').innerText()).toMatch(/^0 errors · 2 warnings$/);
    await page.screenshot({ path: screenshotPath('interop-pytorch-opened.png') });
  });

  it('trains on MNIST and Learn shows what its first convolution sees', async () => {
    // The opened model trains on the built-in MNIST (28×28×1, 10 classes, as the net).
    await byTestId('tab-dataset').click();
    expect(await byTestId('dataset-training-data').getAttribute('data-kind')).toBe('mnist');
    await byTestId('tab-training').click();
    await byTestId('training-panel').waitFor();
    await byTestId('ts-batchSize').fill('32');
    await byTestId('ts-epochs').fill('1');
    await byTestId('train-limit').fill('600');
    await byTestId('train-start').click();
    await page.waitForFunction(() => !/Done|Failed/.test(document.querySelector('[data-testid=train-phase]')?.textContent ?? ''));
    await byTestId('train-phase').filter({ hasText: /Done|Failed/ }).waitFor({ timeout: 180_000 });
    expect(await byTestId('train-phase').textContent(), await byTestId('training-panel').innerText()).toContain('Done');
    expect(await byTestId('train-phase').textContent()).toContain('Done');
    await page.locator('.react-flow__node').filter({ hasText: 'Conv2D' }).first().click();
    await byTestId('tab-learn').click();
    await byTestId('learn-panel').waitFor();
    await byTestId('learn-map').first().waitFor({ timeout: 30_000 });
    expect(await byTestId('learn-map').count()).toBe(8); // the stem's 8 channels
    expect(await byTestId('learn-prediction').innerText()).toMatch(/Predicted “\d”/);
  });

  it('exports to ONNX from the trained weights, logits out as the original', async () => {
    await byTestId('tab-export').click();
    await byTestId('export-format-onnx').check();
    expect(await byTestId('export-weights').getAttribute('data-source')).toBe('trained');
    const outDir = path.join(workDir, 'out');
    await byTestId('export-folder').fill(outDir);
    await byTestId('export-run').click();
    await byTestId('export-result').or(byTestId('export-error')).waitFor({ timeout: 120_000 });
    expect(await byTestId('export-result').textContent()).toMatch(/Wrote 1 file \(/);
    const written = readdirSync(outDir).filter((f) => f.endsWith('.onnx'));
    expect(written).toHaveLength(1);
    // The exported graph ends in Gemm with no Softmax (an Identity names the output), as the PyTorch model did.
    const model = onnx.ModelProto.decode(readFileSync(path.join(outDir, written[0])));
    const ops = (model.graph?.node ?? []).map((n) => n.opType);
    expect(ops).not.toContain('Softmax');
    expect(ops.filter((op) => op !== 'Identity').at(-1)).toBe('Gemm');
    expect(errors).toEqual([]);
  });

  it('File → Load weights…: weights trained on in PyTorch come back and predict as PyTorch does', async () => {
    // The app's PyTorch export, one training step in PyTorch, trained.safetensors back through the menu.
    await byTestId('export-format-pytorch').check();
    const torchDir = path.join(workDir, 'torch');
    await byTestId('export-folder').fill(torchDir);
    await byTestId('export-run').click();
    await byTestId('export-result').or(byTestId('export-error')).waitFor({ timeout: 120_000 });
    expect(await byTestId('export-result').textContent()).toMatch(/^Wrote \d+ files/);
    const trained = spawnSync(PYTHON, ['-c', TRAIN_IN_TORCH], { cwd: torchDir, encoding: 'utf8' });
    expect(trained.status, trained.stderr).toBe(0);
    await menu(page, 'file', 'loadWeights');
    await byTestId('path-input').fill(path.join(torchDir, 'trained.safetensors'));
    await byTestId('path-ok').click();
    await byTestId('notice-info').filter({ hasText: 'Loaded' }).waitFor({ timeout: 60_000 });
    expect(await byTestId('notice-error').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('interop-load-weights.png') });
    // Those weights exported to ONNX compute PyTorch's logits for the same images.
    await byTestId('export-format-onnx').check();
    const onnxDir = path.join(workDir, 'after-torch');
    await byTestId('export-folder').fill(onnxDir);
    await byTestId('export-run').click();
    await byTestId('export-result').or(byTestId('export-error')).waitFor({ timeout: 120_000 });
    const file = readdirSync(onnxDir).find((f) => f.endsWith('.onnx'))!;
    const session = await ort.InferenceSession.create(readFileSync(path.join(onnxDir, file)));
    // A copy: a small file's Buffer is a view into Node's shared pool.
    const floats = (f: string) => new Float32Array(Uint8Array.from(readFileSync(path.join(torchDir, f))).buffer);
    const x = floats('x.bin');
    const want = floats('y.bin');
    const got = (await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, [2, 1, 28, 28]) }))[session.outputNames[0]].data as Float32Array;
    await session.release();
    expect(got.length).toBe(want.length);
    expect(Math.max(...Array.from(got, (v, i) => Math.abs(v - want[i])))).toBeLessThanOrEqual(1e-4);
    expect(errors).toEqual([]);
  });
});
