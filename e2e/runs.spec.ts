// The Runs and Compare views on real training: LeNet-5 saved (web mode's Save As) and trained twice on 400
// embedded MNIST digits; star and note persist in the saved file; sorting by val accuracy follows the numbers;
// a run after widening C1 has another graph hash and Compare marks exactly the differing rows and draws C1 as
// changed; a re-run repeats the first run's per-epoch losses exactly; Delete removes the row and its folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { screenshotPath } from './helpers/screenshots';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, menu as menuOf, newFromTemplate, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';
import type { RunRecord } from '../src/experiments/runRecord';

let host: E2EHost;
let browser: Browser;
let page: Page;
const workDir = mkdtempSync(path.join(tmpdir(), 'cnn-runs-e2e-'));
const savePath = path.join(workDir, 'lenet.cnnproj');

const byTestId = (id: string) => page.getByTestId(id);
async function commit(id: string, value: string) {
  await byTestId(id).fill(value);
  await byTestId(id).press('Enter');
}
const rowIds = async () => (await page.locator('[data-testid^="run-row-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('run-row-'.length))));
async function savedRuns(): Promise<RunRecord[]> {
  // The save is asynchronous: wait until the file holds as many runs as the table shows.
  const shown = (await rowIds()).length;
  await menuOf(page, 'file', 'save');
  await expect.poll(() => (JSON.parse(readFileSync(savePath, 'utf8')) as { runs?: RunRecord[] }).runs?.length ?? 0, { timeout: 15_000 }).toBe(shown);
  return (JSON.parse(readFileSync(savePath, 'utf8')) as { runs: RunRecord[] }).runs;
}
async function train(expectRuns: number) {
  await byTestId('tab-training').click();
  await byTestId('train-start').click();
  await byTestId('tab-experiments').click();
  await byTestId('exp-tab-runs').click();
  await expect.poll(async () => (await rowIds()).length, { timeout: 180_000, interval: 500 }).toBe(expectRuns);
}

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await newFromTemplate(page, 'lenet5');
  await byTestId('tab-training').click();
  await byTestId('training-panel').waitFor();
  await byTestId('ts-backend').selectOption('wasm');
  await commit('ts-batchSize', '32');
  await commit('ts-epochs', '2');
  await commit('train-limit', '400');
  await menuOf(page, 'file', 'saveAs');
  await byTestId('path-input').fill(savePath);
  await byTestId('path-ok').click();
  await byTestId('notice-info').filter({ hasText: savePath }).first().waitFor();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('Runs and Compare', () => {
  it('the empty Runs view says where runs come from', async () => {
    await byTestId('tab-experiments').click();
    await byTestId('exp-tab-runs').click();
    await expect.poll(() => byTestId('runs-empty').textContent()).toMatch(/Training tab/);
  });

  it('two runs appear; star and note persist in the saved file', async () => {
    await train(1);
    await train(2);
    const [newest] = await rowIds();
    await byTestId(`run-star-${newest}`).click();
    await commit(`run-notes-${newest}`, 'second try');
    await savedRuns();
    // The file may first hold the save written with the run's weights (its project was clean), then File → Save's.
    const inFile = () => (JSON.parse(readFileSync(savePath, 'utf8')) as { runs: RunRecord[] }).runs.find((x) => x.id === newest);
    await expect.poll(() => inFile()?.starred, { timeout: 15_000 }).toBe(true);
    expect(inFile()?.notes).toBe('second try');
  }, 400_000);

  it('sorting by val accuracy orders the rows by the numbers', async () => {
    const runs = await savedRuns();
    const acc = new Map(runs.map((r) => [r.id, r.metrics.valAccuracy ?? -1]));
    await byTestId('runs-sort-valAccuracy').click();
    const desc = await rowIds();
    expect(desc.map((id) => acc.get(id))).toEqual([...desc.map((id) => acc.get(id)!)].sort((a, b) => b - a));
    await byTestId('runs-sort-valAccuracy').click();
    const asc = await rowIds();
    expect(asc.map((id) => acc.get(id))).toEqual([...asc.map((id) => acc.get(id)!)].sort((a, b) => a - b));
    await byTestId('runs-sort-startedAt').click();
  });

  it('a run after widening C1 trains another graph, and Compare marks what differs and draws C1 changed', async () => {
    await byTestId('node-C1').click();
    await commit('param-filters', '8');
    await train(3);
    const runs = await savedRuns();
    expect(runs[2].graphHash).not.toBe(runs[0].graphHash);
    expect(runs[1].graphHash).toBe(runs[0].graphHash);
    await byTestId(`run-select-${runs[0].id}`).check();
    await byTestId(`run-select-${runs[2].id}`).check();
    await page.screenshot({ path: screenshotPath('runs-1280.png') });
    await byTestId('runs-compare').click();
    await byTestId('compare-table').waitFor();
    for (const [key, differs] of [['graph', 'true'], ['params', 'true'], ['optimizer', 'false'], ['batchSize', 'false'], ['seed', 'false']])
      expect(await byTestId(`compare-row-${key}`).getAttribute('data-differs')).toBe(differs);
    expect(await byTestId(`compare-other-graph-${runs[2].id}`).isVisible()).toBe(true);
    await byTestId('diff-node-C1').waitFor();
    expect(await byTestId('diff-node-C1').getAttribute('data-status')).toBe('changed');
    expect(await byTestId('diff-node-C1').textContent()).toMatch(/filters: 6 → 8/);
    await page.screenshot({ path: screenshotPath('compare-1280.png') });
  }, 240_000);

  it('a re-run of the first run repeats its per-epoch losses exactly', async () => {
    await byTestId('exp-tab-runs').click();
    const first = (await savedRuns())[0];
    await byTestId(`run-rerun-${first.id}`).click();
    await expect.poll(async () => (await rowIds()).length, { timeout: 180_000, interval: 500 }).toBe(4);
    const runs = await savedRuns();
    const again = runs[3];
    expect(again.graphHash).toBe(first.graphHash);
    expect(again.epochs.map((e) => e.loss)).toEqual(first.epochs.map((e) => e.loss));
  }, 240_000);

  it('Delete asks first, then removes the row and its folder', async () => {
    const runs = await savedRuns();
    const victim = runs[1];
    const folder = path.join(workDir, 'lenet.runs', victim.id);
    expect(existsSync(folder)).toBe(true);
    await byTestId(`run-delete-${victim.id}`).click();
    await byTestId(`run-delete-no-${victim.id}`).click();
    expect(await rowIds()).toContain(victim.id);
    await byTestId(`run-delete-${victim.id}`).click();
    await byTestId(`run-delete-yes-${victim.id}`).click();
    await expect.poll(rowIds, { timeout: 15_000 }).not.toContain(victim.id);
    await expect.poll(() => existsSync(folder), { timeout: 15_000 }).toBe(false);
  }, 60_000);
});
