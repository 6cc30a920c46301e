// The app writes a run's TensorBoard logs beside its weights: LeNet-5 saved (web mode's Save As), trained two short
// epochs on the embedded MNIST; the run's folder <project>.runs/<run id>/ then holds train/ and validation/ events files that
// TensorBoard's EventAccumulator reads as Keras' epoch_* scalars on steps 0 and 1. The reader part is skipped
// where no Python has tensorboard (/usr/bin/python3 -m pip install --break-system-packages tensorboard).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, menu as menuOf, newFromTemplate, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';
import { findPython } from '../node/testing/python';

let host: E2EHost;
let browser: Browser;
let page: Page;
const workDir = mkdtempSync(path.join(tmpdir(), 'cnn-tensorboard-e2e-'));
const savePath = path.join(workDir, 'lenet.cnnproj');
const runsDir = path.join(workDir, 'lenet.runs');
/** The one run's folder (<project>.runs/<run id>/), once there is one. */
const runDir = () => (existsSync(runsDir) ? readdirSync(runsDir).map((id) => path.join(runsDir, id))[0] : undefined);
const tensorboardPython = findPython(['tensorboard.backend.event_processing.event_accumulator']);

const byTestId = (id: string) => page.getByTestId(id);
/** Fields commit on Enter (or blur). */
async function commit(id: string, value: string) {
  await byTestId(id).fill(value);
  await byTestId(id).press('Enter');
}
const eventsFiles = (run: string) => {
  const dir = runDir();
  return dir && existsSync(path.join(dir, run)) ? readdirSync(path.join(dir, run)) : [];
};

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await newFromTemplate(page, 'lenet5');
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('TensorBoard logs from the app', () => {
  it("a trained run leaves train/ and validation/ events files in its folder <project>.runs/<run id>/", async () => {
    await byTestId('tab-training').click();
    await byTestId('training-panel').waitFor();
    await byTestId('ts-backend').selectOption('auto');
    await commit('ts-batchSize', '32');
    await commit('ts-epochs', '2');
    await commit('ts-learningRate', '0.003');
    await commit('train-limit', '400'); // 320 train / 80 validation digits
    await menuOf(page, 'file', 'saveAs');
    await byTestId('path-input').fill(savePath);
    await byTestId('path-ok').click();
    await byTestId('notice-info').filter({ hasText: savePath }).first().waitFor();

    await byTestId('train-start').click();
    await byTestId('confusion-matrix').waitFor({ timeout: 170_000 });
    await byTestId('weights-ref').waitFor({ timeout: 30_000 });
    for (const run of ['train', 'validation'])
      await expect.poll(() => eventsFiles(run), { timeout: 15_000 }).toEqual([expect.stringMatching(/^events\.out\.tfevents\.\d+\.[A-Za-z0-9_-]+\.\d+\.v2$/)]);
  });

  it.skipIf(!tensorboardPython)("TensorBoard reads them as Keras' epoch scalars on steps 0 and 1", () => {
    const py = [
      'import json, sys',
      'from tensorboard.backend.event_processing.event_accumulator import EventAccumulator',
      'out = {}',
      'for run in ("train", "validation"):',
      '    acc = EventAccumulator(sys.argv[1] + "/" + run); acc.Reload()',
      '    out[run] = {t: [e.step for e in acc.Scalars(t)] for t in acc.Tags()["scalars"]}',
      'print(json.dumps(out))',
    ].join('\n');
    const r = spawnSync(tensorboardPython!, ['-c', py, runDir()!], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      train: { epoch_loss: [0, 1], epoch_accuracy: [0, 1], epoch_learning_rate: [0, 1] },
      validation: { epoch_loss: [0, 1], epoch_accuracy: [0, 1] },
    });
  });
});
