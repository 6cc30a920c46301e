// A 2×2 grid sweep (learning rate × C1's filters) on LeNet-5, 200 digits, 1 epoch: cancelled after the first
// trial, resumed, all four trials end as runs with sweep info; the user's graph and settings come back after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenshotPath } from './helpers/screenshots';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, newFromTemplate, openApp, WORKBENCH_VIEWPORT, setPanelMaximised } from './helpers/browser';

let host: E2EHost;
let browser: Browser;
let page: Page;
const byTestId = (id: string) => page.getByTestId(id);
async function commit(id: string, value: string) {
  await byTestId(id).fill(value);
  await byTestId(id).press('Enter');
}
const finishedRows = () => page.locator('[data-testid^="sweep-result-"]:not([data-status="pending"])').count();

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await newFromTemplate(page, 'lenet5');
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('Sweeps', () => {
  it('runs a grid sweep, cancels, resumes, and gives the user their graph back', async () => {
    await byTestId('tab-training').click();
    await byTestId('training-panel').waitFor();
    await commit('ts-epochs', '1');
    await commit('ts-learningRate', '0.003');
    await commit('train-limit', '200');
    await byTestId('tab-experiments').click();
    await byTestId('exp-tab-sweeps').click();
    await byTestId('sweep-add-axis').click();
    await byTestId('sweep-axis-0-values').fill('0.001,0.01');
    await byTestId('sweep-add-axis').click();
    await byTestId('sweep-axis-1-kind').selectOption('param');
    await byTestId('sweep-axis-1-node').selectOption('C1');
    await byTestId('sweep-axis-1-param').selectOption('filters');
    await byTestId('sweep-axis-1-values').fill('4,6.5');
    await expect.poll(() => byTestId('sweep-error').textContent()).toContain('whole number');
    await byTestId('sweep-axis-1-values').fill('4,6');
    await expect.poll(() => byTestId('sweep-count').textContent()).toBe('4 trials');
    await page.screenshot({ path: screenshotPath('sweep-form.png') });
    await byTestId('sweep-start').click();
    await expect.poll(finishedRows, { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
    await byTestId('sweep-cancel').click();
    await byTestId('sweep-resume').waitFor({ timeout: 60_000 });
    await byTestId('sweep-resume').click();
    await expect.poll(finishedRows, { timeout: 150_000, interval: 1000 }).toBe(4);
    await expect.poll(() => byTestId('sweep-resume').count()).toBe(0);
    expect(await byTestId('sweep-parcoords').locator('polyline').count()).toBe(4);
    // Maximised, as a user reads a results table and chart: the whole chart in view.
    await setPanelMaximised(page, true);
    await page.screenshot({ path: screenshotPath('sweep-results.png') });
    await setPanelMaximised(page, false);
    await byTestId('exp-tab-runs').click();
    expect(await page.locator('[data-testid^="run-row-"]').count()).toBeGreaterThanOrEqual(4);
    // The trials trained their own graphs: the canvas still has the user's C1 (6 filters), and the runs record theirs.
    expect(await page.locator('.react-flow__node[data-id="C1"]').first().innerText()).toContain('6 @ 5×5');
    await byTestId('tab-training').click();
    expect(await byTestId('ts-learningRate').inputValue()).toBe('0.003');
  }, 280_000);
});
