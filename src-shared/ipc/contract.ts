import type { CommandName } from '../app-contract/commands';

export type { IpcResult, SokhanApi } from '../app-contract/api';

/** The Electron IPC channel of each command: one channel per command, so main and preload cannot drift apart. */
export function commandChannel(name: CommandName): string {
  return `sokhan:${name}`;
}

/** Main → renderer: every core event on one channel. */
export const EVENT_CHANNEL = 'sokhan:event';
/** Renderer → main: the MessagePort that carries microphone frames. */
export const AUDIO_PORT_CHANNEL = 'sokhan:audio-port';
