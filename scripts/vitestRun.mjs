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
  // A file that fails to load, or whose beforeAll throws, is a failure even when none of its tests ran.
  const failedSuites = (j.testResults ?? []).filter((t) => t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  const counts = {
    passed: j.numPassedTests ?? 0,
    failed: (j.numFailedTests ?? 0) + failedSuites,
    skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
  };
  // Nothing is skipped silently: each skip is named (its title says why) in the summary.
  const skippedTests = (j.testResults ?? []).flatMap((t) =>
    (t.assertionResults ?? [])
      .filter((a) => a.status === 'pending' || a.status === 'skipped' || a.status === 'todo')
      .map((a) => `${path.relative(repoRoot, t.name)} › ${a.fullName ?? a.title}`),
  );
  return { ...counts, skippedTests, ok: r.status === 0 && counts.failed === 0 };
}
