// The only bridge between the sandboxed page and the host: invoke a contract channel, listen to a
// contract event. No Node, no ipcRenderer, no arbitrary channel reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channels, events } from '../../src/contract';

const channelNames = new Set(Object.keys(channels));
const eventNames = new Set(Object.keys(events));

contextBridge.exposeInMainWorld('cnn', {
  invoke(channel: string, request: unknown) {
    if (!channelNames.has(channel))
      return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: `No channel named "${channel}".` } });
    return ipcRenderer.invoke('cnn:invoke', channel, request);
  },
  on(event: string, cb: (payload: unknown) => void) {
    if (!eventNames.has(event)) throw new Error(`No event named "${event}".`);
    const listener = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) cb(payload);
    };
    ipcRenderer.on('cnn:event', listener);
    return () => {
      ipcRenderer.removeListener('cnn:event', listener);
    };
  },
});
