// The web host: the Electron main's services over HTTP on 127.0.0.1, for running the app in a browser.
// Defences: loopback only; a random per-run token on every request (header for the API, ?token= then a
// SameSite cookie for the page and its assets); Host/Origin must be this server (DNS rebinding);
// static files confined to the renderer folder; request bodies capped per channel (413, refused on the
// Content-Length before a byte is read, or as soon as a streamed body passes the cap) and given a deadline
// (408), so a huge or trickled body costs neither memory nor a connection held for minutes.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Dispatch } from '../transport/dispatch';
import type { HandlerContext } from '../services/context';
import { decodeMessage, encodeMessage, encodeText } from '../../src/contract/wire';
import { mimeOf, resolveStaticFile } from './staticFiles';
import { SECURITY_HEADERS, securityHeadersFor } from './securityHeaders';
import { defaultWorkspaceRoots } from '../security/pathGuard';
import { assertLoopbackHost } from '../security/loopback';

export const TOKEN_HEADER = 'x-cnn-token';
export const CLIENT_HEADER = 'x-cnn-client';
/**
 * The largest body any call may send: a weights upload ('train.saveWeights'; VGG-16's trained weights are
 * ~553 MB). Datasets travel as paths, so nothing else comes near it.
 */
export const MAX_BODY_BYTES = 1024 * 1024 * 1024;
/** Every other call sends a document, a graph or a path: a 500-node project is well under 1 MB. */
export const DEFAULT_BODY_LIMIT = 64 * 1024 * 1024;
/** Channels allowed more than DEFAULT_BODY_LIMIT. */
// Both carry a model's weights (export.run: the session's, not yet saved), up to VGG-16's 553 MB.
export const BODY_LIMITS: Readonly<Record<string, number>> = { 'train.saveWeights': MAX_BODY_BYTES, 'export.run': MAX_BODY_BYTES };
/**
 * A body must arrive within this, plus 1 s per BODY_MIN_RATE bytes it declares (a 553 MB upload: 30 s + 35 s);
 * loopback moves hundreds of MB a second, so only a stalled or trickling sender runs into it.
 */
export const BODY_TIMEOUT_MS = 30_000;
export const BODY_MIN_RATE = 16 * 1024 * 1024;
/** A body that stops arriving for this long is abandoned as well. */
export const BODY_IDLE_MS = 10_000;

export interface WebHostOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Built renderer (index.html + assets); absent: only the API is served. */
  rendererDir?: string;
  userDataDir: string;
  resourcesDir: string;
  dispatch: Dispatch;
  token?: string;
  /** Folders services may touch; absent: the user's home and temp folders (see SECURITY.md). */
  allowedRoots?: string[];
  /** Only loopback addresses are accepted (127.0.0.1 default); anything else is refused at start. */
  bindHost?: string;
  /** Body limits and deadlines (tests make them small); defaults are the constants above. */
  bodyLimits?: { default?: number; byChannel?: Record<string, number>; timeoutMs?: number; idleMs?: number; minRate?: number };
}

