// Quantised export from the Export tab: LeNet-5 trained briefly in the app, exported as ONNX int8 (calibrated on
// 200 training digits by the host), then the size and validation accuracy before/after the tab shows — checked
// against the file itself in onnxruntime-node — and screenshotted for the README (screenshot-quantize.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, menu, newFromTemplate, openApp, setPanelMaximised, trainBriefly, WORKBENCH_VIEWPORT } from './helpers/browser';
import { screenshotPath } from './helpers/screenshots';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];
const workDir = mkdtempSync(path.join(tmpdir(), 'cnn-quantize-e2e-'));

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await newFromTemplate(page, 'lenet5');
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('Export tab: quantised exports', () => {
  it('offers each format only the quantisations it can carry', async () => {
    await page.getByTestId('tab-export').click();
    await page.getByTestId('export-panel').waitFor();
    await page.getByTestId('export-format-pytorch').check();
    expect(await page.getByTestId('export-quantize').count()).toBe(0);
    await page.getByTestId('export-format-tfjs').check();
    expect(await page.getByTestId('export-quantize').locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['none', 'float16', 'uint8']);
    await page.getByTestId('export-format-onnx').check();
    expect(await page.getByTestId('export-quantize').locator('input[type=radio]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['none', 'float16', 'int8']);
    expect(await page.getByTestId('export-run').isDisabled()).toBe(true); // not trained yet
  });

  it('exports int8 ONNX and shows size and accuracy before/after, as the file measures', { timeout: 300_000 }, async () => {
    await menu(page, 'file', 'saveAs');
    await page.getByTestId('path-input').fill(path.join(workDir, 'lenet.cnnproj'));
    await page.getByTestId('path-ok').click();
    await page.getByTestId('notice-info').filter({ hasText: 'lenet.cnnproj' }).first().waitFor();
    await trainBriefly(page, { limit: 2000 });
    await page.getByTestId('tab-export').click();
    await page.getByTestId('export-format-onnx').check();
    await page.getByTestId('export-quantize-int8').check();
    expect(await page.getByTestId('export-calibration').inputValue()).toBe('200');
    const outDir = path.join(workDir, 'lenet-int8');
    await page.getByTestId('export-folder').fill(outDir);
    await page.getByTestId('export-run').click();
    await page.getByTestId('export-result').or(page.getByTestId('export-error')).waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('export-error').count()).toBe(0);
    const table = page.getByTestId('export-measurement');
    await table.waitFor();
    const text = await table.innerText();
    expect(text).toContain('2000 validation images of the embedded MNIST');
    const size = await page.getByTestId('export-measurement-size').innerText();
    const file = path.join(outDir, 'lenet-5.onnx');
    expect(existsSync(file)).toBe(true);
    const percent = Number(/([\d.]+)% of float32/.exec(size)![1]);
    expect(percent).toBeLessThanOrEqual(30);
    const [before, after] = [...(await page.getByTestId('export-measurement-accuracy').innerText()).matchAll(/([\d.]+)%/g)].map((m) => Number(m[1]));
    expect(before).toBeGreaterThan(50); // trained: the comparison means something
    expect(Math.abs(after - before)).toBeLessThanOrEqual(1);
    // The file is a QDQ model onnxruntime runs.
    const session = await ort.InferenceSession.create(readFileSync(file));
    expect(session.outputNames).toEqual(['probabilities']);
    await session.release();
    expect(statSync(file).size).toBeGreaterThan(50_000);
    for (const close of await page.getByTestId('notice-info').locator('button').all()) await close.click(); // the Save As notice
    await setPanelMaximised(page, true);
    await page.getByTestId('export-panel').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('screenshot-quantize.png') });
    expect(errors).toEqual([]);
  });
});
