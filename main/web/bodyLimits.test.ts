// Request body limits of the web host, over real sockets on 127.0.0.1: a body over its channel's cap is
// answered 413 (on the Content-Length before it is read, or as soon as a streamed body passes the cap), a
// trickling or stalled body 408, and the sender reads the JSON answer. Then a child host is sent 300 MB bodies
// and its peak memory (VmHWM) is read back: refused bodies cost nothing, an accepted one costs its size once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { z } from 'zod';
import { defineChannels } from '../../src/contract/define';
import { BytesSchema } from '../../src/contract/primitives';
import { createWebClient } from '../../src/contract/webClient';
import { encodeMessage } from '../../src/contract/wire';
import { createDispatcher } from '../transport/dispatch';
import { startWebHost, type WebHost } from './server';

const MiB = 2 ** 20;
const LIMIT = 1 * MiB;
const UPLOAD_LIMIT = 8 * MiB;
const TIMEOUT_MS = 600;
const IDLE_MS = 300;

const channels = defineChannels({
  'test.small': { request: z.object({ text: z.string() }), response: z.object({ n: z.number() }) },
  'test.upload': { request: z.object({ bytes: BytesSchema }), response: z.object({ n: z.number() }) },
});
const dispatch = createDispatcher(channels, {
  'test.small': async ({ text }) => ({ n: text.length }),
  'test.upload': async ({ bytes }) => ({ n: bytes.byteLength }),
});

let web: WebHost;
beforeAll(async () => {
  web = await startWebHost({
    userDataDir: tmpdir(),
    resourcesDir: tmpdir(),
    dispatch,
    // minRate: a declared byte buys no extra time here, so the deadline is TIMEOUT_MS whatever the size.
    bodyLimits: { default: LIMIT, byChannel: { 'test.upload': UPLOAD_LIMIT }, timeoutMs: TIMEOUT_MS, idleMs: IDLE_MS, minRate: Number.MAX_SAFE_INTEGER },
  });
});
afterAll(() => web?.close());

interface Answer {
  status: number;
  json: any;
  ms: number;
  /** Bytes of the body written before the answer came. */
  sentBefore: number;
}

