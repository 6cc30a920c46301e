// The renderer's way to the host. In Electron: the preload bridge `window.cnn` (IPC, typed arrays travel
// natively). In a browser: fetch to the web host with the per-run token from the page URL, events over SSE.
// Either way a failure arrives as HostCallError with the host's code and message.
import type { ChannelName, EventName, EventPayload, HostResult, Req, Res } from '../../src/contract';
import { decodeMessage, decodeText, encodeMessage } from '../../src/contract/wire';

export class HostCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly channel?: string,
  ) {
    super(message);
    this.name = 'HostCallError';
  }
}

/** What the Electron preload exposes (see main/electron/preload.ts). */
export interface CnnBridge {
  invoke(channel: string, request: unknown): Promise<HostResult<unknown>>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    cnn?: CnnBridge;
  }
}

export interface HostClient {
  readonly mode: 'electron' | 'web';
  invoke<C extends ChannelName>(channel: C, request: Req<C>): Promise<Res<C>>;
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
}

const unwrap = (channel: string, r: HostResult<unknown>) => {
  if (r.ok) return r.value;
  throw new HostCallError(r.error.code, r.error.message, channel);
};

export function createBridgeClient(bridge: CnnBridge): HostClient {
  return {
    mode: 'electron',
    invoke: async (channel, request) => unwrap(channel, await bridge.invoke(channel, request)) as any,
    on: (event, cb) => bridge.on(event, cb as (p: unknown) => void),
  };
}

export interface WebClientOptions {
  /** Origin of the web host, e.g. http://127.0.0.1:5173 ('' = this page's origin). */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
}

export function createWebClient(opts: WebClientOptions): HostClient {
  const doFetch = opts.fetch ?? fetch.bind(globalThis);
  const clientId = globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2);
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let source: EventSource | undefined;
  let ready: Promise<void> = Promise.resolve();

  function connectEvents() {
    if (source || typeof EventSource === 'undefined') return;
    const url = `${opts.baseUrl}/api/events?token=${encodeURIComponent(opts.token)}&client=${encodeURIComponent(clientId)}`;
    source = new EventSource(url);
    // Calls wait for the stream to open, so progress events of a call are never emitted before it exists.
    ready = new Promise<void>((resolve) => {
      source!.addEventListener('open', () => resolve(), { once: true });
      setTimeout(resolve, 3000);
    });
    source.addEventListener('message', (m) => {
      const { event, payload } = decodeText((m as MessageEvent<string>).data) as { event: string; payload: unknown };
      for (const cb of listeners.get(event) ?? []) cb(payload);
    });
  }

  return {
    mode: 'web',
    async invoke(channel, request) {
      await ready;
      const enc = encodeMessage(request);
      let response: Response;
      try {
        response = await doFetch(`${opts.baseUrl}/api/invoke/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': enc.contentType, 'x-cnn-token': opts.token, 'x-cnn-client': clientId },
          body: enc.body as BodyInit,
        });
      } catch {
        throw new HostCallError('host-unreachable', 'The CNN Studio host is not running — start it again with `npm run web`.', channel);
      }
      if (response.status === 403)
        throw new HostCallError('forbidden', 'The host refused the call (wrong or missing token) — reopen the URL printed by `npm run web`.', channel);
      const result = decodeMessage(new Uint8Array(await response.arrayBuffer())) as HostResult<unknown>;
      return unwrap(channel, result) as any;
    },
    on(event, cb) {
      connectEvents();
      const set = listeners.get(event) ?? new Set();
      set.add(cb as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(cb as (p: unknown) => void);
    },
  };
}

const TOKEN_KEY = 'cnn-studio-token';

/** The token from ?token= (kept in sessionStorage so in-app navigation and reloads keep working). */
function pageToken(): string {
  const fromUrl = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('token') : null;
  try {
    if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return fromUrl ?? ''; // workers have no sessionStorage
  }
}

function createDefaultClient(): HostClient {
  if (typeof window !== 'undefined' && window.cnn) return createBridgeClient(window.cnn);
  return createWebClient({ baseUrl: '', token: pageToken() });
}

let current: HostClient | undefined;
const client = () => (current ??= createDefaultClient());

/** The app's host client, chosen on first use. */
export const host: HostClient = {
  get mode() {
    return client().mode;
  },
  invoke: (channel, request) => client().invoke(channel, request),
  on: (event, cb) => client().on(event, cb),
};
