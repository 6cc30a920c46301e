// Where e2e specs put their screenshots: out/screenshots (gitignored), or CNN_SCREENSHOT_DIR. Tests write
// nothing into the work tree; `npm run screenshots` (scripts/screenshots.mjs) copies these into docs/ for
// the README.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './webHost';

export const SCREENSHOT_DIR = process.env.CNN_SCREENSHOT_DIR ?? path.join(repoRoot, 'out', 'screenshots');

/** The path for a screenshot file (its folder created). */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, name);
}
