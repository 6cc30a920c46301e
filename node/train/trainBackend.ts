// tfjs in Node for `cnn-studio train`: 'auto' tries WebGPU through the `webgpu` package (Dawn) when a hardware
// adapter exists, then wasm (SIMD, with our gradient kernels), then cpu — or the backend named. Node has no
// WebGL. navigator.gpu must be set BEFORE tfjs-backend-webgpu is imported (it registers itself only then).
// wasm runs its threaded SIMD build with one XNNPACK thread per core (nodeWasmThreads.ts bridges what tfjs'
// loader lacks in Node), or single-threaded SIMD with the reason in `wasmThreads`.
// Dawn and the Vulkan loader write diagnostics straight to fd 2 (no callback reaches JS), so WebGPU is probed
// in a child process whose stderr we keep, and loaded here only when it will be used, in an environment that
// keeps it quiet (quietGpuEnvironment); `verbose` shows all of it instead.
import type * as tfjs from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { configureNodeWasmThreads, defaultWasmThreads, enableRelaxedSimd, nodeWasmThreading, type WasmThreading } from './nodeWasmThreads';
import { AUTO_ORDER, chooseBackend, softwareRendererReason, type BackendChoice, type BackendName } from '../../src/train/backend';

export interface NodeTf {
  tf: typeof tfjs;
  choice: BackendChoice;
  adapter?: string;
  /** When the backend is wasm: its XNNPACK threads, and why one when more were wanted. */
  wasmThreads?: WasmThreading;
}

export type NodeBackendPreference = BackendName | 'auto';

/**
 * The folder holding tfjs-backend-wasm's .wasm files: node_modules' copy when resolvable, else ./wasm/ beside
 * the running file (a bundle shipped without node_modules). Ends with a slash, as setWasmPaths wants.
 */
export function nodeWasmDirectory(): string {
  try {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
  } catch {
    return path.join(path.dirname(fileURLToPath(import.meta.url)), 'wasm') + path.sep;
  }
}

let wasmPathsSet = false;
let configuredThreads: number | undefined;

/**
 * Registers the wasm backend with its binaries' folder set and `threads` XNNPACK threads (default: one per
 * core, see nodeWasmThreads.ts). A second call with the same threads does nothing; with others it disposes
 * a running wasm backend (and its tensors) so that the next tf.setBackend('wasm') starts with the new count.
 */
export async function registerNodeWasm(tf: typeof tfjs, { threads = defaultWasmThreads() }: { threads?: number } = {}): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  enableRelaxedSimd();
  if (!wasmPathsSet) {
    wasm.setWasmPaths(nodeWasmDirectory());
    wasmPathsSet = true;
  }
  if (configuredThreads === threads) return;
  configureNodeWasmThreads(tf, wasm, threads, nodeWasmDirectory());
  configuredThreads = threads;
}

/** The adapter a WebGPU probe found, as Dawn describes it. */
export interface WebGpuAdapterInfo {
  description: string;
  isFallbackAdapter: boolean;
}

/**
 * What a probe of WebGPU in a child process found: the adapter Dawn offers for high-performance work, or why
 * none; and everything Dawn and the Vulkan loader wrote to stderr meanwhile (`diagnostics`).
 */
export interface WebGpuProbe {
  adapter?: WebGpuAdapterInfo;
  error?: string;
  diagnostics: string;
}

// Runs in a bare `node` (no tsx): loads Dawn from the URL given, asks for an adapter, prints one JSON line.
const PROBE_SOURCE = `
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
try {
  const { create } = await import(process.argv[1]);
  const a = await create([]).requestAdapter({ powerPreference: 'high-performance' });
  const i = a?.info ?? {};
  const description = [i.vendor, i.architecture, i.description].filter(Boolean).join(' ') || 'unknown adapter';
  out(a ? { adapter: { description, isFallbackAdapter: !!i.isFallbackAdapter } } : { error: 'no WebGPU adapter on this machine' });
} catch (e) {
  out({ error: String(e?.message ?? e) });
}
process.exit(0);
`;

/**
 * Asks Dawn for a WebGPU adapter in a child Node process, so that what Dawn and the Vulkan loader print on
 * the way (their complaints about each Vulkan driver they cannot use, the Mesa layer's Wayland lookup) is
 * captured rather than written to our stderr. Costs about 0.15 s where no GPU is; a machine whose probe
 * finds no adapter then never loads Dawn in-process at all.
 */
