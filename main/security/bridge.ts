// What the preload exposes to the page (window.cnn), built from an ipcRenderer-like object so it is tested
// without Electron: only contract channels are forwarded, only contract events can be listened to.
import type { HostResult } from '../../src/contract/define';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: any[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: any[]) => void): unknown;
}

export interface CnnBridgeApi {
  invoke(channel: string, request: unknown): Promise<HostResult<unknown>>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

export function createBridge(ipc: IpcRendererLike, channelNames: Iterable<string>, eventNames: Iterable<string>): CnnBridgeApi {
  const channels = new Set(channelNames);
  const events = new Set(eventNames);
  return {
    invoke(channel, request) {
      if (typeof channel !== 'string' || !channels.has(channel))
        return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: `No channel named "${String(channel)}".` } });
      return ipc.invoke('cnn:invoke', channel, request) as Promise<HostResult<unknown>>;
    },
    on(event, cb) {
      if (typeof event !== 'string' || !events.has(event)) throw new Error(`No event named "${String(event)}".`);
      if (typeof cb !== 'function') throw new Error('The listener must be a function.');
      // The page never sees the IPC event object (it would expose `sender`), only the payload.
      const listener = (_e: unknown, name: string, payload: unknown) => {
        if (name === event) cb(payload);
      };
      ipc.on('cnn:event', listener);
      return () => {
        ipc.removeListener('cnn:event', listener);
      };
    },
  };
}
