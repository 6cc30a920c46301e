// What every service handler receives: the caller's event sink and the host's folders.
// Handlers return their value or throw; HostFailure carries a code the UI can act on.
import type { z } from 'zod';
import type { ChannelDef, Channels, EventName, EventPayload } from '../../src/contract';
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
  /** Renders a self-contained HTML page to PDF bytes; present only in Electron (Chromium's printToPDF). */
  printPdf?: (html: string) => Promise<Uint8Array>;
}

/**
 * A handler for every channel of `Ch`, none optional: a channel the contract gained without a handler is a type
 * error where the map is written, not a 'not-implemented' answer at run time.
 */
export type HandlersFor<Ch extends Record<string, ChannelDef>> = {
  [C in keyof Ch]: (req: z.output<Ch[C]['request']>, ctx: HandlerContext) => Promise<z.input<Ch[C]['response']>>;
};

/** The whole contract's handlers, as every host serves them. */
export type Handlers = HandlersFor<Channels>;

/**
 * A service module's handlers: one for each channel of its contract area (`area`, e.g. datasetChannels), each
 * request and response typed from the area's schemas; a missing channel or one outside the area does not compile.
 */
export const defineHandlers = <Ch extends Record<string, ChannelDef>>(_area: Ch, handlers: NoInfer<HandlersFor<Ch>>): HandlersFor<Ch> => handlers;

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
