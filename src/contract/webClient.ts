// The host client both transports share: in Electron the preload bridge `window.cnn` (IPC, typed arrays travel
// natively); in a browser, fetch to the web host with the per-run token, events over SSE. Pure: the runtime's
// fetch and EventSource are looked up structurally (or passed in), so Node tests and the bench use the very
// client the renderer uses. Either way a failure arrives as HostCallError with the host's code and message.
import type { ChannelName, EventName, EventPayload, HostResult, Req, Res } from './index';
import { decodeMessage, decodeText, encodeMessage } from './wire';

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

export interface HostClient {
  readonly mode: 'electron' | 'web';
  invoke<C extends ChannelName>(channel: C, request: Req<C>): Promise<Res<C>>;
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
}

/** The part of fetch the client uses (the browser's, Node's, or a test's). */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: Uint8Array<ArrayBuffer> },
) => Promise<{ status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

/** The part of EventSource the client uses (absent in Node: calls still work, events don't arrive). */
interface EventSourceLike {
  addEventListener(type: 'open' | 'message', cb: (ev: { data?: unknown }) => void, opts?: { once?: boolean }): void;
}
type EventSourceConstructor = new (url: string) => EventSourceLike;

const runtime = globalThis as unknown as {
  fetch?: FetchLike;
  EventSource?: EventSourceConstructor;
  crypto?: { randomUUID?: () => string };
  setTimeout: (f: () => void, ms: number) => unknown;
};

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
  fetch?: FetchLike;
  EventSource?: EventSourceConstructor;
}

export function createWebClient(opts: WebClientOptions): HostClient {
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => runtime.fetch!(url, init));
  const EventSourceImpl = opts.EventSource ?? runtime.EventSource;
  const clientId = runtime.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2);
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let source: EventSourceLike | undefined;
  let ready: Promise<void> = Promise.resolve();

  function connectEvents() {
    if (source || !EventSourceImpl) return;
    const url = `${opts.baseUrl}/api/events?token=${encodeURIComponent(opts.token)}&client=${encodeURIComponent(clientId)}`;
    const opened = new EventSourceImpl(url);
    source = opened;
    // Calls wait for the stream to open, so progress events of a call are never emitted before it exists.
    ready = new Promise<void>((resolve) => {
      opened.addEventListener('open', () => resolve(), { once: true });
      runtime.setTimeout(resolve, 3000);
    });
    opened.addEventListener('message', (m) => {
      const { event, payload } = decodeText(String(m.data)) as { event: string; payload: unknown };
      for (const cb of listeners.get(event) ?? []) cb(payload);
    });
  }

  return {
    mode: 'web',
    async invoke(channel, request) {
      await ready;
      const enc = encodeMessage(request);
      let response: Awaited<ReturnType<FetchLike>>;
      try {
        response = await doFetch(`${opts.baseUrl}/api/invoke/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': enc.contentType, 'x-cnn-token': opts.token, 'x-cnn-client': clientId },
          body: enc.body,
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
