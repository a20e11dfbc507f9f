/**
 * Sandboxed preload (bundled into one CommonJS file). Exposes only named functions built from the
 * contract — `window.goOffline.env.check(args)` — and a progress subscription; never ipcRenderer.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildRawApi } from '../../shared/ipc/api';
import { channelNames, PROGRESS_EVENT } from '../../shared/ipc/contract';
import type { Envelope } from '../../shared/ipc/define';
import type { Progress } from '../../shared/progress';

const api = buildRawApi(
  channelNames,
  (name, args) => ipcRenderer.invoke(name, args) as Promise<Envelope<unknown>>,
  (listener) => {
    const wrapped = (_e: IpcRendererEvent, p: Progress) => listener(p);
    ipcRenderer.on(PROGRESS_EVENT, wrapped);
    return () => {
      ipcRenderer.removeListener(PROGRESS_EVENT, wrapped);
    };
  },
  'electron',
);

contextBridge.exposeInMainWorld('goOffline', api);