export interface WebHost {
  /** The page URL including the token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const sameToken = (a: string | undefined | null, b: string) =>
  typeof a === 'string' && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** Why a body was not read: too large for its channel, too slow, or the sender went away. */
class BodyError extends Error {
  constructor(
    readonly kind: 'too-large' | 'timeout' | 'aborted',
    message: string,
  ) {
    super(message);
  }
}

const megabytes = (n: number) => `${Math.round(n / 2 ** 20).toLocaleString('en-US')} MB`;

interface BodyRules {
  limit: number;
  channel: string;
  timeoutMs: number;
  idleMs: number;
  minRate: number;
}

/**
 * The request body as one fresh buffer at offset 0 (typed arrays in the frame are viewed in place). A declared
 * Content-Length over the limit is refused before reading; a streamed body as soon as it passes the limit.
 * With a Content-Length the buffer is allocated once and filled, so a body costs its size once, not twice.
 */
function readBody(req: http.IncomingMessage, rules: BodyRules): Promise<Uint8Array> {
  const tooLarge = (size: string) => new BodyError('too-large', `This request (${size}) is larger than the ${megabytes(rules.limit)} a ${rules.channel} call may send.`);
  const declared = req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) : undefined;
  if (declared !== undefined && declared > rules.limit) return Promise.reject(tooLarge(megabytes(declared)));
  return new Promise((resolve, reject) => {
    const deadlineMs = rules.timeoutMs + Math.ceil(((declared ?? 0) / rules.minRate) * 1000);
    const fixed = declared !== undefined && Number.isSafeInteger(declared) ? new Uint8Array(declared) : undefined;
    let chunks: Buffer[] = [];
    let total = 0;
    const fail = (e: BodyError) => {
      cleanup();
      chunks = [];
      reject(e);
    };
    const overall = setTimeout(() => fail(new BodyError('timeout', `The request body did not arrive within ${Math.round(deadlineMs / 1000)} s — the sender stalled or is too slow.`)), deadlineMs);
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => fail(new BodyError('timeout', `The request body stopped arriving for ${Math.round(rules.idleMs / 1000)} s.`)), rules.idleMs);
    };
    armIdle();
    const onData = (c: Buffer) => {
      armIdle();
      if (total + c.length > rules.limit || (fixed && total + c.length > fixed.length)) return fail(tooLarge(`over ${megabytes(rules.limit)}`));
      if (fixed) fixed.set(c, total);
      else chunks.push(c);
      total += c.length;
    };
    const onEnd = () => {
      cleanup();
      if (fixed) return resolve(total === fixed.length ? fixed : fixed.subarray(0, total));
      const out = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      chunks = [];
      resolve(out);
    };
    const onAborted = () => fail(new BodyError('aborted', 'The sender closed the connection before the request body was complete.'));
    const cleanup = () => {
      clearTimeout(overall);
      clearTimeout(idle);
      req.off('data', onData).off('end', onEnd).off('error', onAborted).off('aborted', onAborted);
    };
    req.on('data', onData).on('end', onEnd).on('error', onAborted).on('aborted', onAborted);
  });
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const allowedRoots = opts.allowedRoots ?? defaultWorkspaceRoots();
  const bindHost = assertLoopbackHost(opts.bindHost ?? '127.0.0.1');
  /** SSE streams by client id (one per browser tab); events go to the tab whose call emitted them. */
  const streams = new Map<string, Set<http.ServerResponse>>();
  let port = 0;
  const cookieName = () => `cnn_token_${port}`;

  const contextFor = (clientId: string | undefined): HandlerContext => ({
    allowedRoots,
    resourcesDir: opts.resourcesDir,
    userDataDir: opts.userDataDir,
    emit: (event, payload) => {
      const data = `event: message\ndata: ${encodeText({ event, payload })}\n\n`;
      const targets = clientId && streams.has(clientId) ? [streams.get(clientId)!] : [...streams.values()];
      for (const set of targets) for (const res of set) res.write(data);
    },
  });

  const deny = (res: http.ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end(message);
  };

  const server = http.createServer(async (req, res) => {
    try {
      const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
      if (!allowedHosts.includes(req.headers.host ?? ''))
        return deny(res, 403, 'Forbidden: unexpected Host header (open the URL printed by the host).');
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`))
        return deny(res, 403, 'Forbidden: cross-origin request.');
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

      if (url.pathname.startsWith('/api/')) {
        const given = (req.headers[TOKEN_HEADER] as string | undefined) ?? (url.pathname === '/api/events' ? url.searchParams.get('token') : null);
        if (!sameToken(given, token)) return deny(res, 403, 'Forbidden: missing or wrong token.');
        if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(url, res);
        const m = /^\/api\/invoke\/([A-Za-z0-9_.-]{1,100})$/.exec(url.pathname);
        if (m && req.method === 'POST') return await invoke(m[1], req, res);
        return deny(res, 404, 'Not found.');
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed.');
      const queryToken = url.searchParams.get('token');
      const cookieToken = cookieValue(req.headers.cookie, cookieName());
      if (!sameToken(queryToken, token) && !sameToken(cookieToken, token))
        return deny(res, 403, 'Forbidden: open the URL printed by `npm run web` (it includes ?token=…).');
      if (!opts.rendererDir) return deny(res, 404, 'This host serves no renderer — run `npm run build` first.');
      const file = await resolveStaticFile(opts.rendererDir, url.pathname);
      if (!file && url.pathname === '/favicon.ico') return res.writeHead(204, SECURITY_HEADERS).end(); // browsers ask unprompted
      if (!file) return deny(res, 404, 'Not found.');
      const headers: Record<string, string> = { 'Content-Type': mimeOf(file), 'Cache-Control': 'no-cache', ...securityHeadersFor(file) };
      if (sameToken(queryToken, token)) headers['Set-Cookie'] = `${cookieName()}=${token}; Path=/; HttpOnly; SameSite=Strict`;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch (e) {
      if (!res.headersSent) deny(res, 500, `Host error: ${e instanceof Error ? e.message : String(e)}`);
      else res.destroy();
    }
  });

  function openEventStream(url: URL, res: http.ServerResponse) {
    const client = url.searchParams.get('client') ?? 'default';
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', ...SECURITY_HEADERS });
    res.write(': connected\n\n');
    const set = streams.get(client) ?? new Set();
    set.add(res);
    streams.set(client, set);
    res.on('close', () => {
      set.delete(res);
      if (set.size === 0) streams.delete(client);
    });
  }

  const limits = {
    default: opts.bodyLimits?.default ?? DEFAULT_BODY_LIMIT,
    byChannel: { ...BODY_LIMITS, ...opts.bodyLimits?.byChannel },
    timeoutMs: opts.bodyLimits?.timeoutMs ?? BODY_TIMEOUT_MS,
    idleMs: opts.bodyLimits?.idleMs ?? BODY_IDLE_MS,
    minRate: opts.bodyLimits?.minRate ?? BODY_MIN_RATE,
  };

  /**
   * Answers a body that was not read. For 413 the rest of the body is read and discarded (no memory) so the
   * sender sees the answer instead of a reset connection — up to the body's deadline, then the socket is closed;
   * a timed-out or aborted sender's connection is closed at once.
   */
  function refuseBody(req: http.IncomingMessage, res: http.ServerResponse, e: BodyError, deadlineMs: number) {
    const status = e.kind === 'too-large' ? 413 : e.kind === 'timeout' ? 408 : 400;
    const code = e.kind === 'aborted' ? 'bad-request' : e.kind;
    const body = JSON.stringify({ ok: false, error: { code, message: e.message } });
    const closeNow = e.kind !== 'too-large';
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), ...(closeNow ? { Connection: 'close' } : {}), ...SECURITY_HEADERS });
    res.end(body, () => {
      if (closeNow) return req.socket.destroy();
      if (req.complete) return;
      const stop = setTimeout(() => req.socket.destroy(), deadlineMs);
      req.once('end', () => clearTimeout(stop)).once('close', () => clearTimeout(stop));
    });
    req.resume();
  }

  async function invoke(channel: string, req: http.IncomingMessage, res: http.ServerResponse) {
    let request: unknown;
    const rules: BodyRules = { limit: limits.byChannel[channel] ?? limits.default, channel, timeoutMs: limits.timeoutMs, idleMs: limits.idleMs, minRate: limits.minRate };
    let body: Uint8Array;
    try {
      body = await readBody(req, rules);
    } catch (e) {
      if (e instanceof BodyError) return refuseBody(req, res, e, rules.timeoutMs);
      throw e;
    }
    try {
      request = body.length ? decodeMessage(body) : undefined;
    } catch (e) {
      const result = { ok: false, error: { code: 'bad-request', message: `The request body could not be decoded (${e instanceof Error ? e.message : e}).` } };
      res.writeHead(400, { 'Content-Type': 'application/json', ...SECURITY_HEADERS });
      return res.end(JSON.stringify(result));
    }
    const clientId = req.headers[CLIENT_HEADER] as string | undefined;
    const result = await opts.dispatch(channel, request, contextFor(clientId));
    const enc = encodeMessage(result);
    res.writeHead(200, { 'Content-Type': enc.contentType, 'Content-Length': String(enc.body.byteLength), 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
    res.end(enc.body);
  }

  // Node's own backstops, beyond every body deadline above: headers must arrive in 20 s, a whole request in 3 min.
  server.headersTimeout = 20_000;
  server.requestTimeout = 180_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const set of streams.values()) for (const r of set) r.end();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
