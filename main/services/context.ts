// What every service handler receives: the caller's event sink and the host's folders.
// Handlers return their value or throw; HostFailure carries a code the UI can act on.
import type { z } from 'zod';
import type { ChannelName, Channels, EventName, EventPayload } from '../../src/contract';
import path from 'node:path';
import { isWithin, realPathLoose } from '../security/realPath';

/** Native file dialogs; present only in Electron (web mode has the UI's own path prompt). */
export interface NativeDialogs {
  openFile(opts: { title?: string; filters?: { name: string; extensions: string[] }[]; directory?: boolean }): Promise<{ canceled: boolean; path?: string }>;
  saveFile(opts: { title?: string; defaultPath?: string; filters?: { name: string; extensions: string[] }[] }): Promise<{ canceled: boolean; path?: string }>;
}

export interface HandlerContext {
  /** Sends a progress event to the window that made the call. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Folders the user opened (project folders, dataset folders); shared and mutable for the session. */
  allowedRoots: string[];
  /** Bundled resources (templates, sample data). */
  resourcesDir: string;
  /** Per-user app data (recent list, caches). */
  userDataDir: string;
  dialogs?: NativeDialogs;
}

export type Handler<C extends ChannelName> = (
  req: z.output<Channels[C]['request']>,
  ctx: HandlerContext,
) => Promise<z.input<Channels[C]['response']>>;

export type Handlers = { [C in ChannelName]?: Handler<C> };

/** Type helper for a service module's `handlers` export. */
export const defineHandlers = <H extends Handlers>(h: H): H => h;

/** A failure the caller should see as-is: `code` is stable, `message` says what was wrong and what to do. */
export class HostFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostFailure';
  }
}

/** Records a folder the user chose, so later reads inside it are allowed. */
export function allowRoot(ctx: Pick<HandlerContext, 'allowedRoots'>, dir: string): void {
  const abs = path.resolve(dir);
  if (!ctx.allowedRoots.includes(abs)) ctx.allowedRoots.push(abs);
}

/**
 * True when `p` lies inside one of the allowed folders, symlinks resolved on both sides (a link inside a
 * root that points out of it is outside). main/security/pathGuard.ts `confinePath` throws the message.
 */
export function isInsideAllowedRoots(ctx: Pick<HandlerContext, 'allowedRoots'>, p: string): boolean {
  if (typeof p !== 'string' || p.includes('\0')) return false;
  const real = realPathLoose(p);
  return ctx.allowedRoots.some((root) => isWithin(realPathLoose(root), real));
}
