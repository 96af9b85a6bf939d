import { BrowserWindow, ipcMain, type MessagePortMain } from 'electron';
import { COMMAND_NAMES } from '../../src-shared/app-contract/commands';
import { AUDIO_PORT_CHANNEL, commandChannel, EVENT_CHANNEL } from '../../src-shared/ipc/contract';
import type { AppCore } from '../app/app-core-types';
import { handleIpc, isTrustedSender } from './ipc';
import { isAppUrl, type AppOrigin } from './trust-policy';

/**
 * Adapts the app core to Electron IPC and nothing else: one handler per command (sender checked, payload validated
 * by the core), every core event to the app's windows, and microphone frames on a MessagePort (not one IPC
 * message per frame).
 */
export function setupCoreBridge(core: AppCore, origin: AppOrigin): () => void {
  for (const name of COMMAND_NAMES)
    handleIpc(commandChannel(name), origin, (_event, payload) => core.handle(name, payload));

  const unsubscribe = core.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      // Only the app's own page hears what was said and what it cost.
      if (!contents.isDestroyed() && isAppUrl(contents.getURL(), origin)) contents.send(EVENT_CHANNEL, event);
    }
  });

  ipcMain.on(AUDIO_PORT_CHANNEL, (event) => {
    const [port] = event.ports;
    if (!port) return;
    if (!isTrustedSender(event, origin)) {
      port.close();
      return;
    }
    listenForAudio(port, core);
  });

  return unsubscribe;
}

/** Feeds every Int16 frame that arrives on the port to the core. */
function listenForAudio(port: MessagePortMain, core: AppCore): void {
  port.on('message', ({ data }) => {
    const pcm = toInt16(data);
    if (pcm) core.pushAudio(pcm);
  });
  port.start();
}

/** Frames arrive as Int16Array (structured clone); anything else is not audio and is dropped. */
export function toInt16(data: unknown): Int16Array | null {
  if (data instanceof Int16Array) return data;
  if (data instanceof ArrayBuffer && data.byteLength % 2 === 0) return new Int16Array(data);
  if (ArrayBuffer.isView(data) && data.byteLength % 2 === 0) {
    return new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  }
  return null;
}
