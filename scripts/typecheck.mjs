// `npm run typecheck`: each runtime's tsconfig, so a global of the wrong runtime fails — DOM in the core or
// in Node code, Node in the renderer (see the configs' comments):
//   tsconfig.core.json      src/ without tests: ECMAScript + typings/common-runtime.d.ts, no DOM, no Node
//   tsconfig.node.json      node/, main/, scripts/, root configs, Node-run tests: Node, no DOM
//   tsconfig.renderer.json  renderer/ without tests: DOM + WebWorker, no Node
//   tsconfig.tools.json     e2e/, bench/, renderer tests: Node + DOM (code evaluated in the page)
// Then every TypeScript file in the repo must be in at least one of them (else nothing checks it).
// Two configs at a time (CI has 2 cores). Exit code 1 on any error. tsconfig.json stays for editors.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RUNTIME_CONFIGS = ['tsconfig.core.json', 'tsconfig.node.json', 'tsconfig.renderer.json', 'tsconfig.tools.json'];
// A dependency's `/// <reference types="node" />` or `lib="dom"` would quietly hand a runtime the other's
// globals: the programs must not contain these files.
const DOM = /typescript\/lib\/lib\.(dom|webworker)[.a-z]*\.d\.ts$/;
const NODE = /node_modules\/@types\/node\//;
const FORBIDDEN = { 'tsconfig.core.json': [DOM, NODE], 'tsconfig.node.json': [DOM], 'tsconfig.renderer.json': [NODE] };
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

function check(config) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '--listFiles', '-p', config], { cwd: repoRoot });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const lines = out.split('\n');
      const files = lines.filter((l) => l.startsWith('/')).map((l) => path.relative(repoRoot, l));
      const errors = lines.filter((l) => l && !l.startsWith('/'));
      const leaked = files.filter((f) => (FORBIDDEN[config] ?? []).some((re) => re.test(f)));
      if (leaked.length) {
        errors.push(`${config} must not see these (what brought them in: tsc -p ${config} --explainFiles):`, ...leaked.map((f) => `  ${f}`));
        code ||= 1;
      }
      resolve({ config, code, files, errors });
    });
  });
}

/** Runs the configs, `parallel` at a time; resolves to true when all pass and cover every file. */
export async function typecheck({ configs = RUNTIME_CONFIGS, parallel = 2, log = (s) => process.stdout.write(s) } = {}) {
  const results = [];
  const queue = [...configs];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const started = Date.now();
        const r = await check(c);
        results.push(r);
        const n = r.errors.filter((l) => /error TS\d+/.test(l)).length;
        log(`${r.code === 0 ? '✓' : '✗'} ${c.padEnd(24)} ${n} errors  (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
        if (r.code !== 0) log(r.errors.map((l) => `  ${l}\n`).join(''));
      }
    }),
  );
  let ok = results.every((r) => r.code === 0);
  if (configs === RUNTIME_CONFIGS) {
    const checked = new Set(results.flatMap((r) => r.files));
    const tracked = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx', '*.mts', '*.cts'], { cwd: repoRoot, encoding: 'utf8' });
    const unchecked = tracked.status === 0 ? tracked.stdout.split('\n').filter((f) => f && !f.endsWith('.d.ts') && !checked.has(f) && existsSync(path.join(repoRoot, f))) : [];
    if (unchecked.length) {
      ok = false;
      log(`✗ not in any runtime tsconfig (add it to the config of the runtime it runs in):\n${unchecked.map((f) => `  ${f}\n`).join('')}`);
    }
  }
  return ok;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const configs = process.argv.slice(2);
  process.exit((await typecheck(configs.length ? { configs } : {})) ? 0 : 1);
}
