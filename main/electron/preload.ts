// The only bridge between the sandboxed page and the host: invoke a contract channel, listen to a
// contract event. No Node, no ipcRenderer, no arbitrary channel reaches the page (main/security/bridge.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { channels, events } from '../../src/contract';
import { createBridge } from '../security/bridge';

contextBridge.exposeInMainWorld('cnn', createBridge(ipcRenderer, Object.keys(channels), Object.keys(events)));
