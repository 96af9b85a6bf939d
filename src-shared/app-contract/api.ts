import type { BilingualMessage } from '../bilingual';
import type { ChunkRef, CommandName, CommandPayload } from './commands';
import type { AppEvent, RequestAction } from './events';
import type { CommandResults, UsagePeriodView } from './views';
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
  usageSnapshot(): Promise<IpcResult<CommandResults['usage.snapshot']>>;
  /** Zeroes one counter; the history and the ledger are kept. */
  resetUsage(period: UsagePeriodView): Promise<IpcResult<CommandResults['usage.reset']>>;
  usageDaily(days: number): Promise<IpcResult<CommandResults['usage.daily']>>;
  /** Deletes all usage history for good (the window asks twice before calling this). */
  deleteUsageHistory(): Promise<IpcResult<CommandResults['usage.deleteHistory']>>;
  usageSessions(page: number, pageSize: number): Promise<IpcResult<CommandResults['usage.sessions']>>;
  exportUsage(
    format: 'csv' | 'json',
    range?: { from?: string; to?: string },
  ): Promise<IpcResult<CommandResults['usage.export']>>;
  importUsage(
    kind: 'export' | 'legacy',
    text: string,
    lastModified: number,
  ): Promise<IpcResult<CommandResults['usage.import']>>;
  appInfo(): Promise<IpcResult<CommandResults['app.info']>>;
  apiKeyStatus(): Promise<IpcResult<CommandResults['apiKey.status']>>;
  testApiKey(): Promise<IpcResult<CommandResults['apiKey.test']>>;
  /** Hands the core a key the person typed; the answer (like every other) holds only its last four characters. */
  setApiKey(key: string, remember: boolean): Promise<IpcResult<CommandResults['apiKey.set']>>;
  clearApiKey(): Promise<IpcResult<CommandResults['apiKey.clear']>>;
  historyPage(query: string, page: number, pageSize: number): Promise<IpcResult<CommandResults['history.list']>>;
  /** Deletes one dictation's transcript (the window confirms first); its cost stays in the ledger. */
  deleteTranscript(sessionId: string): Promise<IpcResult<CommandResults['history.delete']>>;
  getSettings(): Promise<IpcResult<CommandResults['settings.get']>>;
  setSetting(key: SettingKey, value: unknown): Promise<IpcResult<CommandResults['settings.set']>>;
  /** Changes one setting from typed text, read as `sokhan config set` reads it (Persian digits, "none", "$5"). */
  setSettingText(key: SettingKey, text: string): Promise<IpcResult<CommandResults['settings.setText']>>;
  /** Audio waiting in the spool (failed, budget-blocked, left by a crash), priced. */
  listWaitingAudio(): Promise<IpcResult<CommandResults['spool.list']>>;
  /** Sends waiting chunks now; `sendAnyway` is the person's consent to pass a spent budget. */
  sendWaitingAudio(ids: ChunkRef[], sendAnyway?: boolean): Promise<IpcResult<CommandResults['spool.send']>>;
  /** Deletes waiting chunks for good (after the window's confirmation). */
  discardWaitingAudio(ids: ChunkRef[]): Promise<IpcResult<CommandResults['spool.discard']>>;
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
    usageSnapshot: () => call('usage.snapshot', {}),
    resetUsage: (period) => call('usage.reset', { period }),
    usageDaily: (days) => call('usage.daily', { days }),
    deleteUsageHistory: () => call('usage.deleteHistory', { confirm: true }),
    usageSessions: (page, pageSize) => call('usage.sessions', { page, pageSize }),
    exportUsage: (format, range) => call('usage.export', { format, ...range }),
    importUsage: (kind, text, lastModified) => call('usage.import', { kind, text, lastModified }),
    appInfo: () => call('app.info', {}),
    apiKeyStatus: () => call('apiKey.status', {}),
    testApiKey: () => call('apiKey.test', {}),
    setApiKey: (key, remember) => call('apiKey.set', { key, remember }),
    clearApiKey: () => call('apiKey.clear', {}),
    historyPage: (query, page, pageSize) => call('history.list', { query, page, pageSize }),
    deleteTranscript: (sessionId) => call('history.delete', { sessionId }),
    getSettings: () => call('settings.get', {}),
    setSetting: (key, value) => call('settings.set', { key, value }),
    setSettingText: (key, text) => call('settings.setText', { key, text }),
    listWaitingAudio: () => call('spool.list', {}),
    sendWaitingAudio: (ids, sendAnyway) => call('spool.send', { ids, ...(sendAnyway ? { sendAnyway } : {}) }),
    discardWaitingAudio: (ids) => call('spool.discard', { ids }),
    onEvent: (listener) => transport.subscribe(listener),
    sendAudio: (pcm) => transport.sendAudio(pcm),
  };
}
