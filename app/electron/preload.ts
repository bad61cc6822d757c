// The renderer's only door to the lab: exactly the LabApi methods and the event stream, each an IPC
// call on its own channel. Nothing of Node or of ipcRenderer itself reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, ipcChannel, LAB_METHODS, type LabEvent, type LabMethod, type LabResult } from '../contract/lab-api.ts';

type Bridge = Record<LabMethod, (...args: unknown[]) => Promise<LabResult<unknown>>>;

const api = Object.fromEntries(LAB_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(ipcChannel(method), ...args)])) as Bridge;

contextBridge.exposeInMainWorld('bnlab', {
  api,
  onEvent(listener: (event: LabEvent) => void): () => void {
    const forward = (_event: IpcRendererEvent, data: LabEvent) => listener(data);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => ipcRenderer.off(EVENT_CHANNEL, forward);
  },
});