export async function probeWebGpu(env: NodeJS.ProcessEnv = process.env): Promise<WebGpuProbe> {
  let url: string;
  try {
    url = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  } catch {
    return { error: 'the webgpu package is not installed', diagnostics: '' };
  }
  // ELECTRON_RUN_AS_NODE: in the app process.execPath is Electron, which runs as plain Node with it.
  const { stdout, stderr, failure } = await new Promise<{ stdout: string; stderr: string; failure?: string }>((resolve) =>
    execFile(process.execPath, ['--input-type=module', '-e', PROBE_SOURCE, url], { env: { ...env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 60_000, maxBuffer: 4 << 20 }, (err, stdout, stderr) =>
      resolve({ stdout: String(stdout), stderr: String(stderr), failure: err ? (err.killed ? 'timed out' : err.message.split('\n')[0]) : undefined }),
    ),
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const r = JSON.parse(line) as { adapter?: WebGpuAdapterInfo; error?: string };
    return { ...r, diagnostics: stderr };
  } catch {
    return { error: `the WebGPU probe failed (${failure ?? 'no answer'})`, diagnostics: stderr };
  }
}

/**
 * An XDG_RUNTIME_DIR for Dawn's Vulkan stack when the environment has no usable one (a container, CI, a
 * shell without a login session): Mesa's device-select layer asks Wayland for the default GPU, and
 * libwayland prints "error: XDG_RUNTIME_DIR is invalid or not set" when that variable is unset or not an
 * absolute path. A private, empty one (0700, as the XDG spec wants) makes the lookup fail quietly — no
 * compositor there — which is what a headless login session does too. Undefined when the current one is fine.
 */
export function privateRuntimeDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const current = env.XDG_RUNTIME_DIR;
  if (current && path.isAbsolute(current) && statSync(current, { throwIfNoEntry: false })?.isDirectory()) return undefined;
  const uid = process.getuid?.() ?? 0;
  const dir = path.join(os.tmpdir(), `cnn-studio-runtime-${uid}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch {
    /* there already (checked below) */
  }
  const st = lstatSync(dir, { throwIfNoEntry: false });
  // Someone else's, a link, or open to others: not ours to use — make a fresh one.
  if (!st?.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) return mkdtempSync(path.join(os.tmpdir(), 'cnn-studio-runtime-'));
  return dir;
}

// Software Vulkan drivers, by their ICD manifest's file name (what VK_LOADER_DRIVERS_DISABLE matches) and the
// adapter description they give.
const SOFTWARE_VULKAN_DRIVERS = [
  { manifest: '*lvp_icd*', adapter: /llvmpipe|lavapipe/i },
  { manifest: '*swiftshader*', adapter: /swiftshader/i },
];

/**
 * The environment that keeps Dawn's and the Vulkan loader's diagnostics off stderr in this process without
 * changing which adapter it gets: a private XDG_RUNTIME_DIR where needed (see privateRuntimeDir), and — once
 * the probe has found the adapter to use — the loader told to skip the software drivers that are not that
 * adapter (Dawn warns about each driver it refuses; a hardware adapter wins over them anyway, and a software
 * one keeps its own driver). Nothing is changed where the user chose Vulkan drivers themselves.
 */
export function quietGpuEnvironment(adapter: WebGpuAdapterInfo | undefined, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const quiet: Record<string, string> = {};
  const runtimeDir = privateRuntimeDir(env);
  if (runtimeDir) quiet.XDG_RUNTIME_DIR = runtimeDir;
  const userChoseDrivers = ['VK_DRIVER_FILES', 'VK_ICD_FILENAMES', 'VK_LOADER_DRIVERS_SELECT', 'VK_LOADER_DRIVERS_DISABLE'].some((v) => env[v]);
  if (adapter && !userChoseDrivers) {
    const skip = SOFTWARE_VULKAN_DRIVERS.filter((d) => !d.adapter.test(adapter.description)).map((d) => d.manifest);
    if (skip.length) quiet.VK_LOADER_DRIVERS_DISABLE = skip.join(',');
  }
  return quiet;
}

/** Sets navigator.gpu from Dawn and registers tfjs-backend-webgpu; returns the adapter's description. */
async function registerNodeWebGpu(): Promise<string> {
  const { create, globals } = (await import('webgpu')) as { create: (o: string[]) => GPU; globals: Record<string, unknown> };
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  else Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  // As tfjs-backend-webgpu asks (and the probe did).
  const a = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!a) throw new Error('no WebGPU adapter on this machine');
  const info = a.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const description = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  await import('@tensorflow/tfjs-backend-webgpu');
  return info?.isFallbackAdapter ? `${description} (software fallback adapter)` : description;
}

export interface LoadTfOptions {
  /**
   * Leave Dawn's and the Vulkan loader's own stderr output alone (no quieting environment) and report the
   * probe, every backend passed over and the one chosen through `log`.
   */
  verbose?: boolean;
  log?: (line: string) => void;
}

/** The WebGPU adapter's description, with "(software fallback adapter)" when Dawn says it is one. */
const adapterText = (a: WebGpuAdapterInfo) => (a.isFallbackAdapter ? `${a.description} (software fallback adapter)` : a.description);

/**
 * tfjs with the backend `preference` names, or for 'auto' the first that starts of webgpu (a hardware
 * adapter only), wasm and cpu. WebGPU is probed in a child process first (probeWebGpu), and Dawn is loaded
 * here only when that found an adapter this run will use — so a machine without a GPU prints nothing.
 */
export async function loadTfForNode(preference: NodeBackendPreference = 'auto', { verbose = false, log = () => {} }: LoadTfOptions = {}): Promise<NodeTf> {
  let adapter: string | undefined;
  const notes: BackendChoice['skipped'] = [];
  if (preference === 'auto' || preference === 'webgpu') {
    const quietEnv = verbose ? {} : quietGpuEnvironment(undefined);
    const probe = await probeWebGpu({ ...process.env, ...quietEnv });
    const found = probe.adapter ? adapterText(probe.adapter) : undefined;
    if (verbose) log(`backend: webgpu probe (Dawn, in a child process): ${found ?? probe.error}`);
    // A software adapter is slower than wasm: 'auto' passes it over (see softwareRendererReason).
    const passOver = probe.adapter ? (preference === 'auto' ? softwareRendererReason('webgpu', found) : undefined) : probe.error;
    if (passOver) {
      notes.push({ backend: 'webgpu', reason: passOver });
      if (verbose && probe.diagnostics.trim()) log(`backend: what Dawn and the Vulkan loader printed during the probe:\n${probe.diagnostics.trimEnd()}`);
    } else {
      // Dawn prints in this process from here on (to stderr, natively): quieted unless --verbose.
      if (!verbose) Object.assign(process.env, quietGpuEnvironment(probe.adapter));
      try {
        adapter = await registerNodeWebGpu();
      } catch (e) {
        notes.push({ backend: 'webgpu', reason: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  const tf = await import('@tensorflow/tfjs');
  if (preference === 'auto' || preference === 'wasm') {
    await registerNodeWasm(tf).catch((e: unknown) => notes.push({ backend: 'wasm', reason: e instanceof Error ? e.message : String(e) }));
  }
  // Prod mode: no per-op debug checks, and no "install tfjs-node" banner.
  tf.enableProdMode();
  const order = preference === 'auto' ? AUTO_ORDER : [preference, 'cpu' as const];
  // A software Dawn adapter (SwiftShader through Vulkan) is slower than wasm: skip it unless asked for.
  const choice = await chooseBackend(tf, preference, order, (name) => (name === 'webgpu' ? softwareRendererReason('webgpu', adapter) : undefined));
  choice.skipped = [...notes, ...choice.skipped.filter((s) => !notes.some((n) => n.backend === s.backend))];
  const wasmThreads = choice.backend === 'wasm' ? nodeWasmThreading() : undefined;
  if (verbose) {
    for (const s of choice.skipped) log(`backend: ${s.backend} passed over: ${s.reason}`);
    const detail = choice.backend === 'webgpu' ? adapter : wasmThreads ? `${wasmThreads.threads} thread${wasmThreads.threads === 1 ? '' : 's'}${wasmThreads.reason ? `: ${wasmThreads.reason}` : ''}` : undefined;
    const ours = choice.fastKernels.filter((k) => k.startsWith(`${choice.backend}/`)).map((k) => k.slice(choice.backend.length + 1));
    log(`backend: using ${choice.backend}${detail ? ` (${detail})` : ''}; our kernels: ${ours.join(', ') || 'none'}`);
  }
  return { tf, choice, adapter: choice.backend === 'webgpu' ? adapter : undefined, wasmThreads };
}
