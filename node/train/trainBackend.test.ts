// WebGPU in Node without Dawn's and the Vulkan loader's chatter on stderr: the probe in a child process,
// the environment that keeps an in-process Dawn quiet, and both end to end in a spawned Node.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { privateRuntimeDir, probeWebGpu, quietGpuEnvironment } from './trainBackend';

const scratch = mkdtempSync(path.join(tmpdir(), 'train-backend-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const aFile = path.join(scratch, 'file');
writeFileSync(aFile, '');
const aDir = path.join(scratch, 'runtime');
mkdirSync(aDir, { mode: 0o700 });

describe.runIf(process.platform === 'linux')('privateRuntimeDir', () => {
  it.each([
    ['unset', undefined, true],
    ['empty', '', true],
    ['relative', 'run/user', true],
    ['missing', path.join(scratch, 'nope'), true],
    ['a file', aFile, true],
    ['a directory', aDir, false],
  ])('XDG_RUNTIME_DIR %s → %s', (_what, value, replaced) => {
    const dir = privateRuntimeDir({ XDG_RUNTIME_DIR: value });
    if (!replaced) return expect(dir).toBeUndefined();
    expect(path.isAbsolute(dir!)).toBe(true);
    const st = statSync(dir!);
    expect(st.isDirectory()).toBe(true);
    expect(st.mode & 0o777).toBe(0o700);
    expect(st.uid).toBe(process.getuid!());
  });
});

describe('quietGpuEnvironment', () => {
  const hardware = { description: 'nvidia hopper NVIDIA H200', isFallbackAdapter: false };
  const swiftshader = { description: 'google swiftshader SwiftShader driver 5.0.0', isFallbackAdapter: true };
  const llvmpipe = { description: 'mesa llvmpipe (LLVM 15.0.6, 256 bits)', isFallbackAdapter: false };
  const base = { XDG_RUNTIME_DIR: aDir };
  it.each([
    ['before the probe: no drivers skipped', undefined, base, {}],
    ['a hardware adapter: both software drivers skipped', hardware, base, { VK_LOADER_DRIVERS_DISABLE: '*lvp_icd*,*swiftshader*' }],
    ['SwiftShader: lavapipe skipped, SwiftShader kept', swiftshader, base, { VK_LOADER_DRIVERS_DISABLE: '*lvp_icd*' }],
    ['llvmpipe: SwiftShader skipped, lavapipe kept', llvmpipe, base, { VK_LOADER_DRIVERS_DISABLE: '*swiftshader*' }],
    ['drivers the user chose: left alone', hardware, { ...base, VK_DRIVER_FILES: '/x.json' }, {}],
    ['drivers the user disabled: left alone', hardware, { ...base, VK_LOADER_DRIVERS_DISABLE: '*radv*' }, {}],
  ])('%s', (_what, adapter, env, want) => {
    expect(quietGpuEnvironment(adapter, env)).toEqual(want);
  });

  it.runIf(process.platform === 'linux')('adds a private XDG_RUNTIME_DIR where there is none', () => {
    expect(quietGpuEnvironment(undefined, {}).XDG_RUNTIME_DIR).toMatch(/cnn-studio-runtime-/);
  });
});

/** Runs trainBackend.ts' loadTfForNode in a fresh Node (through tsx), as the CLI does; its stdout and stderr. */
function loadInChild(preference: string, verbose: boolean, env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  const url = pathToFileURL(path.resolve(import.meta.dirname, 'trainBackend.ts')).href;
  // A file, not `-e`: wasm's thread workers inherit the flags, and `--input-type` would stop them.
  const script = path.join(scratch, `load-${preference}-${verbose}.mts`);
  writeFileSync(
    script,
    `const { loadTfForNode } = await import(${JSON.stringify(url)});
const r = await loadTfForNode(${JSON.stringify(preference)}, { verbose: ${verbose}, log: (l) => process.stdout.write('log: ' + l + '\\n') });
process.stdout.write(JSON.stringify({ backend: r.choice.backend, adapter: r.adapter ?? null }) + '\\n');
process.exit(0);
`,
  );
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', script], { env, timeout: 120_000 }, (err, stdout, stderr) =>
      err ? reject(Object.assign(err, { stderr })) : resolve({ stdout, stderr }),
    ),
  );
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

describe('loadTfForNode keeps stderr clean', () => {
  it('the probe answers with an adapter or a reason, and keeps what Dawn printed', async () => {
    const probe = await probeWebGpu();
    expect(probe.adapter?.description ?? probe.error).toBeTruthy();
    expect(typeof probe.diagnostics).toBe('string');
  });

  it("'auto' in a fresh Node: nothing on stderr, whatever the machine's GPU stack says", async () => {
    const { stdout, stderr } = await loadInChild('auto', false, { ...process.env, XDG_RUNTIME_DIR: '' });
    expect(stderr).toBe('');
    expect(['webgpu', 'wasm']).toContain(lastJson(stdout).backend);
  });

  it('verbose reports the probe and the choice', async () => {
    const { stdout } = await loadInChild('auto', true, process.env);
    expect(stdout).toMatch(/^log: backend: webgpu probe \(Dawn, in a child process\): /);
    expect(stdout).toMatch(new RegExp(`log: backend: using ${lastJson(stdout).backend}`));
  });

  // Dawn in this process, on the SwiftShader Vulkan driver beside the machine's own (Debian's lavapipe,
  // which Dawn refuses, with a warning): quiet by default.
  const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
  it.runIf(existsSync(swiftshader))("'webgpu' on SwiftShader: Dawn loaded here, still nothing on stderr", async () => {
    const { stdout, stderr } = await loadInChild('webgpu', false, { ...process.env, XDG_RUNTIME_DIR: '', VK_ADD_DRIVER_FILES: swiftshader });
    expect(stderr).toBe('');
    expect(lastJson(stdout)).toMatchObject({ backend: 'webgpu', adapter: expect.stringMatching(/SwiftShader/) });
  });
});
