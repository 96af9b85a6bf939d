import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, type SokhanApi } from '../../src-shared/ipc/contract';

// The renderer gets these functions and nothing else: no ipcRenderer, no Node.
const api: SokhanApi = {
  usageSummary: () => ipcRenderer.invoke(IPC_CHANNELS.usageSummary),
  appInfo: () => ipcRenderer.invoke(IPC_CHANNELS.appInfo),
};

contextBridge.exposeInMainWorld('sokhan', api);
