// The one way into the host: channel → zod-checked request → handler → zod-checked response → HostResult.
// Electron IPC, the web host and tests all call this, so every transport enforces the same contract.
import type { z } from 'zod';
import type { ChannelDef, HostResult } from '../../src/contract/define';
import { HostFailure, type HandlerContext, type HandlersFor } from '../services/context';

export type Dispatch = (channel: string, rawRequest: unknown, ctx: HandlerContext) => Promise<HostResult<unknown>>;

/** "graph.nodes.3.id: Invalid input: expected string, received number" — names the field that failed. */
export function describeZodError(error: z.ZodError, root: string): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${[root, ...i.path.map(String)].join('.')}: ${i.message}`)
    .join('; ');
}

/**
 * A dispatcher for `channels`, with a handler for every one of them (a missing one does not compile). The
 * channel name arrives as a string from outside, so the lookups are by string and answer unknown names.
 */
export function createDispatcher<Ch extends Record<string, ChannelDef>>(channels: Ch, handlers: HandlersFor<Ch>): Dispatch {
  const defs: Record<string, ChannelDef> = channels;
  // By name from here on; `any`: each request is checked against its own channel's schema before its handler runs.
  const table: Record<string, (req: any, ctx: HandlerContext) => Promise<unknown>> = handlers;
  return async (channel, rawRequest, ctx) => {
    const def = Object.hasOwn(defs, channel) ? defs[channel] : undefined;
    if (!def) return { ok: false, error: { code: 'unknown-channel', message: `No channel named "${channel}" — check the contract in src/contract.` } };
    // Unreachable through the types; kept for a handler map built at run time.
    const handler = Object.hasOwn(table, channel) ? table[channel] : undefined;
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
