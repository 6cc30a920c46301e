// The one way into the host: channel → zod-checked request → handler → zod-checked response → HostResult.
// Electron IPC, the web host and tests all call this, so every transport enforces the same contract.
import type { z } from 'zod';
import type { ChannelDef, HostResult } from '../../src/contract/define';
import { HostFailure, type HandlerContext } from '../services/context';

type AnyHandler = (req: any, ctx: HandlerContext) => Promise<unknown>;
export type Dispatch = (channel: string, rawRequest: unknown, ctx: HandlerContext) => Promise<HostResult<unknown>>;

/** "graph.nodes.3.id: Invalid input: expected string, received number" — names the field that failed. */
export function describeZodError(error: z.ZodError, root: string): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${[root, ...i.path.map(String)].join('.')}: ${i.message}`)
    .join('; ');
}

export function createDispatcher(channels: Record<string, ChannelDef>, handlers: Record<string, AnyHandler | undefined>): Dispatch {
  return async (channel, rawRequest, ctx) => {
    const def = Object.hasOwn(channels, channel) ? channels[channel] : undefined;
    if (!def) return { ok: false, error: { code: 'unknown-channel', message: `No channel named "${channel}" — check the contract in src/contract.` } };
    const handler = Object.hasOwn(handlers, channel) ? handlers[channel] : undefined;
    if (!handler) return { ok: false, error: { code: 'not-implemented', message: `"${channel}" is not available in this host yet.` } };
    const req = def.request.safeParse(rawRequest);
    if (!req.success) return { ok: false, error: { code: 'bad-request', message: `Bad request for ${channel}: ${describeZodError(req.error, 'request')}` } };
    let value: unknown;
    try {
      value = await handler(req.data, ctx);
    } catch (e) {
      if (e instanceof HostFailure) return { ok: false, error: { code: e.code, message: e.message } };
      const message = e instanceof Error ? e.message : String(e);
      return { ok: false, error: { code: 'internal', message: `${channel} failed: ${message}` } };
    }
    const res = def.response.safeParse(value);
    if (!res.success) return { ok: false, error: { code: 'bad-response', message: `${channel} produced an invalid response: ${describeZodError(res.error, 'response')}` } };
    return { ok: true, value: res.data };
  };
}