/** POSTs `total` zero bytes in 64 KiB chunks (declared, or chunked when `declare` is false); resolves on the answer. */
function post(port: number, token: string, channel: string, total: number, declare: boolean, body?: Uint8Array): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string> = { 'x-cnn-token': token, 'Content-Type': 'application/octet-stream' };
    if (declare) headers['Content-Length'] = String(body?.byteLength ?? total);
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/api/invoke/${channel}`, headers }, (res) => {
      answered = true;
      const sentBefore = sent;
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c));
      res.on('end', () => {
        resolve({ status: res.statusCode!, json: JSON.parse(text), ms: performance.now() - started, sentBefore });
        req.destroy();
      });
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    if (body) return void req.end(body);
    const chunk = Buffer.alloc(64 * 1024);
    const pump = () => {
      while (!answered && sent < total) {
        const n = Math.min(chunk.length, total - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

/**
 * A raw socket that sends the headers of a call, then `bodyBytes` one every `everyMs` (0: none); resolves with
 * what came back when the host closes the connection, or `waitMs` after the first answer (keep-alive).
 */
function rawCall(channel: string, contentLength: number, bodyBytes: number, everyMs: number, waitMs = 5000): Promise<{ text: string; ms: number; closed: boolean }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(web.port, '127.0.0.1');
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    const done = (closed: boolean) => {
      clearInterval(timer);
      resolve({ text, ms: performance.now() - started, closed });
      socket.destroy();
    };
    socket.setEncoding('utf8').on('data', (c) => {
      if (!text) setTimeout(() => done(false), waitMs);
      text += c;
    });
    socket.on('error', reject);
    socket.on('close', () => done(true));
    socket.write(`POST /api/invoke/${channel} HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nx-cnn-token: ${web.token}\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`);
    let sent = 0;
    if (bodyBytes > 0) timer = setInterval(() => (sent++ < bodyBytes && !socket.destroyed ? socket.write(' ') : clearInterval(timer)), everyMs);
  });
}

const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

describe('request body limits', () => {
  it.each([
    ['the default cap', 'test.small', 2 * MiB, '1 MB'],
    ['a channel’s raised cap', 'test.upload', 9 * MiB, '8 MB'],
  ])('answers 413 to a Content-Length over %s before a byte of the body is sent', async (_name, channel, length, limit) => {
    const r = await rawCall(channel, length, 0, 0, 200);
    expect(r.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(bodyOf(r.text)).toEqual({ ok: false, error: { code: 'too-large', message: expect.stringContaining(`larger than the ${limit} a ${channel} call may send`) } });
    expect(r.ms).toBeLessThan(1000);
  });

  it.each([
    ['the default cap', 'test.small', '1 MB'],
    ['a channel’s raised cap', 'test.upload', '8 MB'],
  ])('answers 413 to a chunked body as it streams past %s, long before its end', async (_name, channel, limit) => {
    const total = 256 * MiB;
    const r = await post(web.port, web.token, channel, total, false);
    expect(r.status).toBe(413);
    expect(r.json).toEqual({ ok: false, error: { code: 'too-large', message: expect.stringContaining(`larger than the ${limit} a ${channel} call may send`) } });
    expect(r.sentBefore).toBeLessThan(total / 4);
  });

  it('keeps legitimate uploads working: 6 MB of weights through the web client, and small calls after a refusal', async () => {
    const client = createWebClient({ baseUrl: web.origin, token: web.token });
    const bytes = new Uint8Array(6 * MiB).fill(7);
    expect(await client.invoke('test.upload' as any, { bytes } as any)).toEqual({ n: 6 * MiB });
    const refused = await client.invoke('test.small' as any, { text: 'x'.repeat(2 * MiB) } as any).catch((e) => e);
    expect(refused).toMatchObject({ code: 'too-large', message: expect.stringMatching(/larger than the 1 MB a test\.small call may send/) });
    expect(await client.invoke('test.small' as any, { text: 'hello' } as any)).toEqual({ n: 5 });
  });

  it.each([
    ['trickles its body (1 byte every 100 ms)', 1000, 1000, 100, TIMEOUT_MS],
    ['stalls after 5 bytes', 1000, 5, 10, IDLE_MS],
    ['sends no body at all', 100, 0, 0, IDLE_MS],
  ])('answers 408 and closes the connection of a sender that %s', async (_name, length, bytes, every, expectedMs) => {
    const r = await rawCall('test.small', length, bytes, every);
    expect(r.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(r.text)).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(r.closed).toBe(true);
    expect(r.ms).toBeGreaterThanOrEqual(expectedMs - 50);
    expect(r.ms).toBeLessThan(expectedMs + 1500);
  });
});

// ── 300 MB against a child host with the real limits ──
const isLinux = process.platform === 'linux';
let dir: string;
let childJs: string;

async function withChildHost<T>(run: (h: { port: number; token: string; memory: () => Promise<{ peakBytes: number; rssBytes: number }> }) => Promise<T>): Promise<T> {
  const child: ChildProcess = spawn(process.execPath, [childJs], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout!.setEncoding('utf8').on('data', (c: string) => {
        buf += c;
        if (buf.includes('\n')) resolve(buf.slice(0, buf.indexOf('\n')));
      });
      child.on('exit', (code) => reject(new Error(`child host exited (${code})`)));
    });
    const { origin, port, token } = JSON.parse(line);
    const client = createWebClient({ baseUrl: origin, token });
    return await run({ port, token, memory: () => client.invoke('test.memory' as any, {} as any) as any });
  } finally {
    child.kill('SIGKILL');
  }
}

describe.skipIf(!isLinux)('a 300 MB body (child host, real limits)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'body-limits-'));
    childJs = path.join(dir, 'bodyLimitsChild.mjs');
    await build({ entryPoints: [path.join(import.meta.dirname, 'bodyLimitsChild.ts')], outfile: childJs, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const SIZE = 300 * 1000 * 1000;
  it.each([
    ['refused on its Content-Length', 'test.small', true, 413, 40],
    ['refused while streaming (chunked), at the 64 MB cap', 'test.small', false, 413, 140],
    ['accepted by a weights-sized channel, held once', 'test.upload', true, 200, 300 + 120],
  ])('%s: peak memory grows by at most the given MB', async (name, channel, declare, status, maxGrowthMb) => {
    await withChildHost(async ({ port, token, memory }) => {
      const before = await memory();
      const body = status === 200 ? encodeMessage({ bytes: new Uint8Array(SIZE) }).body : undefined;
      const r = await post(port, token, channel, SIZE, declare, body);
      expect(r.status, JSON.stringify(r.json)).toBe(status);
      if (status === 200) expect(r.json).toEqual({ ok: true, value: { n: SIZE } });
      const after = await memory();
      const growthMb = (after.peakBytes - before.peakBytes) / 1e6;
      console.log(`body limits: 300 MB ${name}: answered ${r.status} in ${r.ms.toFixed(0)} ms, host peak memory +${growthMb.toFixed(0)} MB`);
      expect(growthMb).toBeLessThan(maxGrowthMb);
    });
  });
});
