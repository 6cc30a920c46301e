// The main process's single IPC entry ('cnn:invoke') as a pure function: the sender frame must be one of
// the app's own pages and the channel a string; then the contract dispatch validates the request.
import type { HostResult } from '../../src/contract/define';
import type { Dispatch } from '../transport/dispatch';
import type { HandlerContext } from '../services/context';
import { isAppUrl } from './windowPolicy';

/** The parts of Electron's IpcMainInvokeEvent the gate reads. */
export interface InvokeEventLike<S = unknown> {
  senderFrame?: { url: string } | null;
  sender: S;
}

export interface InvokeGateOptions<S> {
  dispatch: Dispatch;
  contextFor(sender: S): HandlerContext;
  devServerUrl?: string;
}

export function createInvokeHandler<S>(opts: InvokeGateOptions<S>) {
  return async (event: InvokeEventLike<S>, channel: unknown, request: unknown): Promise<HostResult<unknown>> => {
    // A frame that navigated elsewhere (or an injected iframe) has another URL: it gets no services.
    if (!isAppUrl(event.senderFrame?.url, opts.devServerUrl))
      return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from the app’s own pages.' } };
    if (typeof channel !== 'string') return { ok: false, error: { code: 'bad-request', message: 'Channel must be a string.' } };
    return opts.dispatch(channel, request, opts.contextFor(event.sender));
  };
}
