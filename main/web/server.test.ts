import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { defineChannels } from '../../src/contract/define';
import { createDispatcher } from '../transport/dispatch';
import { HostFailure } from '../services/context';
import { startWebHost, type WebHost } from './server';
import { createWebClient, HostCallError } from '../../src/contract/webClient';

// A test contract: binary echo, an emitting call and a failing call, served by the real host.
const testChannels = defineChannels({
  'test.scale': {
    request: z.object({ w: z.instanceof(Float32Array), k: z.number() }),
    response: z.object({ w: z.instanceof(Float32Array), bytes: z.instanceof(Uint8Array) }),
  },
  'test.progress': { request: z.object({ steps: z.number().int() }), response: z.object({ done: z.boolean() }) },
  'test.fail': { request: z.object({}), response: z.object({}) },
});
const dispatch = createDispatcher(testChannels, {
  'test.scale': async ({ w, k }: { w: Float32Array; k: number }) => ({ w: w.map((x) => x * k), bytes: Uint8Array.from([1, 2, 3]) }),
  'test.progress': async ({ steps }: { steps: number }, ctx) => {
    for (let i = 1; i <= steps; i++) (ctx.emit as (e: string, p: unknown) => void)('test.step', { i, loss: i === steps ? NaN : 1 / i });
    return { done: true };
  },
  'test.fail': async () => {
    throw new HostFailure('not-found', 'There is no such thing — check the name.');
  },
});

let dir: string;
let web: WebHost;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'webhost-'));
  const renderer = path.join(dir, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>CNN Studio</title>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'SECRET');
  symlinkSync(path.join(dir, 'secret.txt'), path.join(renderer, 'link.txt'));
  web = await startWebHost({ rendererDir: renderer, userDataDir: dir, resourcesDir: dir, dispatch });
});
afterAll(async () => {
  await web?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request, so Host/Origin headers and odd paths go out exactly as written. */
function raw(pathname: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: web.port, path: pathname, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('web host', () => {
  it('listens on 127.0.0.1 only, with a long random token in the URL', () => {
    expect(web.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${web.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('serves the page with the token, sets a cookie for its assets and security headers', async () => {
    const page = await raw(`/?token=${web.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('CNN Studio');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect(cookie).toBe(`cnn_token_${web.port}=${web.token}`);
    const asset = await raw('/assets/app.js', { headers: { Cookie: cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
  });

  it.each([
    ['the page without a token', '/', {}, 403],
    ['the page with a wrong token', '/?token=wrong', {}, 403],
    ['an asset without the cookie', '/assets/app.js', {}, 403],
    ['the API without the token header', '/api/invoke/test.fail', { method: 'POST' }, 403],
    ['events without the token', '/api/events', {}, 403],
    ['the API with a wrong token of the right length', '/api/invoke/test.fail', { method: 'POST', headers: { 'x-cnn-token': 'x'.repeat(32) } }, 403],
    ['the API with the token only in the query', '/api/invoke/test.fail?token=TOKEN', { method: 'POST' }, 403],
  ])('refuses %s', async (_n, p, opts, status) => {
    expect((await raw(p.replace('TOKEN', web.token), opts as any)).status).toBe(status);
  });

  it.each([
    ['a foreign Host (DNS rebinding)', { Host: 'evil.example:PORT' }],
    ['a Host on another port', { Host: `127.0.0.1:1` }],
    ['a foreign Origin', { Origin: 'http://evil.example' }],
    ['a look-alike Host', { Host: 'localhost.evil.example:PORT' }],
    ['a Host with credentials', { Host: 'evil@127.0.0.1:PORT' }],
    ['the opaque Origin "null" (sandboxed iframe, file://)', { Origin: 'null' }],
    ['an https Origin on the same host and port', { Origin: 'https://127.0.0.1:PORT' }],
    ['an Origin on another port', { Origin: 'http://127.0.0.1:1' }],
  ])('refuses %s even with the token', async (_n, headers) => {
    const withPort = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('PORT', String(web.port))]));
    const r = await raw('/api/invoke/test.fail', { method: 'POST', headers: { 'x-cnn-token': web.token, ...withPort }, body: '{}' });
    expect(r.status).toBe(403);
  });

  it('accepts localhost:<port> and its own Origin', async () => {
    const r = await raw('/api/invoke/test.fail', {
      method: 'POST',
      headers: { 'x-cnn-token': web.token, Host: `localhost:${web.port}`, Origin: `http://localhost:${web.port}` },
      body: '{}',
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).error.code).toBe('not-found');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/link.txt', '/%00index.html'])(
    'does not serve %s from outside the renderer folder',
    async (p) => {
      const r = await raw(`${p}${p.includes('?') ? '&' : '?'}token=${web.token}`);
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('SECRET');
    },
  );

  it('carries typed arrays both ways through the renderer client', async () => {
    const client = createWebClient({ baseUrl: web.origin, token: web.token });
    const w = Float32Array.from({ length: 1000 }, (_, i) => i / 10);
    const r = (await client.invoke('test.scale' as any, { w, k: 2 } as any)) as any;
    expect(r.w).toBeInstanceOf(Float32Array);
    expect(Array.from(r.w.slice(0, 3))).toEqual([0, 0.2, 0.4].map((x) => Math.fround(x)));
    expect(r.w[999]).toBeCloseTo(199.8, 4);
    expect(Array.from(r.bytes)).toEqual([1, 2, 3]);
  });

  it('turns a failure into HostCallError with the host code, and a bad request into bad-request', async () => {
    const client = createWebClient({ baseUrl: web.origin, token: web.token });
    await expect(client.invoke('test.fail' as any, {} as any)).rejects.toMatchObject({ code: 'not-found', message: 'There is no such thing — check the name.' });
    const err = await client.invoke('test.scale' as any, { w: [1, 2], k: 2 } as any).catch((e) => e);
    expect(err).toBeInstanceOf(HostCallError);
    expect(err.code).toBe('bad-request');
    expect(err.message).toContain('request.w');
    const wrongToken = createWebClient({ baseUrl: web.origin, token: 'nope' });
    await expect(wrongToken.invoke('test.fail' as any, {} as any)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('streams a call’s events to its own client over SSE', async () => {
    const ac = new AbortController();
    const res = await fetch(`${web.origin}/api/events?token=${web.token}&client=tab1`, { signal: ac.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    const first = await reader.read(); // ": connected"
    text += new TextDecoder().decode(first.value);
    const call = await fetch(`${web.origin}/api/invoke/test.progress`, {
      method: 'POST',
      headers: { 'x-cnn-token': web.token, 'x-cnn-client': 'tab1', 'Content-Type': 'application/json' },
      body: JSON.stringify({ steps: 3 }),
    });
    expect(await call.json()).toEqual({ ok: true, value: { done: true } });
    while ((text.match(/^data: /gm) ?? []).length < 3) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    const { decodeText } = await import('../../src/contract/wire');
    const events = text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => decodeText(l.slice(6)));
    expect(events).toEqual([
      { event: 'test.step', payload: { i: 1, loss: 1 } },
      { event: 'test.step', payload: { i: 2, loss: 0.5 } },
      { event: 'test.step', payload: { i: 3, loss: NaN } },
    ]);
  });
});
