// Builds the renderer (vite.web.config.ts → out/renderer) when it is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const rendererOut = path.resolve(repoRoot, process.env.CNN_STUDIO_RENDERER_OUT ?? path.join('out', 'renderer'));
const indexHtml = path.join(rendererOut, 'index.html');
const SOURCES = ['renderer', 'src', 'vite.web.config.ts', 'package.json'];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(p)) if (!e.startsWith('.') && e !== 'node_modules') newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

export function rendererIsStale() {
  if (!existsSync(indexHtml)) return true;
  const built = statSync(indexHtml).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(repoRoot, s)) > built);
}

export function ensureRenderer({ force = false } = {}) {
  if (!force && !rendererIsStale()) return;
  process.stdout.write('Building the renderer (out/renderer)…\n');
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('The renderer build failed (see above).');
}
