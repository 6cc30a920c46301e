// `npm test`: unit + integration tests (vitest), typecheck, lint, the full build, then the e2e suite.
// Every stage runs (so one report shows everything); the last line sums them up and the exit code is 1
// if anything failed. Tool stages (typecheck, lint, build) count as one test each.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './ensureRenderer.mjs';
import { runVitest } from './vitestRun.mjs';
import { runE2E } from './e2e.mjs';

const bin = (pkg, file) => path.join(repoRoot, 'node_modules', pkg, file);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
const skippedTests = [];

function record(name, r, started) {
  totals.passed += r.passed;
  totals.failed += r.failed;
  totals.skipped += r.skipped;
  skippedTests.push(...(r.skippedTests ?? []));
  lines.push(`${r.failed ? '✗' : '✓'} ${name.padEnd(10)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

function tool(name, args) {
  const started = Date.now();
  process.stdout.write(`\n── ${name} ──\n`);
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
  const ok = r.status === 0;
  record(name, { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 }, started);
  return ok;
}

let started = Date.now();
process.stdout.write('── unit ──\n');
record('unit', runVitest('unit'), started);
// One tsconfig per runtime (core, node, renderer, tools): DOM in the core or Node in the renderer fails here.
tool('typecheck', [path.join(repoRoot, 'scripts', 'typecheck.mjs')]);
// Every folder with code; the layer rules (import-x/no-restricted-paths, no-cycle) are in eslint.config.js.
tool('lint', [bin('eslint', 'bin/eslint.js'), '.']);
// Electronegativity: fails on a HIGH/MEDIUM finding not explained in main/security/electronegativity-allowlist.json.
tool('electron-audit', [path.join(repoRoot, 'scripts', 'auditElectron.mjs')]);
const built = tool('build', [bin('electron-vite', 'bin/electron-vite.js'), 'build']);
started = Date.now();
process.stdout.write('\n── e2e ──\n');
if (built) record('e2e', runE2E(), started);
else record('e2e', { passed: 0, failed: 1, skipped: 0 }, started); // not run: the build failed

if (skippedTests.length) process.stdout.write(`\nSkipped:\n${skippedTests.map((t) => `  ${t}`).join('\n')}\n`);
process.stdout.write(`\n${lines.join('\n')}\n\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(totals.failed ? 1 : 0);
