import type { BilingualMessage } from '../bilingual';
import type { ChunkRef, CommandName, CommandPayload } from './commands';
import type { AppEvent, RequestAction } from './events';
import type { CommandResults } from './views';
import type { SettingKey } from '../settings/settings-schema';

/** Errors cross a host boundary as values, never as thrown stack traces. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: string; message: BilingualMessage };

/** How a host carries commands, events and audio; each host (Electron preload, WebSocket client) provides one. */
export interface HostTransport {
  invoke(name: CommandName, payload: unknown): Promise<IpcResult<unknown>>;
  /** Subscribes to the core's events; returns the unsubscribe function. */
  subscribe(listener: (event: AppEvent) => void): () => void;
  /** 16 kHz mono Int16 PCM from the microphone, in order. */
  sendAudio(pcm: Int16Array): void;
}

/** The one object the renderer talks to; it never knows which host is behind it. */
export interface SokhanApi {
  startDictation(): Promise<IpcResult<CommandResults['dictation.start']>>;
  stopDictation(): Promise<IpcResult<CommandResults['dictation.stop']>>;
  cancelDictation(): Promise<IpcResult<CommandResults['dictation.cancel']>>;
  sendAnyway(chunk: ChunkRef): Promise<IpcResult<CommandResults['dictation.sendAnyway']>>;
  retryChunk(chunk: ChunkRef): Promise<IpcResult<CommandResults['dictation.retry']>>;
  /** Asks the window or the host to act (what a hotkey or the tray does); the window hears it as a `request` event. */
  request(action: RequestAction): Promise<IpcResult<CommandResults['app.request']>>;
  lastTranscript(): Promise<IpcResult<CommandResults['transcript.last']>>;
  usageSummary(): Promise<IpcResult<CommandResults['usage.summary']>>;
  appInfo(): Promise<IpcResult<CommandResults['app.info']>>;
  getSettings(): Promise<IpcResult<CommandResults['settings.get']>>;
  setSetting(key: SettingKey, value: unknown): Promise<IpcResult<CommandResults['settings.set']>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
  sendAudio(pcm: Int16Array): void;
}

/** Builds the named-method API over a host's transport (the preload and the browser client both use this). */
export function createSokhanApi(transport: HostTransport): SokhanApi {
  const call = <K extends CommandName>(name: K, payload: CommandPayload<K>) =>
    transport.invoke(name, payload) as Promise<IpcResult<CommandResults[K]>>;
  return {
    startDictation: () => call('dictation.start', {}),
    stopDictation: () => call('dictation.stop', {}),
    cancelDictation: () => call('dictation.cancel', {}),
    sendAnyway: (chunk) => call('dictation.sendAnyway', chunk),
    retryChunk: (chunk) => call('dictation.retry', chunk),
    request: (action) => call('app.request', { action }),
    lastTranscript: () => call('transcript.last', {}),
    usageSummary: () => call('usage.summary', {}),
    appInfo: () => call('app.info', {}),
    getSettings: () => call('settings.get', {}),
    setSetting: (key, value) => call('settings.set', { key, value }),
    onEvent: (listener) => transport.subscribe(listener),
    sendAudio: (pcm) => transport.sendAudio(pcm),
  };
}
