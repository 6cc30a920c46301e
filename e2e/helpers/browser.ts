// Headless Chromium for e2e: the system browser (/usr/bin/chromium) driven by playwright-core, with
// WebGPU on SwiftShader's Vulkan (no GPU in CI) and no background network traffic.
import { chromium, type Browser, type Page, type ConsoleMessage } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--disable-dev-shm-usage',
];

export const hasChromium = () => existsSync(CHROMIUM_PATH);

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!hasChromium()) throw new Error(`No Chromium at ${CHROMIUM_PATH} — install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Collects page errors and console errors, so a spec can assert the page ran cleanly. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** The window size the workbench is designed and screenshotted for (issue #14: nothing below a fold). */
export const WORKBENCH_VIEWPORT = { width: 1280, height: 800 };

/** A page on the app at `url` (1400×1000 unless told), confirming its dialogs and collecting its errors. */
export async function openApp(browser: Browser, url: string, viewport = { width: 1400, height: 1000 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors = collectErrors(page);
  page.on('dialog', (d) => void d.accept());
  await page.goto(url);
  return { page, errors };
}

/** Clicks a menu bar entry, e.g. menu(page, 'file', 'save-as'). */
export async function menu(page: Page, group: string, action: string): Promise<void> {
  await page.getByTestId(`menu-${group}`).click();
  await page.getByTestId(`menu-${action}`).click();
}

/** File → New from a template, waiting for the chooser to close. */
export async function newFromTemplate(page: Page, templateId: string): Promise<void> {
  await menu(page, 'file', 'new');
  await page.getByTestId(`template-${templateId}`).click();
  await page.getByTestId('template-chooser').waitFor({ state: 'detached' });
}

/**
 * A short LeNet-5 run from the Training tab (Adam, lr 0.003, batch 32, `epochs` epochs on the first `limit`
 * digits), waiting until its results' confusion matrix shows.
 */
export async function trainBriefly(page: Page, { limit, epochs = 1, timeout = 180_000 }: { limit: number; epochs?: number; timeout?: number }): Promise<void> {
  await page.getByTestId('tab-training').click();
  await page.getByTestId('training-panel').waitFor();
  await page.getByTestId('ts-backend').selectOption('auto');
  await page.getByTestId('ts-batchSize').fill('32');
  await page.getByTestId('ts-optimizer').selectOption('adam');
  await page.getByTestId('ts-learningRate').fill('0.003');
  await page.getByTestId('ts-epochs').fill(String(epochs));
  await page.getByTestId('train-limit').fill(String(limit));
  await page.getByTestId('train-start').click();
  await page.getByTestId('confusion-matrix').waitFor({ timeout });
}

/** Maximises (or restores) the bottom panel with its ⤢ button, then lets the layout settle. */
export async function setPanelMaximised(page: Page, on: boolean): Promise<void> {
  const button = page.getByTestId('panel-maximise');
  if ((await button.getAttribute('aria-pressed')) !== String(on)) await button.click();
  await page.waitForTimeout(300);
}
