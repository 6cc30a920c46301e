// Runs bench/torch/train_speed.py (the app's LeNet-5 and ResNet-20 in PyTorch) for `--vs-torch` in
// bench/training.ts and for torchParams.test.ts. The interpreter: $CNN_STUDIO_TORCH_PYTHON when set (only it),
// else /usr/bin/python3 (Debian's python3-torch; `python3` on PATH here is another Python without torch), else
// `python3` on PATH (a GPU machine's Python with PyTorch) — the first that imports torch.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TorchProbe {
  torch: string;
  python: string;
  cuda: boolean;
  cudaDevice: string | null;
  threads: number;
}

export type TorchPython = ({ ok: true; interpreter: string; script: string } & TorchProbe) | { ok: false; reason: string };

/** One line of train_speed.py's output. */
export interface TorchRow {
  model: string;
  key: 'lenet' | 'resnet';
  batch: number;
  /** As Keras/tfjs count them (model.countParams()): weights + BN moving mean/variance. */
  params: number;
  trainableParams: number;
  /** --params-only: every weight's element count, sorted. */
  tensorSizes?: number[];
  samplesPerSec?: number;
  msPerStep?: number;
  steps?: number;
  device?: string;
  threads?: number;
  torch?: string;
  /** OMP_WAIT_POLICY as the script saw it (PASSIVE: no spin-waiting, steadier on shared cores). */
  ompWaitPolicy?: string | null;
}

export const INSTALL_HINT = 'install it with `apt-get install python3-torch` (Debian: /usr/bin/python3), or set CNN_STUDIO_TORCH_PYTHON to a Python that imports torch';

/** train_speed.py next to this module, else under the working directory (a bundle run from the project root). */
export function torchScript(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return [path.join(here, 'train_speed.py'), path.resolve('bench/torch/train_speed.py')].find((p) => fs.existsSync(p));
}

let cached: TorchPython | undefined;

/** The first interpreter that runs `train_speed.py --probe` (it imports torch), or why there is none. Cached. */
export function findTorchPython(): TorchPython {
  if (cached) return cached;
  const script = torchScript();
  if (!script) return (cached = { ok: false, reason: 'bench/torch/train_speed.py not found (run from the project root)' });
  const env = process.env.CNN_STUDIO_TORCH_PYTHON;
  const candidates = env ? [env] : ['/usr/bin/python3', 'python3'];
  const why: string[] = [];
  for (const interpreter of candidates) {
    const r = spawnSync(interpreter, [script, '--probe'], { encoding: 'utf8', timeout: 120_000 });
    if (r.status === 0) {
      try {
        return (cached = { ok: true, interpreter, script, ...(JSON.parse(r.stdout.trim().split('\n').pop()!) as TorchProbe) });
      } catch {
        why.push(`${interpreter}: unreadable --probe output`);
        continue;
      }
    }
    const err = r.error as NodeJS.ErrnoException | undefined;
    const lastLine = (r.stderr ?? '').trim().split('\n').pop() ?? '';
    why.push(`${interpreter}: ${err?.code === 'ENOENT' ? 'not found' : err ? err.message : /No module named/.test(lastLine) ? 'no torch module' : lastLine || `exit ${r.status}`}`);
  }
  return (cached = { ok: false, reason: `no Python with PyTorch (${why.join('; ')}${env ? ', from CNN_STUDIO_TORCH_PYTHON' : ''}) — ${INSTALL_HINT}` });
}

function runScript(py: Extract<TorchPython, { ok: true }>, args: string[], timeoutMs: number): Promise<TorchRow[]> {
  return new Promise((resolve, reject) => {
    execFile(py.interpreter, [py.script, ...args], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 22 }, (error, stdout, stderr) => {
      if (error) {
        const detail = stderr.trim().split('\n').pop() || error.message.split('\n')[0];
        reject(new Error(`train_speed.py ${args.join(' ')}: ${error.killed ? `killed after ${timeoutMs / 1000} s` : detail}`));
        return;
      }
      resolve(
        stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as TorchRow),
      );
    });
  });
}

export interface TorchTrainingOptions {
  runs: Array<{ key: 'lenet' | 'resnet'; batch: number }>;
  steps: number;
  warmup?: number;
  /** torch.set_num_threads; 0 or undefined = torch's default. */
  threads?: number;
  device?: 'cpu' | 'cuda';
  timeoutMs?: number;
}

/** Samples/s of training steps in PyTorch, one row per run. */
export function torchTraining(py: Extract<TorchPython, { ok: true }>, o: TorchTrainingOptions): Promise<TorchRow[]> {
  const args = [`--runs=${o.runs.map((r) => `${r.key}:${r.batch}`).join(',')}`, `--steps=${o.steps}`, `--warmup=${o.warmup ?? 2}`, `--device=${o.device ?? 'cpu'}`];
  if (o.threads) args.push(`--threads=${o.threads}`);
  return runScript(py, args, o.timeoutMs ?? 600_000);
}

/** Parameter counts (and weight sizes) of the PyTorch nets, no training. */
export function torchParams(py: Extract<TorchPython, { ok: true }>, keys: Array<'lenet' | 'resnet'> = ['lenet', 'resnet']): Promise<TorchRow[]> {
  return runScript(py, ['--params-only', `--runs=${keys.join(',')}`], 120_000);
}
