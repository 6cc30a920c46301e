// `npm run test:e2e`: builds the renderer if it is missing or stale, then runs e2e/*.spec.ts (vitest +
// playwright-core + /usr/bin/chromium). Each spec starts its own web host on a free port (e2e/helpers).
import { pathToFileURL } from 'node:url';
import { ensureRenderer } from './ensureRenderer.mjs';
import { runVitest } from './vitestRun.mjs';

export function runE2E(specs = []) {
  try {
    ensureRenderer();
  } catch (e) {
    process.stderr.write(`e2e: ${e.message}\n`);
    return { passed: 0, failed: 1, skipped: 0, ok: false };
  }
  return runVitest('e2e', ['--config', 'e2e/vitest.config.ts', ...specs]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = runE2E(process.argv.slice(2)); // e.g. node scripts/e2e.mjs e2e/dataset.spec.ts
  process.stdout.write(`\ne2e: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped\n`);
  process.exit(r.ok ? 0 : 1);
}
