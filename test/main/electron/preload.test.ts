import { describe, expect, it, vi } from 'vitest';
import { AUDIO_PORT_CHANNEL, commandChannel, EVENT_CHANNEL } from '../../../src-shared/ipc/contract';
import type { SokhanApi } from '../../../src-shared/ipc/contract';

const exposed: Record<string, unknown> = {};
const posted: Array<{ channel: string; ports: MessagePort[] }> = [];
const invoked: Array<[string, unknown]> = [];
const rendererListeners = new Map<string, Set<(...args: unknown[]) => void>>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    postMessage: (channel: string, _message: unknown, ports: MessagePort[]) => posted.push({ channel, ports }),
    invoke: async (channel: string, payload: unknown) => {
      invoked.push([channel, payload]);
      return { ok: true, value: null };
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set());
      rendererListeners.get(channel)!.add(listener);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
      rendererListeners.get(channel)?.delete(listener),
  },
}));

await import('../../../src-main/electron/preload');
const api = exposed.sokhan as SokhanApi;

describe('the preload exposes named methods only', () => {
  it('maps each method to its command channel with the payload', async () => {
    expect(Object.keys(api).sort()).toEqual([
      'apiKeyStatus',
      'appInfo',
      'cancelDictation',
      'clearApiKey',
      'deleteTranscript',
      'deleteUsageHistory',
      'discardWaitingAudio',
      'exportUsage',
      'getSettings',
      'historyPage',
      'importUsage',
      'lastTranscript',
      'listWaitingAudio',
      'onEvent',
      'request',
      'resetUsage',
      'retryChunk',
      'sendAnyway',
      'sendAudio',
      'sendWaitingAudio',
      'setApiKey',
      'setSetting',
      'setSettingText',
      'startDictation',
      'stopDictation',
      'testApiKey',
      'usageDaily',
      'usageSessions',
      'usageSnapshot',
      'usageSummary',
    ]);
    await api.sendAnyway({ sessionId: 's1', index: 3 });
    await api.setSetting('uiLanguage', 'en');
    await api.request('toggle');
    expect(invoked).toEqual([
      [commandChannel('dictation.sendAnyway'), { sessionId: 's1', index: 3 }],
      [commandChannel('settings.set'), { key: 'uiLanguage', value: 'en' }],
      [commandChannel('app.request'), { action: 'toggle' }],
    ]);
  });

  it('event subscriptions return a working unsubscribe', () => {
    const seen: unknown[] = [];
    const unsubscribe = api.onEvent((event) => seen.push(event));
    const fire = (event: unknown) => rendererListeners.get(EVENT_CHANNEL)?.forEach((l) => l({}, event));
    fire({ type: 'state', state: 'idle', sessionId: null });
    unsubscribe();
    fire({ type: 'state', state: 'listening', sessionId: 's' });
    expect(seen).toEqual([{ type: 'state', state: 'idle', sessionId: null }]);
  });

  it('sends audio on the MessagePort it handed to main, not as IPC messages', async () => {
    const [{ channel, ports }] = posted;
    expect(channel).toBe(AUDIO_PORT_CHANNEL);
    const received = new Promise<unknown>((resolve) => {
      ports[0].onmessage = (message) => resolve(message.data);
    });
    api.sendAudio(new Int16Array([5, 6, 7]));
    expect([...((await received) as Int16Array)]).toEqual([5, 6, 7]);
    ports[0].close();
    expect(invoked.some(([c]) => c.includes('audio'))).toBe(false);
  });
});
