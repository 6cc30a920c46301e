// One typed contract between processes: channel → zod request/response schemas → handler.
// The Electron main process, the web host and the CLI serve the same channels; a message that fails
// its schema never reaches a handler.
import type { z } from 'zod';

export interface ChannelDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
}

export const defineChannels = <T extends Record<string, ChannelDef>>(c: T): T => c;
export const defineEvents = <T extends Record<string, z.ZodType>>(e: T): T => e;

/** Every failed call reaches the caller as this value, never as a raw exception. */
export interface HostError {
  code: string;
  message: string;
}
export type HostResult<T> = { ok: true; value: T } | { ok: false; error: HostError };
