import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createSokhanApi } from '../../src-shared/app-contract/api';
import type { AppEvent } from '../../src-shared/app-contract/events';
import { AUDIO_PORT_CHANNEL, commandChannel, EVENT_CHANNEL } from '../../src-shared/ipc/contract';

// Microphone frames go to main over their own port: one IPC message per 40 ms frame would crowd the command channel.
const audio = new MessageChannel();
ipcRenderer.postMessage(AUDIO_PORT_CHANNEL, null, [audio.port2]);

// The renderer gets these named functions and nothing else: no ipcRenderer, no Node.
contextBridge.exposeInMainWorld(
  'sokhan',
  createSokhanApi({
    invoke: (name, payload) => ipcRenderer.invoke(commandChannel(name), payload),
    subscribe: (listener) => {
      const forward = (_event: IpcRendererEvent, appEvent: AppEvent) => listener(appEvent);
      ipcRenderer.on(EVENT_CHANNEL, forward);
      return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    },
    sendAudio: (pcm) => audio.port1.postMessage(pcm),
  }),
);
