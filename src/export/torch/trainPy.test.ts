// train.py: only the code that applies is generated (no `if 1 == 1`, no `scheduler is not None` for a run
// without one), loader processes are capped by the cores, and — where torch is installed — it really trains
// as torchrun starts it, 2 CPU processes (gloo, DistributedDataParallel) and its trained.safetensors comes back
// through importTorchWeights with the folder's class names, predicting in tfjs as in PyTorch.
// torchvision: the real one when installed; else a small stand-in (ImageFolder, the 6 transforms train.py
// uses, on PIL) written here, so train.py itself — DDP, sampler, loaders, optimizer, the save — runs unchanged.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateTrainPy } from './trainPy';
import { exportPytorch } from './exportPytorch';
import { flattenGraph } from '../flatGraph';
import { weightSetFromModel } from '../weights/weightSet';
import { maxAbsDiff, randomizedModel, templateDoc } from '../testing/trainedModel';
import { net } from '../testing/nets';
import { TrainingSettingsSchema, type TrainingSettings } from '../../train/settings';
import { importTorchWeights } from '../../import/importTorchWeights';
import { buildTfModel } from '../../train/buildTfModel';
import { applyWeights } from '../../train/applyWeights';
import type { Graph } from '../../graph/schema';
import type { ProjectDoc } from '../../project/schema';
import { findPython } from '../../../node/testing/python';
import { loadTfForNode } from '../../../node/train/trainBackend';

const python = findPython();
const torchPython = findPython(['torch', 'safetensors', 'numpy', 'PIL']);
const realTorchvision = !!findPython(['torch', 'torchvision']);

