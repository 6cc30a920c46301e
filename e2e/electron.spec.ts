// The desktop app itself, when an Electron binary is installed (CI installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1,
// so there it is skipped). Checks the locked-down bridge: only window.cnn, no Node in the page.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _electron } from 'playwright-core';
import { repoRoot } from './helpers/webHost';

/** The binary path electron's own index.js would use, found without importing it (that would try a download). */
function electronBinary(): string | undefined {
  const dir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const bin = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) && existsSync(path.join(repoRoot, 'out', 'main')) ? bin : undefined;
}

const binary = electronBinary();

describe('Electron app', () => {
  if (!binary) {
    it.skip('skipped: no Electron binary', () => {});
    return;
  }
  it('opens a sandboxed window whose only bridge is window.cnn', async () => {
    const app = await _electron.launch({ executablePath: binary, args: [repoRoot, '--no-sandbox'], cwd: repoRoot });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(page.url()).toMatch(/^app:\/\/cnn\//);
      const bridge = await page.evaluate(() => ({
        keys: Object.keys((window as any).cnn ?? {}).sort(),
        hasRequire: typeof (window as any).require,
        hasProcess: typeof (window as any).process,
      }));
      expect(bridge).toEqual({ keys: ['invoke', 'on'], hasRequire: 'undefined', hasProcess: 'undefined' });
      const recent = await page.evaluate(() => (window as any).cnn.invoke('project.recent', {}));
      expect(recent.ok).toBe(true);
      const unknown = await page.evaluate(() => (window as any).cnn.invoke('fs.readFile', { path: '/etc/passwd' }));
      expect(unknown.ok).toBe(false);
      const opened = await page.evaluate(() => window.open('https://example.com'));
      expect(opened).toBeNull();
    } finally {
      await app.close();
    }
  });
});
