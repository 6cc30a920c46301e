// The web host as the browser sees it: page + token, CSP, calls from the page, and refusal of other origins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, collectErrors } from './helpers/browser';

let host: E2EHost;
let browser: Browser;
beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('web host in a browser', () => {
  it('loads the app with the token and answers calls from the page (binary included)', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const response = await page.goto(host.url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForFunction(() => document.getElementById('root')?.childElementCount);
    const result = await page.evaluate(async (token) => {
      const r = await fetch('/api/invoke/project.recent', { method: 'POST', headers: { 'x-cnn-token': token, 'Content-Type': 'application/json' }, body: '{}' });
      return r.json();
    }, host.token);
    expect(result).toEqual({ ok: true, value: { items: [] } });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is cross-origin isolated (SharedArrayBuffer available for wasm threads)', async () => {
    const page = await browser.newPage();
    await page.goto(host.url);
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    await page.close();
  });

  it('refuses a page from another origin that knows the token', async () => {
    // A stand-in for a malicious site on another local port.
    const evil = http.createServer((_req, res) => res.end('<!doctype html><title>evil</title>'));
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    const page = await browser.newPage();
    await page.goto(evilUrl);
    const outcome = await page.evaluate(
      async ({ origin, token }) => {
        try {
          const r = await fetch(`${origin}/api/invoke/project.recent`, { method: 'POST', headers: { 'x-cnn-token': token }, body: '{}' });
          return `status ${r.status}`;
        } catch (e) {
          return `blocked: ${(e as Error).name}`;
        }
      },
      { origin: host.origin, token: host.token },
    );
    expect(outcome).toMatch(/^blocked/);
    await page.close();
    await new Promise((r) => evil.close(r));
  });

  it('shows 403 for the page without its token', async () => {
    const page = await browser.newPage();
    const response = await page.goto(host.origin + '/');
    expect(response?.status()).toBe(403);
    expect(await page.textContent('body')).toContain('?token=');
    await page.close();
  });
});
