// Runs exported PyTorch folders (model.py + model.safetensors, src/export/torch) in torch and returns their
// predictions: one Python process for all of them, since importing torch costs more than a small net's forward
// pass. Each model.py is loaded under a name of its own, so two exports' classes never mix.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The files of one PyTorch export (what exportPytorch or exportModel(…, 'pytorch') returns). */
export type TorchFiles = Record<string, Uint8Array | string>;

/**
 * Each export's output for the same input: `nchw` holds `shape` = [n, c, h, w] float32 values. Throws with
 * Python's stderr when a model does not load or run.
 */
export function torchPredictions(python: string, exports: TorchFiles[], nchw: Float32Array, shape: [number, number, number, number]): Float32Array[] {
  const root = mkdtempSync(path.join(tmpdir(), 'cnn-torch-'));
  const folders = exports.map((files, i) => {
    const dir = mkdtempSync(path.join(root, `m${i}-`));
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
    return dir;
  });
  writeFileSync(path.join(root, 'x.bin'), nchw);
  const py = [
    'import importlib.util, json, os, sys',
    'import numpy as np, torch',
    `x = torch.from_numpy(np.fromfile(os.path.join(${JSON.stringify(root)}, 'x.bin'), dtype='<f4').reshape(${shape.join(', ')}))`,
    `for i, d in enumerate(json.loads(${JSON.stringify(JSON.stringify(folders))})):`,
    "    spec = importlib.util.spec_from_file_location(f'export_model_{i}', os.path.join(d, 'model.py'))",
    '    m = importlib.util.module_from_spec(spec)',
    '    spec.loader.exec_module(m)',
    "    net = m.load_weights(m.MODEL_CLASS(), os.path.join(d, 'model.safetensors')).eval()",
    '    with torch.no_grad():',
    "        net(x).numpy().astype('<f4').tofile(os.path.join(d, 'y.bin'))",
  ].join('\n');
  const r = spawnSync(python, ['-c', py], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`torch failed (${r.status}): ${r.stderr}`);
  return folders.map((d) => new Float32Array(new Uint8Array(readFileSync(path.join(d, 'y.bin'))).buffer));
}