describe('train.py holds only the branch that applies', () => {
  const variants: [string, Partial<TrainingSettings>, number][] = [
    ['grayscale, constant rate', { schedule: 'constant' }, 1],
    ['RGB, step schedule, no shuffle', { schedule: 'step', stepSize: 2, shuffle: false }, 3],
    ['RGBA, cosine', { schedule: 'cosine' }, 4],
  ];
  it.each(variants)('%s', (_, s, channels) => {
    const settings = TrainingSettingsSchema.parse(s);
    const src = generateTrainPy({ settings, className: 'Net', input: [channels, 8, 8] });
    // No condition on literals: `1 == 1`, `True and …`, `… and False`, a flag that is always one value.
    expect(src).not.toMatch(/\b\d+ == \d+\b|\b(True|False) (and|or)\b|\b(and|or) (True|False)\b|if (True|False)\b|scheduler is not None|step_per_batch/);
    expect(src.includes('transforms.Grayscale(1)')).toBe(channels === 1);
    expect(src.includes('im.convert("RGB")')).toBe(channels === 3);
    expect(src.includes('im.convert("RGBA")')).toBe(channels === 4);
    const steps = src.split('scheduler.step()').length - 1;
    expect(steps).toBe(settings.schedule === 'constant' ? 0 : 1);
    expect(src.includes('scheduler = ')).toBe(settings.schedule !== 'constant');
    // Loader processes: at most 4, and the cores shared by the ranks on this machine.
    expect(src).not.toMatch(/num_workers=\d/);
    expect(src).toContain('workers = min(4, usable_cores() // ranks_here)');
    expect(src).toContain(`shuffle=${settings.shuffle ? 'sampler is None' : 'False'}`);
  });

  it.skipIf(!python)('every variant compiles (py_compile)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cnn-trainpy-'));
    try {
      variants.forEach(([, s, c], i) => writeFileSync(path.join(dir, `train${i}.py`), generateTrainPy({ settings: TrainingSettingsSchema.parse(s), className: 'Net', input: [c, 8, 8], normalization: { mean: [0.5], std: [0.25] } })));
      const r = spawnSync(python!, ['-m', 'py_compile', ...variants.map((_, i) => `train${i}.py`)], { cwd: dir, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The stand-in: torchvision's ImageFolder (sorted class folders, default_loader's convert("RGB")) and the
// transforms train.py uses, with torchvision's semantics (ToTensor: HWC uint8 → CHW float / 255).
const TORCHVISION_STUB: Record<string, string> = {
  '__init__.py': 'from . import datasets, transforms\n',
  'datasets.py': `import os
from PIL import Image


class ImageFolder:
    def __init__(self, root, transform=None):
        self.classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
        self.samples = [(os.path.join(root, c, f), i) for i, c in enumerate(self.classes) for f in sorted(os.listdir(os.path.join(root, c)))]
        self.transform = transform

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, i):
        p, y = self.samples[i]
        with open(p, "rb") as f:
            im = Image.open(f).convert("RGB")
        return (self.transform(im) if self.transform else im), y
`,
  'transforms.py': `import numpy as np
import torch
from PIL import Image


class Compose:
    def __init__(self, ts):
        self.ts = ts

    def __call__(self, x):
        for t in self.ts:
            x = t(x)
        return x


class Grayscale:
    def __init__(self, n=1):
        self.n = n

    def __call__(self, im):
        return im.convert("L")


class Lambda:
    def __init__(self, f):
        self.f = f

    def __call__(self, x):
        return self.f(x)


class Resize:
    def __init__(self, size):
        self.size = size

    def __call__(self, im):
        return im.resize((self.size[1], self.size[0]), Image.BILINEAR)


class ToTensor:
    def __call__(self, im):
        a = np.asarray(im, dtype=np.float32) / 255.0
        if a.ndim == 2:
            a = a[:, :, None]
        return torch.from_numpy(a.transpose(2, 0, 1).copy())


class Normalize:
    def __init__(self, mean, std):
        self.mean = torch.tensor(mean).view(-1, 1, 1)
        self.std = torch.tensor(std).view(-1, 1, 1)

    def __call__(self, x):
        return (x - self.mean) / self.std
`,
};

// A small ImageFolder of random PNGs (classes "cls_a" …), then after training the eval-mode output of
// model.py with the trained weights on fixed inputs.
const MAKE_DATA = `
import os, sys
import numpy as np
from PIL import Image
root, classes, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(0)
for c in range(classes):
    d = os.path.join(root, "cls_" + chr(97 + c))
    os.makedirs(d, exist_ok=True)
    for i in range(per):
        Image.fromarray(rng.integers(0, 256, (20, 20, 3), dtype=np.uint8)).save(os.path.join(d, "%d.png" % i))
`;
const PREDICT = `
import importlib.util, os, sys
import numpy as np, torch
from safetensors.torch import load_file
d = sys.argv[1]
spec = importlib.util.spec_from_file_location("exported_model", os.path.join(d, "model.py"))
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
net = m.MODEL_CLASS()
net.load_state_dict(load_file(os.path.join(d, "trained.safetensors")))
net.eval()
torch.manual_seed(1)
x = torch.rand(3, *m.INPUT_SHAPE)
with torch.no_grad():
    x.numpy().astype("<f4").tofile(os.path.join(d, "x.bin"))
    net(x).numpy().astype("<f4").tofile(os.path.join(d, "y.bin"))
`;

/**
 * What `torchrun --standalone --nproc_per_node=N` does, by hand (Debian's torch 1.13 launcher fails on this
 * Python): N processes with its environment, rendezvous on a free loopback port.
 */
async function torchrun(n: number, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }[]> {
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  const dist = { MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port), WORLD_SIZE: String(n), LOCAL_WORLD_SIZE: String(n) };
  return Promise.all(
    Array.from({ length: n }, (_, rank) => {
      const child = spawn(torchPython!, args, { cwd, env: { ...env, ...dist, RANK: String(rank), LOCAL_RANK: String(rank) } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
      return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
        child.on('close', (status) => {
          clearTimeout(timer);
          resolve({ status, stdout, stderr });
        }),
      );
    }),
  );
}

/** Conv → BatchNorm → pool → Dense on 12×12 RGB, 4 classes: small, with BN buffers DDP keeps in step. */
const bnNet = (): Graph =>
  net([
    ['input', 'Input', { height: 12, width: 12, channels: 3 }, []],
    ['conv', 'Conv2D', { filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }, ['input']],
    ['bn', 'BatchNormalization', {}, ['conv']],
    ['pool', 'MaxPooling2D', { poolSize: 2, strides: 2 }, ['bn']],
    ['flat', 'Flatten', {}, ['pool']],
    ['fc', 'Dense', { units: 16, activation: 'relu' }, ['flat']],
    ['output', 'Output', { classes: 4 }, ['fc']],
  ]);

describe.skipIf(!torchPython)(`train.py as torchrun starts it, 2 CPU processes (gloo)${realTorchvision ? '' : ', torchvision stand-in'} (skipped: no Python with torch, safetensors, numpy, PIL)`, () => {
  beforeAll(async () => {
    await loadTfForNode('wasm');
  });
  const cases: [string, () => Promise<Graph>][] = [
    ['LeNet-5 (grayscale)', async () => (await templateDoc('lenet5')).graph],
    ['conv + BatchNorm (RGB)', async () => bnNet()],
  ];
  it.each(cases)('%s: trains, saves with the class names, and imports back', async (_, make) => {
    const graph = await make();
    const doc: ProjectDoc = { ...(await templateDoc('lenet5')), name: 'net', graph };
    const dir = mkdtempSync(path.join(tmpdir(), 'cnn-torchrun-'));
    try {
      const model = randomizedModel(graph, 4);
      const settings = TrainingSettingsSchema.parse({ epochs: 1, batchSize: 4, optimizer: 'adam', learningRate: 0.01, validationSplit: 0.25, schedule: 'step', stepSize: 1 });
      const files = exportPytorch(flattenGraph(graph), weightSetFromModel(model), settings);
      model.dispose();
      for (const [f, data] of Object.entries(files)) writeFileSync(path.join(dir, f), data);
      if (!realTorchvision) {
        mkdirSync(path.join(dir, 'stub', 'torchvision'), { recursive: true });
        for (const [f, src] of Object.entries(TORCHVISION_STUB)) writeFileSync(path.join(dir, 'stub', 'torchvision', f), src);
      }
      const classes = graph.nodes.find((n) => n.type === 'Output')!.params.classes as number;
      writeFileSync(path.join(dir, 'make_data.py'), MAKE_DATA);
      writeFileSync(path.join(dir, 'predict.py'), PREDICT);
      const env = { ...process.env, PYTHONPATH: realTorchvision ? '' : path.join(dir, 'stub'), OMP_NUM_THREADS: '1' };
      const py = (args: string[]) => spawnSync(torchPython!, args, { cwd: dir, encoding: 'utf8', env, timeout: 300_000 });
      expect(py(['make_data.py', path.join(dir, 'data'), String(classes), '4']).status).toBe(0);
      const runs = await torchrun(2, ['train.py', 'data', '--init', 'model.safetensors', '--out', 'trained.safetensors'], dir, env);
      for (const run of runs) expect(run.status, run.stderr).toBe(0);
      expect(runs[0].stdout).toMatch(/epoch 1\/1 {2}loss [\d.]+ {2}acc [\d.]+ {2}val_acc [\d.]+/);
      expect(runs[0].stdout).toContain('saved trained.safetensors');
      expect(runs[1].stdout).toBe('');
      const pred = py(['predict.py', dir]);
      expect(pred.status, pred.stderr).toBe(0);

      const r = await importTorchWeights(tf, doc, new Uint8Array(readFileSync(path.join(dir, 'trained.safetensors'))));
      expect(r.metaFrom).toBe('file');
      expect(r.weights.classNames).toEqual(Array.from({ length: classes }, (_, c) => `cls_${String.fromCharCode(97 + c)}`));
      const read = (f: string) => new Float32Array(new Uint8Array(readFileSync(path.join(dir, f))).buffer);
      const x = read('x.bin');
      const app = buildTfModel(graph, tf);
      applyWeights(tf, app, r.weights);
      const [h, w, c] = (app.inputs[0].shape as number[]).slice(1);
      const y = tf.tidy(() => (app.predict(tf.tensor4d(x, [3, c, h, w]).transpose([0, 2, 3, 1])) as tf.Tensor).dataSync() as Float32Array);
      app.dispose();
      expect(maxAbsDiff(y, read('y.bin'))).toBeLessThanOrEqual(1e-4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
