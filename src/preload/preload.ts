/**
 * The preload of every Watchroom window. It runs sandboxed and exposes exactly one object,
 * `window.watchroom`, whose functions are built from the contract: one per method, plus event and
 * connection subscriptions. Nothing generic (no raw channel access, no ipcRenderer event objects)
 * reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { z } from 'zod';
import { buildWatchroomApi } from './build-api';

// The page's CSP forbids eval; without this zod probes `new Function` and the probe is reported as a violation.
z.config({ jitless: true });

const api = buildWatchroomApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  // Only the message goes on: the IpcRendererEvent (with its sender) must never reach the page.
  listen: (channel, listener) => {
    ipcRenderer.on(channel, (_event, message: unknown) => listener(message));
  },
  send: (channel) => ipcRenderer.send(channel),
});

contextBridge.exposeInMainWorld('watchroom', api);
