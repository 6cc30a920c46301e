// The web host: the Electron main's services over HTTP on 127.0.0.1, for running the app in a browser.
// Defences: loopback only; a random per-run token on every request (header for the API, ?token= then a
// SameSite cookie for the page and its assets); Host/Origin must be this server (DNS rebinding);
// static files confined to the renderer folder.
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
/** Requests larger than this are refused; datasets travel as paths, so 1 GiB covers any weights upload. */
export const MAX_BODY_BYTES = 1024 * 1024 * 1024;

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

function readBody(req: http.IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (c: Buffer) => {
      total += c.length;
      if (total > MAX_BODY_BYTES) {
        reject(new Error('too-large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      // One fresh buffer at offset 0, so typed arrays in the frame can be viewed in place.
      const out = new Uint8Array(total);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    });
    req.on('error', reject);
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

  async function invoke(channel: string, req: http.IncomingMessage, res: http.ServerResponse) {
    let request: unknown;
    try {
      const body = await readBody(req);
      request = body.length ? decodeMessage(body) : undefined;
    } catch (e) {
      const tooLarge = e instanceof Error && e.message === 'too-large';
      const result = { ok: false, error: { code: tooLarge ? 'too-large' : 'bad-request', message: tooLarge ? `The request is larger than ${MAX_BODY_BYTES / 2 ** 20} MB.` : `The request body could not be decoded (${e instanceof Error ? e.message : e}).` } };
      res.writeHead(tooLarge ? 413 : 400, { 'Content-Type': 'application/json', ...SECURITY_HEADERS });
      return res.end(JSON.stringify(result));
    }
    const clientId = req.headers[CLIENT_HEADER] as string | undefined;
    const result = await opts.dispatch(channel, request, contextFor(clientId));
    const enc = encodeMessage(result);
    res.writeHead(200, { 'Content-Type': enc.contentType, 'Content-Length': String(enc.body.byteLength), 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
    res.end(enc.body);
  }

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
