// `npm run screenshots`: refreshes the README's pictures (docs/screenshot-*.png). The e2e specs that take
// them run as in `npm test` but into a fresh folder of their own, and only when they
// pass are the pictures copied into docs/ — the one step that writes to the work tree, on purpose.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './ensureRenderer.mjs';
import { runE2E } from './e2e.mjs';

/** docs/<name> ← [the spec that takes it, the file it writes]; all at 1280×800. */
const SHOTS = {
  'screenshot-editor.png': ['e2e/explain.spec.ts', 'explain-inspector-en.png'],
  'screenshot-korean.png': ['e2e/explain.spec.ts', 'explain-inspector-ko.png'],
  'screenshot-vgg16.png': ['e2e/canvas.spec.ts', 'canvas-vgg16-1280.png'],
  'screenshot-training-during.png': ['e2e/training.spec.ts', 'training-during-1280.png'],
  'screenshot-training.png': ['e2e/training.spec.ts', 'screenshot-training.png'],
  'screenshot-dataset.png': ['e2e/files.spec.ts', 'files-dataset-tab.png'],
  'screenshot-export.png': ['e2e/files.spec.ts', 'files-export-tab.png'],
  'screenshot-file-browser.png': ['e2e/files.spec.ts', 'files-browser.png'],
  'screenshot-learn.png': ['e2e/learn.spec.ts', 'learn-c3-1280.png'],
  'screenshot-walkthrough.png': ['e2e/walkthrough.spec.ts', 'walkthrough-c3-1280.png'],
  'screenshot-live.png': ['e2e/live.spec.ts', 'live-scrub-1280.png'],
  'screenshot-drill.png': ['e2e/drill.spec.ts', 'drill-matrix-1280.png'],
  'screenshot-patches.png': ['e2e/patches.spec.ts', 'patches-c3-1280.png'],
  'screenshot-block-inside.png': ['e2e/blocks.spec.ts', 'learn-block-inside-1280.png'],
  'screenshot-subflow.png': ['e2e/nestedflow.spec.ts', 'nestedflow-stage-unit-open-1280.png'],
  'screenshot-stages.png': ['e2e/canvas.spec.ts', 'canvas-resnet20-1280.png'],
  'screenshot-block-library.png': ['e2e/blockLibrary.spec.ts', 'block-library-buttons-1280.png'],
  'screenshot-pattern.png': ['e2e/pattern.spec.ts', 'pattern-builder.png'],
  'screenshot-repeat.png': ['e2e/repeat.spec.ts', 'repeat-inspector-1280.png'],
  'screenshot-runs.png': ['e2e/runs.spec.ts', 'runs-1280.png'],
  'screenshot-compare.png': ['e2e/runs.spec.ts', 'compare-1280.png'],
  'screenshot-robustness.png': ['e2e/robustnessLab.spec.ts', 'robustness-results.png'],
  'screenshot-sweeps.png': ['e2e/sweeps.spec.ts', 'sweep-results.png'],
  'screenshot-report.png': ['e2e/report.spec.ts', 'report-en.png'],
  'screenshot-evaluate.png': ['e2e/evaluate.spec.ts', 'evaluate-results.png'],
  'screenshot-finetune.png': ['e2e/finetune.spec.ts', 'screenshot-finetune.png'],
  'screenshot-quantize.png': ['e2e/exportQuantize.spec.ts', 'screenshot-quantize.png'],
};
const docs = path.join(repoRoot, 'docs');

const dir = mkdtempSync(path.join(tmpdir(), 'cnn-screenshots-'));
process.env.CNN_SCREENSHOT_DIR = dir; // read by e2e/helpers/screenshots.ts in the vitest workers
try {
  const r = runE2E([...new Set(Object.values(SHOTS).map(([spec]) => spec))]);
  const taken = readdirSync(dir);
  const missing = Object.values(SHOTS).map(([, shot]) => shot).filter((f) => !taken.includes(f));
  if (!r.ok || missing.length) {
    process.stderr.write(`screenshots: not updated — ${!r.ok ? `${r.failed} e2e test(s) failed` : `not taken: ${missing.join(', ')}`}\n`);
    process.exitCode = 1;
  } else {
    for (const [f, [, shot]] of Object.entries(SHOTS)) {
      copyFileSync(path.join(dir, shot), path.join(docs, f));
      process.stdout.write(`screenshots: docs/${f} (${Math.round(statSync(path.join(docs, f)).size / 1024)} KiB)\n`);
    }
  }
} finally {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}
