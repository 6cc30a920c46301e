// Runs vitest with a JSON report beside the normal output and returns the counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './ensureRenderer.mjs';

export function runVitest(name, extraArgs = []) {
  const dir = path.join(repoRoot, 'out', 'test-results');
  mkdirSync(dir, { recursive: true });
  const report = path.join(dir, `${name}.json`);
  rmSync(report, { force: true });
  const r = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { cwd: repoRoot, stdio: 'inherit', env: process.env },
  );
  if (!existsSync(report)) return { passed: 0, failed: 1, skipped: 0, ok: false };
  const j = JSON.parse(readFileSync(report, 'utf8'));
  const failedSuites = (j.testResults ?? []).filter((t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0).length;
  const counts = {
    passed: j.numPassedTests ?? 0,
    failed: (j.numFailedTests ?? 0) + failedSuites, // a file that fails to load has no tests but is a failure
    skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
  };
  return { ...counts, ok: r.status === 0 && counts.failed === 0 };
}
